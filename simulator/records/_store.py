"""Session records: SQLite by default, PostgreSQL by URL, through SQLAlchemy Core.

A session is written in one transaction when it ends, with every turn; nothing is ever
half-written. SQLite runs in WAL mode with a busy timeout and immediate write transactions,
so several trainees' processes can share one file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from simulator.errors import StoreError
from simulator.play import Session
from simulator.records._tables import (
    DETAIL,
    Record,
    meta,
    metadata,
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

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
ENV_VAR = "AGENTSIM_DB"

def default_url() -> str:
    """`AGENTSIM_DB`, else a SQLite file in the user's data folder."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return configured
    return f"sqlite:///{data_folder() / 'agentsim.db'}"


def data_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("agentsim", appauthor=False))


def reports_folder(url: str | None = None) -> Path:
    """Where `play` writes each session's report.

    `AGENTSIM_REPORTS`, else beside a SQLite records file, else in the data folder.
    """
    configured = os.environ.get("AGENTSIM_REPORTS")
    if configured:
        return Path(configured)
    parsed = make_url(normalise_url(url or default_url()))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).parent / "reports"
    return data_folder() / "reports"


def normalise_url(url: str) -> str:
    """Accept a URL or a plain file path (taken as a SQLite file)."""
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


class Store:
    """The records database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalise_url(url or default_url())
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise StoreError(f"'{self.url}' is not a database URL (try sqlite:///FILE or "
                             "postgresql+psycopg://USER@HOST/DB)") from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(self.url)
        except (ArgumentError, ImportError) as err:
            raise StoreError(f"cannot use database '{self.shown_url}': {err}") from None
        if self.is_sqlite:
            _tune_sqlite(self.engine)
        try:
            self._prepare()
        except StoreError:
            self.engine.dispose()
            raise

    @property
    def shown_url(self) -> str:
        """The URL with any password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    def _prepare(self) -> None:
        try:
            with self.engine.begin() as conn:
                metadata.create_all(conn)
                row = conn.execute(select(meta.c.value).where(meta.c.key == "schema")).first()
                if row is None:
                    conn.execute(meta.insert().values(key="schema", value=str(SCHEMA_VERSION)))
                    return
                found = int(row[0])
        except SQLAlchemyError as err:
            raise StoreError(f"cannot open the records database {self.shown_url}: "
                             f"{_reason(err)}") from None
        if found > SCHEMA_VERSION:
            raise StoreError(f"the records database {self.shown_url} was written by a newer "
                             f"agentsim (schema {found}; this one reads up to "
                             f"{SCHEMA_VERSION}): upgrade agentsim")

    def close(self) -> None:
        self.engine.dispose()

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
            raise StoreError(f"cannot save to {self.shown_url}: {_reason(err)}") from None
        return len(all_sessions)

    # -- reading ---------------------------------------------------------------------------

    def records(self, *, trainee: str | None = None, scenario: str | None = None,
                since: str | None = None, with_turns: bool = False,
                summary: bool = False) -> list[Record]:
        """Stored sessions, oldest first, filtered by trainee, scenario and start date.

        `summary` leaves out findings, critical errors and paths (empty lists): much less
        to read when only scores are needed, as for a cohort of thousands.
        """
        columns = [c for c in sessions.c if not (summary and c.name in DETAIL)]
        query = select(*columns).order_by(sessions.c.started_at, sessions.c.id)
        if trainee is not None:
            query = query.where(sessions.c.trainee == trainee)
        if scenario is not None:
            query = query.where(sessions.c.scenario == scenario)
        if since is not None:
            query = query.where(sessions.c.started_at >= since)
        with self._reading() as conn:
            rows = conn.execute(query).mappings().all()
            found = [record_of(row) for row in rows]
            if with_turns and found:
                by_id = {r.id: r for r in found}
                for chunk in _chunks(list(by_id), 500):
                    query = select(turns).where(turns.c.session_id.in_(chunk)).order_by(
                        turns.c.session_id, turns.c.number)
                    for row in conn.execute(query).mappings():
                        by_id[row["session_id"]].turns.append(turn_of(row))
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
        return found

    def choice_counts(self, *, scenario: str | None = None,
                      since: str | None = None) -> list[tuple[str, str, str, int]]:
        """How often each reply was chosen: (scenario, state, choice, count) rows."""
        query = (select(sessions.c.scenario, turns.c.state, turns.c.choice,
                        func.count().label("n"))
                 .join(sessions, sessions.c.id == turns.c.session_id)
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
            raise StoreError(f"cannot save to {self.shown_url}: {_reason(err)}") from None

    def secret(self, name: str) -> str:
        """A random secret kept in the database, made on first use and the same ever after.

        Every trainee's computer that shares the database gets the same one.
        """
        key = f"secret:{name}"
        query = select(meta.c.value).where(meta.c.key == key)
        try:
            with self.engine.begin() as conn:
                row = conn.execute(query).first()
                if row is not None:
                    return str(row[0])
                value = secrets.token_hex(32)
                conn.execute(meta.insert().values(key=key, value=value))
                return value
        except IntegrityError:  # another process made it first
            with self._reading() as conn:
                return str(conn.execute(query).scalar_one())
        except SQLAlchemyError as err:
            raise StoreError(f"cannot use {self.shown_url}: {_reason(err)}") from None

    def _reading(self) -> Any:
        try:
            return self.engine.connect()
        except OperationalError as err:
            raise StoreError(f"cannot read {self.shown_url}: {_reason(err)}") from None


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE: concurrent writers wait, never fail."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we open transactions ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _reason(err: SQLAlchemyError) -> str:
    original = getattr(err, "orig", None)
    return str(original or err).strip().splitlines()[0]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
