"""What a plain Twine draft lacks, filled in so that it plays and `validate` can guide the
rest: ids from passage names and link texts, an outcome for each ending, a summary and a
caller, meters for the numbers it uses, and nothing that can never happen (passages no
link reaches, conditions on flags nothing sets). Each guess is a note for the trainer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from simulator.scenario._dump import Data
from simulator.scenario._fields import valid_id

Note = Callable[[str], None]

GUESSED_OUTCOME = "safe"
PLACEHOLDER_CUSTOMER = "(What does the customer say here?)"
PLACEHOLDER_ENDING = "(What became of the customer?)"


def slug(text: str, taken: Iterable[str] = (), words: int = 6) -> str:
    """An id made from words, unique among `taken`: "Where are you?" -> `where-are-you`."""
    found = re.findall(r"[a-z0-9]+", text.lower())[:words]
    base = "-".join(found)[:56].strip("-") or "passage"
    if not base[0].isalpha():
        base = "p-" + base
    taken = set(taken)
    candidate, number = base, 2
    while candidate in taken or not valid_id(candidate):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def passage_ids(names: Iterable[str]) -> dict[str, str]:
    """Each passage's id: its name when that is an id, else one made from it."""
    ids: dict[str, str] = {}
    names = list(names)
    for name in names:
        if valid_id(name):
            ids[name] = name
    for name in names:
        if name not in ids:
            ids[name] = slug(name, ids.values())
    return ids


def reachable(start: str, links: dict[str, list[str]]) -> list[str]:
    """The passages a player can reach from `start`, in the order they are found."""
    seen = [start]
    for node in seen:
        for target in links.get(node, ()):
            if target not in seen:
                seen.append(target)
    return seen


def top_level(doc: Data, title: str, scenario_id: str, note: Note) -> Data:
    """The required top-level keys a draft has no word for, guessed and noted."""
    filled: Data = {"format": 2, "id": scenario_id, "version": 1, "title": title or scenario_id}
    filled["summary"] = f"A call drafted in Twine as '{title or scenario_id}'."
    note("the scenario has no summary: one was written from the title; say in a sentence or "
         "two what the call is about ('summary')")
    filled["languages"] = ["en"]
    filled["customer"] = {"name": "Caller"}
    note("the caller has no name: 'Caller' was used ('customer: name')")
    return {**filled, **doc}


def unset_flags(states: Data, note: Note) -> None:
    """Leave out conditions on flags no reply sets: they could never hold (R005)."""
    set_somewhere = {f for state in states.values() for choice in state["choices"]
                     for f in choice.get("set", ())}
    for state_id, state in states.items():
        for choice in state["choices"]:
            for key in ("requires", "unless"):
                unknown = [f for f in choice.get(key, ()) if f not in set_somewhere]
                for flag in unknown:
                    note(f"reply '{choice['id']}' of '{state_id}' reads the flag '{flag}', which "
                         "no link sets: the condition is left out")
                if unknown:
                    choice[key] = [f for f in choice[key] if f not in unknown]
                    if not choice[key]:
                        del choice[key]


def meters_used(states: Data, starts: dict[str, float], note: Note) -> Data:
    """A meter for each number the draft tests or changes, starting where StoryInit sets it
    (else at 0), with room for that start."""
    used: list[str] = []
    for state in states.values():
        for choice in state["choices"]:
            for meter in [*choice.get("when", {}), *choice.get("change", {})]:
                if meter not in used:
                    used.append(meter)
    meters: Data = {}
    for meter in used:
        start = starts.get(meter, 0.0)
        entry: dict[str, Any] = {"label": meter, "start": _number(start)}
        if not 0 <= start <= 100:
            entry["min"], entry["max"] = _number(min(0.0, start)), _number(max(100.0, start))
        meters[meter] = entry
        note(f"the number ${meter.replace('-', '_')} became the meter '{meter}' from "
             f"{entry.get('min', 0)} to {entry.get('max', 100)}: give it a label, limits "
             "and a rate if it needs them ('meters')")
    return meters


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value
