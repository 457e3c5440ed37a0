"""What the HTML reports show of practice: a retry's origin, the words typed first with
their advisory note, and the coach's notes. Kept apart from the reports' own view-models:
each report merges these keys, and small template blocks (`reports/_practice.html`) show
them.

Keys for the session report: `pw` (the practice words), `practice` (None, or the call it
retried and from which reply), `coach_notes` (on the whole call), `turn_practice` (by turn
number: `typed`, `advice`, `notes`, `replayed`). Typed words and notes are shown with
control characters as pictures, as in the terminal; autoescaping does the rest. For the
trainee report: `pw`, `practice_ids` (the short
ids of practice attempts), `practice_total`, `trainee_notes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.present._advice import advice_lines, advise
from simulator.present._screen import printable
from simulator.present._words import Words
from simulator.records import Note, Record
from simulator.scenario import Scenario


def _note(note: Note, words: Words) -> dict[str, Any]:
    return {"author": printable(note.author), "when": words.when(note.written_at),
            "text": printable(note.text),
            "on": words("practice.note-on-turn", turn=note.turn) if note.turn else "",
            "session": "", "scenario": ""}


def session_practice(record: Record, scenario: Scenario | None, lang: str) -> dict[str, Any]:
    """The session report's practice keys."""
    words = Words(lang)
    customer = scenario.customer.name if scenario else ""
    turns: dict[int, dict[str, Any]] = {}
    for turn in record.turns:
        notes = [_note(n, words) for n in record.notes if n.turn == turn.number]
        replayed = record.retry_from is not None and turn.number < record.retry_from
        if turn.typed is None and not notes and not replayed:
            continue
        turns[turn.number] = {
            "typed": printable(turn.typed or ""),
            "advice": advice_lines(advise(turn.typed, customer), words) if turn.typed else [],
            "notes": notes, "replayed": replayed,
        }
    practice = None
    if record.practice:
        practice = words("practice.retry-of", id=(record.retry_of or "")[:8],
                         turn=record.retry_from)
    return {"pw": words.group("practice"), "practice": practice,
            "coach_notes": [_note(n, words) for n in record.notes if n.turn is None],
            "turn_practice": turns}


def trainee_practice(records: Sequence[Record], titles: dict[str, str],
                     lang: str) -> dict[str, Any]:
    """The trainee report's practice keys: which attempts were practice, and every coach's
    note on the trainee's calls, newest first."""
    words = Words(lang)
    notes = [{**_note(n, words), "session": r.id[:8], "scenario": titles.get(r.scenario,
                                                                            r.scenario)}
             for r in records for n in r.notes]
    notes.sort(key=lambda n: n["when"], reverse=True)
    return {"pw": words.group("practice"),
            "practice_ids": [r.id[:8] for r in records if r.practice],
            "practice_total": sum(r.practice for r in records),
            "trainee_notes": notes}
