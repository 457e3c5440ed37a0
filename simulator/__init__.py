"""agentsim: a training simulator for contact-centre support agents.

The public surface: load a scenario, start an engine on it, play sessions, score them.
Names are imported on first use, so `agentsim --help` starts without loading the engine.
The layers below (`scenario`, `play`, `scoring`, `records`, `present`) name their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

__version__ = "0.1.0"

_MODULES = {
    "errors": ("AgentsimError", "ChoiceError", "Diagnostic", "ScenarioError"),
    "play": ("Engine", "Session", "Turn"),
    "scenario": ("Scenario", "load_scenario"),
    "scoring": ("Scorecard", "score"),
}
__all__ = [
    "AgentsimError", "ChoiceError", "Diagnostic", "Engine", "Scenario", "ScenarioError",
    "Scorecard", "Session", "Turn", "load_scenario", "score",
]

if TYPE_CHECKING:
    from simulator.errors import AgentsimError, ChoiceError, Diagnostic, ScenarioError
    from simulator.play import Engine, Session, Turn
    from simulator.scenario import Scenario, load_scenario
    from simulator.scoring import Scorecard, score
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
