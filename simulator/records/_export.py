"""Records as CSV (one row per session) or JSON (sessions with their turns)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from simulator.records._tables import Record

CSV_COLUMNS = ("id", "trainee", "scenario", "scenario_version", "lang", "status", "ending",
               "outcome", "success", "passed", "empathy", "speed", "escalation", "accuracy",
               "overall", "pass_mark", "critical_errors", "clock", "turns", "started_at",
               "ended_at", "practice", "retry_of", "retry_from")


_FORMULA = ("=", "+", "-", "@", "\t", "\n")


def to_csv(records: Sequence[Record]) -> str:
    """One row per session; critical errors as a `;`-separated list of ids. An abandoned
    call's scores are empty: it is incomplete, not scored. `practice` is true for a retry
    (of call `retry_of` from reply `retry_from`): leave those out of first-attempt pass
    rates."""
    return _csv_rows(records, header=True)


def _csv_rows(records: Iterable[Record], header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for r in records:
        values = {**r.to_dict(), **dict.fromkeys(("empathy", "speed", "escalation",
                                                  "accuracy", "overall")), **r.scores,
                  "critical_errors": ";".join(e["id"] for e in r.critical_errors),
                  "turns": len(r.path)}
        writer.writerow([_cell(values[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def to_json(records: Sequence[Record]) -> str:
    """Every session with its scores, findings and turns."""
    return json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1)


def json_pieces(records: Iterable[Record]) -> Iterator[str]:
    """`to_json(records) + "\n"`, a session at a time: for exports of any size."""
    yield from json_array(r.to_dict() for r in records)
    yield "\n"


def csv_pieces(records: Iterable[Record]) -> Iterator[str]:
    """`to_csv(records)`, a thousand sessions at a time."""
    batch: list[Record] = []
    header = True
    for record in records:
        batch.append(record)
        if len(batch) == 1000:
            yield _csv_rows(batch, header)
            batch, header = [], False
    if batch or header:
        yield _csv_rows(batch, header)


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array written as `json.dumps(list(items), ensure_ascii=False, indent=1)`
    writes it, one item at a time."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1)
        yield ("[\n " if first else ",\n ") + text.replace("\n", "\n ")
        first = False
    yield "[]" if first else "\n]"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # A lone carriage return would end the row for a reader, and the writer quotes only
    # cells with a line feed: make every line break a line feed.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    # A cell starting with these is a formula to a spreadsheet (tab and line breaks are
    # skipped before one): keep it text.
    return "'" + text if text[:1] in _FORMULA and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
