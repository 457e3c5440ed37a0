"""Coach's notes on recorded calls: kept with who wrote them and when, read back with the
calls they are on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from simulator.errors import StoreError, UsageError
from simulator.records._database import reason
from simulator.records._schema import Schema
from simulator.records._tables import Note, Record, note_of, notes

MAX_NOTE = 4000  # characters in one coach's note


class Notes(Schema):
    """The notes part of the records; `Store` reads the calls they are on."""

    def record(self, session_id: str) -> Record:
        raise NotImplementedError

    def add_note(self, session_id: str, text: str, author: str,
                 turn: int | None = None) -> Note:
        """Keep a coach's note on a call, or on its reply `turn`; a unique prefix of the
        call's id is enough. Empty text, or a reply the call does not have, is refused."""
        text = text.strip()
        if not text:
            raise UsageError("a note needs some text")
        if len(text) > MAX_NOTE:
            raise UsageError(f"a note is at most {MAX_NOTE} characters; this one has "
                             f"{len(text)}")
        if not author.strip():
            raise UsageError("a note needs an author (--author NAME)")
        record = self.record(session_id)
        if turn is not None and not 1 <= turn <= len(record.turns):
            raise UsageError(f"--turn {turn}: call {record.id[:8]} has replies 1 to "
                             f"{len(record.turns)}" if record.turns else
                             f"--turn {turn}: call {record.id[:8]} has no replies")
        note = Note(session_id=record.id, turn=turn, author=author.strip()[:200], text=text,
                    written_at=datetime.now().astimezone().isoformat(timespec="seconds"))
        try:
            with self.engine.begin() as conn:
                key = conn.execute(notes.insert().values(
                    session_id=note.session_id, turn=note.turn, author=note.author,
                    text=note.text, written_at=note.written_at)).inserted_primary_key
        except SQLAlchemyError as err:
            raise StoreError(f"cannot save to {self.shown_url}: {reason(err)}") from None
        return replace(note, id=int(key[0]) if key else 0)

    def _notes(self, conn: Any, session_ids: Sequence[str]) -> dict[str, list[Note]]:
        """The notes on these calls, oldest first, by call."""
        out: dict[str, list[Note]] = {}
        for start in range(0, len(session_ids), 500):
            chunk = session_ids[start:start + 500]
            query = select(notes).where(notes.c.session_id.in_(chunk)).order_by(
                notes.c.written_at, notes.c.id)
            for row in conn.execute(query).mappings():
                out.setdefault(row["session_id"], []).append(note_of(row))
        return out

