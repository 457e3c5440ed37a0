"""Records read a page at a time, for exports and pushes of any size: memory holds one
page of sessions (with their turns), never all of them."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, tuple_

from simulator.records._store import Store, _spellings
from simulator.records._tables import Record, record_of, sessions, turn_of, turns

PAGE = 500


def stream_records(store: Store, *, trainee: str | None = None, scenario: str | None = None,
                   since: str | None = None, with_turns: bool = False,
                   page: int = PAGE) -> Iterator[Record]:
    """What `Store.records` returns, oldest first, read `page` sessions at a time."""
    after: tuple[str, str] | None = None
    while True:
        query = select(sessions).order_by(sessions.c.started_at, sessions.c.id).limit(page)
        if scenario is not None:
            query = query.where(sessions.c.scenario == scenario)
        if since is not None:
            query = query.where(sessions.c.started_at >= since)
        if after is not None:
            query = query.where(tuple_(sessions.c.started_at, sessions.c.id) > after)
        with store._reading() as conn:
            if trainee is not None:
                query = query.where(sessions.c.trainee.in_(_spellings(conn, trainee)))
            found = [record_of(row) for row in conn.execute(query).mappings()]
            if with_turns and found:
                by_id = {r.id: r for r in found}
                rows = conn.execute(select(turns).where(turns.c.session_id.in_(list(by_id)))
                                    .order_by(turns.c.session_id, turns.c.number))
                for row in rows.mappings():
                    by_id[row["session_id"]].turns.append(turn_of(row))
        yield from found
        if len(found) < page:
            return
        after = (found[-1].started_at, found[-1].id)
