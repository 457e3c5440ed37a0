"""The play layer: a trainee's session, the engine that moves it, and taking a call.

The engine is the only module that imports `transitions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_session": ("Session", "Silenced", "Turn", "SESSION_FORMAT"),
    "_engine": ("Engine",),
    "_call": ("Closing", "Desk", "Script", "take_call", "keep_unrecorded", "fallback_folder",
        "match_answer", "read_answers", "reading_allowance", "EXIT_INTERRUPTED", "EXIT_UNRECORDED"),
    "_inputs": ("trainee_name", "trainee_key", "name_scripts", "check_seed", "MAX_NAME",
        "answers_text"),
    "_practice": ("replay_for_retry", "typing_allowance", "tidy_words"),
}
__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_UNRECORDED",
    "MAX_NAME",
    "SESSION_FORMAT",
    "Closing",
    "Desk",
    "Engine",
    "Script",
    "Session",
    "Silenced",
    "Turn",
    "answers_text",
    "check_seed",
    "fallback_folder",
    "keep_unrecorded",
    "match_answer",
    "name_scripts",
    "read_answers",
    "reading_allowance",
    "replay_for_retry",
    "take_call",
    "tidy_words",
    "trainee_key",
    "trainee_name",
    "typing_allowance",
]

if TYPE_CHECKING:
    from simulator.play._call import (
        EXIT_INTERRUPTED,
        EXIT_UNRECORDED,
        Closing,
        Desk,
        Script,
        fallback_folder,
        keep_unrecorded,
        match_answer,
        read_answers,
        reading_allowance,
        take_call,
    )
    from simulator.play._engine import Engine
    from simulator.play._inputs import (
        MAX_NAME,
        answers_text,
        check_seed,
        name_scripts,
        trainee_key,
        trainee_name,
    )
    from simulator.play._practice import replay_for_retry, tidy_words, typing_allowance
    from simulator.play._session import SESSION_FORMAT, Session, Silenced, Turn
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
