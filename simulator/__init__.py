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
    "Engine": "simulator.play._engine",
    "Scenario": "simulator.scenario._model",
    "Session": "simulator.play._session",
    "Turn": "simulator.play._session",
    "Scorecard": "simulator.scoring._scorecard",
    "load_scenario": "simulator.scenario._loader",
    "score": "simulator.scoring._scorecard",
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
    from simulator.errors import AgentsimError, ChoiceError, Diagnostic, ScenarioError
    from simulator.play._engine import Engine
    from simulator.play._session import Session, Turn
    from simulator.scenario._loader import load_scenario
    from simulator.scenario._model import Scenario
    from simulator.scoring._scorecard import Scorecard, score


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
