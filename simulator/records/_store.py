"""Session records, through SQLAlchemy Core: a session is written in one transaction when it
ends, with every turn, so nothing is ever half-written; sessions are read back as Records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    func,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from simulator.errors import StoreError
from simulator.play import Session, trainee_key
from simulator.records._cohort import ReportReading
from simulator.records._database import reason
from simulator.records._notes import Notes
from simulator.records._schema import SCHEMA_VERSION
from simulator.records._tables import (
    DETAIL,
    Record,
    record_of,
    session_row,
    sessions,
    turn_of,
    turn_rows,
    turns,
    xapi_sent,
)
from simulator.scenario import Scenario
from simulator.scoring import Scorecard

__all__ = ["SCHEMA_VERSION", "Store"]

class Store(Notes, ReportReading):
    """The records: sessions with their turns, written whole and read back.

    Opening one recognises the database before changing anything in it (see `Schema`);
    `read_only` reads without changing anything (see `Database`).
    """

    # -- writing ---------------------------------------------------------------------------

    def save(self, scenario: Scenario, session: Session, card: Scorecard) -> str:
        """Write a finished (or abandoned) session and all its turns in one transaction."""
        self.save_many([(scenario, session, card)])
        return session.id

    def save_many(self, items: Iterable[tuple[Scenario, Session, Scorecard]]) -> int:
        """Write many sessions in one transaction; return how many."""
        all_sessions: list[dict[str, Any]] = []
        all_turns: list[dict[str, Any]] = []
        for scenario, session, card in items:
            all_sessions.append(session_row(scenario, session, card))
            all_turns.extend(turn_rows(scenario, session))
        try:
            with self.engine.begin() as conn:
                if all_sessions:
                    conn.execute(sessions.insert(), all_sessions)
                if all_turns:
                    conn.execute(turns.insert(), all_turns)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot save to {self.shown_url}: {reason(err)}") from None
        return len(all_sessions)

    # -- reading ---------------------------------------------------------------------------

    def records(self, *, trainee: str | None = None, scenario: str | None = None,
                since: str | None = None, with_turns: bool = False,
                summary: bool = False, with_notes: bool = False) -> list[Record]:
        """Stored sessions, oldest first, filtered by trainee, scenario and start date.

        `summary` leaves out findings, critical errors and paths (empty lists): much less
        to read when only scores are needed, as for a cohort of thousands.
        """
        columns = [c for c in sessions.c if not (summary and c.name in DETAIL)]
        query = select(*columns).order_by(sessions.c.started_at, sessions.c.id)
        if scenario is not None:
            query = query.where(sessions.c.scenario == scenario)
        if since is not None:
            query = query.where(sessions.c.started_at >= since)
        with self._reading() as conn:
            if trainee is not None:
                query = query.where(sessions.c.trainee.in_(_spellings(conn, trainee)))
            rows = conn.execute(query).mappings().all()
            found = [record_of(row) for row in rows]
            if with_turns and found:
                by_id = {r.id: r for r in found}
                for chunk in _chunks(list(by_id), 500):
                    query = select(turns).where(turns.c.session_id.in_(chunk)).order_by(
                        turns.c.session_id, turns.c.number)
                    for row in conn.execute(query).mappings():
                        by_id[row["session_id"]].turns.append(turn_of(row))
            if with_notes and found:
                listed = {r.id: r for r in found}
                for session_id, kept in self._notes(conn, list(listed)).items():
                    listed[session_id].notes.extend(kept)
        return found

    def record(self, session_id: str) -> Record:
        """One stored session with its turns; a unique prefix of the id is enough."""
        with self._reading() as conn:
            rows = conn.execute(select(sessions).where(
                sessions.c.id.startswith(session_id, autoescape=True)).limit(2)).mappings().all()
            if not rows:
                raise StoreError(f"no session '{session_id}' in {self.shown_url}")
            if len(rows) > 1:
                raise StoreError(f"'{session_id}' names more than one session: give more of "
                                 "the id")
            found = record_of(rows[0])
            query = select(turns).where(turns.c.session_id == found.id).order_by(
                turns.c.number)
            found.turns.extend(turn_of(row) for row in conn.execute(query).mappings())
            found.notes.extend(self._notes(conn, [found.id]).get(found.id, []))
        return found

    def choice_counts(self, *, scenario: str | None = None,
                      since: str | None = None) -> list[tuple[str, str, str, int]]:
        """How often each reply was chosen: (scenario, state, choice, count) rows. The
        replies a retry replayed were chosen in the call it retried, and count there only."""
        query = (select(sessions.c.scenario, turns.c.state, turns.c.choice,
                        func.count().label("n"))
                 .join(sessions, sessions.c.id == turns.c.session_id)
                 .where(or_(sessions.c.retry_from.is_(None),
                            turns.c.number >= sessions.c.retry_from))
                 .group_by(sessions.c.scenario, turns.c.state, turns.c.choice))
        if scenario is not None:
            query = query.where(sessions.c.scenario == scenario)
        if since is not None:
            query = query.where(sessions.c.started_at >= since)
        with self._reading() as conn:
            return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(query)]

    # -- learning record stores ------------------------------------------------------------

    def sent_to(self, endpoint: str) -> set[str]:
        """The ids of the sessions the learning record store at `endpoint` accepted."""
        query = select(xapi_sent.c.session_id).where(xapi_sent.c.endpoint == endpoint)
        with self._reading() as conn:
            return {row[0] for row in conn.execute(query)}

    def mark_sent(self, session_ids: Sequence[str], endpoint: str) -> None:
        """Record, in one transaction, that the store at `endpoint` accepted these sessions."""
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            with self.engine.begin() as conn:
                for chunk in _chunks(list(dict.fromkeys(session_ids)), 500):
                    known = {row[0] for row in conn.execute(
                        select(xapi_sent.c.session_id).where(
                            xapi_sent.c.endpoint == endpoint,
                            xapi_sent.c.session_id.in_(chunk)))}
                    rows = [{"session_id": s, "endpoint": endpoint, "sent_at": now}
                            for s in chunk if s not in known]
                    if rows:
                        conn.execute(xapi_sent.insert(), rows)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot save to {self.shown_url}: {reason(err)}") from None

def _spellings(conn: Any, trainee: str) -> list[str]:
    """Every way the records spell this trainee's name: the same name without regard to
    case, spacing or Unicode form (records kept before names were tidied included)."""
    key = trainee_key(trainee)
    names = conn.execute(select(sessions.c.trainee).distinct()).scalars()
    return [name for name in names if trainee_key(name) == key]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
