"""agentsim: a training simulator for contact-centre support agents.

The public surface: load a scenario, start an engine on it, play sessions, score them.
Names are imported on first use, so `agentsim --help` starts without loading the engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "AgentsimError": "simulator.errors",
    "ChoiceError": "simulator.errors",
    "Diagnostic": "simulator.errors",
    "ScenarioError": "simulator.errors",
    "Engine": "simulator.engine",
    "Scenario": "simulator.model",
    "Session": "simulator.session",
    "Turn": "simulator.session",
    "Scorecard": "simulator.scoring",
    "load_scenario": "simulator.loader",
    "score": "simulator.scoring",
}

__all__ = [
    "AgentsimError",
    "ChoiceError",
    "Diagnostic",
    "Engine",
    "Scenario",
    "ScenarioError",
    "Scorecard",
    "Session",
    "Turn",
    "__version__",
    "load_scenario",
    "score",
]

if TYPE_CHECKING:
    from simulator.engine import Engine
    from simulator.errors import AgentsimError, ChoiceError, Diagnostic, ScenarioError
    from simulator.loader import load_scenario
    from simulator.model import Scenario
    from simulator.scoring import Scorecard, score
    from simulator.session import Session, Turn


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
