"""The presentation layer: the words of each language, the call in a terminal, the HTML
reports and the diagrams. It turns data (findings as keys and parameters, records, scores)
into what people read, in the language they ask for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_words": ("Words", "languages", "clock"),
    "_findings": ("Explainer", "Explained"),
    "_screen": ("Debrief", "Screen", "dimension_name"),
    "_desk": ("Desk", "card_json", "unsaved_folder"),
    "_report": ("render", "write_report", "Links", "session_file", "trainee_files", "slug"),
    "_session_report": ("session_view",),
    "_trainee": ("trainee_view",),
    "_cohort": ("cohort_view",),
    "_floor": ("FloorRow", "FloorFunction", "random_floor", "kept_floor"),
    "_why": ("why_failed", "thinking_summary"),
    "_report_set": ("write_all", "resolve_trainee", "check_scenario", "cohort_report"),
    "_graph": ("mermaid", "dot"),
}
__all__ = [
    "Debrief", "Desk", "Explained", "Explainer", "FloorFunction", "FloorRow", "Links", "Screen",
    "Words", "card_json", "check_scenario", "clock", "cohort_report", "cohort_view",
    "dimension_name", "dot", "kept_floor", "languages", "mermaid", "random_floor", "render",
    "resolve_trainee", "session_file", "session_view", "slug", "thinking_summary",
    "trainee_files", "trainee_view", "unsaved_folder", "why_failed", "write_all",
    "write_report",
]

if TYPE_CHECKING:
    from simulator.present._cohort import cohort_view
    from simulator.present._desk import Desk, card_json, unsaved_folder
    from simulator.present._findings import Explained, Explainer
    from simulator.present._floor import FloorFunction, FloorRow, kept_floor, random_floor
    from simulator.present._graph import dot, mermaid
    from simulator.present._report import (
        Links,
        render,
        session_file,
        slug,
        trainee_files,
        write_report,
    )
    from simulator.present._report_set import (
        check_scenario,
        cohort_report,
        resolve_trainee,
        write_all,
    )
    from simulator.present._screen import Debrief, Screen, dimension_name
    from simulator.present._session_report import session_view
    from simulator.present._trainee import trainee_view
    from simulator.present._why import thinking_summary, why_failed
    from simulator.present._words import Words, clock, languages
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
