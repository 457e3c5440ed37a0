"""agentsim: a training simulator for contact-centre support agents.

The public surface: load a scenario, start an engine on it, play sessions.
"""

from __future__ import annotations

from simulator.engine import Engine
from simulator.errors import AgentsimError, ChoiceError, Diagnostic, ScenarioError
from simulator.loader import load_scenario
from simulator.model import Scenario
from simulator.session import Session, Turn

__version__ = "0.1.0"

__all__ = [
    "AgentsimError",
    "ChoiceError",
    "Diagnostic",
    "Engine",
    "Scenario",
    "ScenarioError",
    "Session",
    "Turn",
    "__version__",
    "load_scenario",
]
