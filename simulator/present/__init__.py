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
    "_screen": ("Debrief", "Screen", "dimension_name", "printable"),
    "_desk": ("Desk", "card_json", "unsaved_folder", "kept_folders"),
    "_report": ("render", "Links", "session_file", "trainee_files", "slug"),
    "_session_report": ("session_view",),
    "_trainee": ("trainee_view",),
    "_cohort": ("cohort_view",),
    "_floor": ("FloorRow", "FloorFunction", "random_floor", "judgement_floor", "kept_floor"),
    "_why": ("why_failed", "thinking_summary"),
    "_report_set": ("write_all", "resolve_trainee", "check_scenario", "cohort_report"),
    "_graph": ("mermaid", "dot"),
    "_advice": ("Advice", "advise", "advice_lines"),
    "_review": ("review_text", "note_line"),
    "_progress": ("Standing", "Suggestion", "standings", "what_next", "standing_lines",
        "suggestion_lines"),
    "_safe": ("safe", "safe_json", "has_control"),
}
__all__ = [
    "Advice",
    "Debrief",
    "Desk",
    "Explained",
    "Explainer",
    "FloorFunction",
    "FloorRow",
    "Links",
    "Screen",
    "Standing",
    "Suggestion",
    "Words",
    "advice_lines",
    "advise",
    "card_json",
    "check_scenario",
    "clock",
    "cohort_report",
    "cohort_view",
    "dimension_name",
    "dot",
    "has_control",
    "judgement_floor",
    "kept_floor",
    "kept_folders",
    "languages",
    "mermaid",
    "note_line",
    "printable",
    "random_floor",
    "render",
    "resolve_trainee",
    "review_text",
    "safe",
    "safe_json",
    "session_file",
    "session_view",
    "slug",
    "standing_lines",
    "standings",
    "suggestion_lines",
    "thinking_summary",
    "trainee_files",
    "trainee_view",
    "unsaved_folder",
    "what_next",
    "why_failed",
    "write_all",
]

if TYPE_CHECKING:
    from simulator.present._advice import Advice, advice_lines, advise
    from simulator.present._cohort import cohort_view
    from simulator.present._desk import Desk, card_json, kept_folders, unsaved_folder
    from simulator.present._findings import Explained, Explainer
    from simulator.present._floor import (
        FloorFunction,
        FloorRow,
        judgement_floor,
        kept_floor,
        random_floor,
    )
    from simulator.present._graph import dot, mermaid
    from simulator.present._progress import (
        Standing,
        Suggestion,
        standing_lines,
        standings,
        suggestion_lines,
        what_next,
    )
    from simulator.present._report import Links, render, session_file, slug, trainee_files
    from simulator.present._report_set import (
        check_scenario,
        cohort_report,
        resolve_trainee,
        write_all,
    )
    from simulator.present._review import note_line, review_text
    from simulator.present._safe import has_control, safe, safe_json
    from simulator.present._screen import Debrief, Screen, dimension_name, printable
    from simulator.present._session_report import session_view
    from simulator.present._trainee import trainee_view
    from simulator.present._why import thinking_summary, why_failed
    from simulator.present._words import Words, clock, languages
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
