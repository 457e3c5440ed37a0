"""The play layer: a trainee's session, the engine that moves it, and taking a call.

The engine is the only module that imports `transitions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_session": ("Session", "Silenced", "Turn", "SESSION_FORMAT"),
    "_engine": ("Engine",),
    "_call": ("Closing", "Desk", "Script", "take_call", "keep_unrecorded", "match_answer",
        "read_answers", "reading_allowance", "EXIT_INTERRUPTED"),
    "_practice": ("replay_for_retry", "typing_allowance", "tidy_words"),
}
__all__ = [
    "EXIT_INTERRUPTED",
    "SESSION_FORMAT",
    "Closing",
    "Desk",
    "Engine",
    "Script",
    "Session",
    "Silenced",
    "Turn",
    "keep_unrecorded",
    "match_answer",
    "read_answers",
    "reading_allowance",
    "replay_for_retry",
    "take_call",
    "tidy_words",
    "typing_allowance",
]

if TYPE_CHECKING:
    from simulator.play._call import (
        EXIT_INTERRUPTED,
        Closing,
        Desk,
        Script,
        keep_unrecorded,
        match_answer,
        read_answers,
        reading_allowance,
        take_call,
    )
    from simulator.play._engine import Engine
    from simulator.play._practice import replay_for_retry, tidy_words, typing_allowance
    from simulator.play._session import SESSION_FORMAT, Session, Silenced, Turn
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
