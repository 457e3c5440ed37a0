"""Session records on SQLite and on PostgreSQL: the same code, the same behaviour."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.errors import StoreError
from simulator.play import Engine, Session
from simulator.records import SCHEMA_VERSION, Store, normalise_url
from simulator.scenario import Scenario
from simulator.scoring import score

POSTGRES = os.environ.get("AGENTSIM_TEST_POSTGRES")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


def played(scenario: Scenario, path: list[str], trainee: str = "ana",
           started: str = "2026-11-25T09:00:00+00:00") -> Session:
    engine = Engine(scenario)
    session = engine.start(seed=1, trainee=trainee, lang="id")
    for choice in path:
        engine.choose(session, choice, thinking=1.5)
    if session.ending is None:
        engine.abandon(session)
    session.started_at = started
    session.ended_at = started
    return session


def test_a_session_round_trips_with_every_turn(store: Store, small: Scenario) -> None:
    session = played(small, ["ask-where", "send"])
    card = score(small, session)
    store.save(small, session, card)
    record = store.record(session.id[:8])
    assert (record.id, record.trainee, record.scenario, record.lang) == (
        session.id, "ana", "small", "id")
    assert (record.status, record.ending, record.outcome, record.passed) == (
        "completed", "safe", "safe", True)
    assert record.scores == dict(card.scores)
    assert record.digest == small.digest
    assert [t.choice for t in record.turns] == ["ask-where", "send"]
    first = record.turns[0]
    assert (first.state, first.reply, first.takes, first.thinking, first.clock) == (
        "hello", "Di mana?", 30.0, 1.5, 31.5)
    assert first.meters == session.turns[0].meters
    assert record.turns[1].actions == ["send-help"]


def test_abandoned_sessions_are_kept(store: Store, small: Scenario) -> None:
    session = played(small, ["ask-where"])
    store.save(small, session, score(small, session))
    [record] = store.records(with_turns=True)
    assert (record.status, record.ending, record.passed) == ("abandoned", None, False)
    assert len(record.turns) == 1


def test_filters_and_choice_counts(store: Store, small: Scenario) -> None:
    items = []
    for n, (trainee, path) in enumerate([("ana", ["ask-where", "send"]),
                                         ("ben", ["ask-where", "hang-up"]),
                                         ("ben", ["chat", "ask-where", "send"])]):
        session = played(small, path, trainee, f"2026-11-2{n}T09:00:00+00:00")
        items.append((small, session, score(small, session)))
    assert store.save_many(items) == 3
    assert [r.trainee for r in store.records()] == ["ana", "ben", "ben"]
    assert len(store.records(trainee="ben")) == 2
    assert len(store.records(since="2026-11-21")) == 2
    assert store.records(scenario="other") == []
    counts = {(state, choice): n for _, state, choice, n in store.choice_counts()}
    assert counts == {("hello", "ask-where"): 3, ("hello", "chat"): 1, ("where", "send"): 2,
                      ("where", "hang-up"): 1}


def test_a_failed_save_writes_nothing(store: Store, small: Scenario) -> None:
    first = played(small, ["ask-where", "send"])
    store.save(small, first, score(small, first))
    again = played(small, ["chat", "ask-where", "send"])
    again.id = first.id  # the session row clashes after its turns are prepared
    with pytest.raises(StoreError, match="cannot save"):
        store.save(small, again, score(small, again))
    [record] = store.records(with_turns=True)
    assert [t.choice for t in record.turns] == ["ask-where", "send"]


def test_unknown_and_ambiguous_ids(store: Store, small: Scenario) -> None:
    with pytest.raises(StoreError, match="no session 'nope'"):
        store.record("nope")
    for _ in range(2):
        session = played(small, ["ask-where", "send"])
        session.id = "abc" + session.id[3:]
        store.save(small, session, score(small, session))
    with pytest.raises(StoreError, match="more than one session"):
        store.record("abc")


def test_a_newer_schema_is_refused(store: Store) -> None:
    from simulator.records._tables import meta

    with store.engine.begin() as conn:
        conn.execute(meta.update().values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError, match="written by a newer agentsim"):
        Store(store.url)


def test_records_of_schema_1_are_migrated_and_still_read(store: Store, small: Scenario) -> None:
    """A database written before accuracy and format 2 gains their columns on opening; its
    calls read back with no accuracy score (it was never measured) and no variants."""
    from simulator.records._tables import meta

    session = played(small, ["ask-where", "send"])
    store.save(small, session, score(small, session))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE notes")
        for index in ("ix_sessions_report", "ix_sessions_report_pg", "ix_sessions_endings",
                      "ix_sessions_hours"):  # schema 4's, on the columns dropped below
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
        for table, column in (("sessions", "accuracy"), ("sessions", "ending_variant"),
                              ("sessions", "silences"), ("turns", "variant"),
                              ("sessions", "practice"), ("sessions", "retry_of"),
                              ("sessions", "retry_from"), ("turns", "typed")):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute(meta.update().where(meta.c.key == "schema").values(value="1"))
    store.close()
    reopened = Store(store.url)
    with reopened.engine.connect() as conn:
        found = conn.execute(meta.select().where(meta.c.key == "schema")).one()
    assert found.value == str(SCHEMA_VERSION)
    record = reopened.record(session.id)
    assert "accuracy" not in record.scores
    assert record.scores["overall"] == 100.0
    assert [t.variant for t in record.turns] == [None, None]
    reopened.close()


def test_sqlite_runs_in_wal_with_a_busy_timeout(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "plain-path.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert timeout is not None
        assert timeout >= 5000
    store.close()


def test_plain_paths_become_sqlite_urls(tmp_path: Path) -> None:
    assert normalise_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot use database 'nonsense://'"):
        Store("nonsense://")
    with pytest.raises(StoreError, match="not a database URL"):
        Store("://")
    with pytest.raises(StoreError, match="cannot open the records database"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_heavy_libraries_stay_off_the_trainees_path() -> None:
    """Importing the CLI (all that runs before the first prompt) loads no SQLAlchemy or Jinja2."""
    code = ("import sys, simulator.cli, simulator.play._call, simulator.scoring._scorecard; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'jinja2'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_records_an_intermediate_build_left_half_upgraded_are_completed(
        store: Store, small: Scenario) -> None:
    """A database marked with the current schema but lacking a column (a development build
    once wrote "schema 2" with accuracy alone) gains the column on opening, and the next
    call is saved into it: columns are compared, not only version numbers."""
    session = played(small, ["ask-where", "send"])
    store.save(small, session, score(small, session))
    with store.engine.begin() as conn:
        for index in ("ix_sessions_report", "ix_sessions_endings", "ix_sessions_hours"):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
        conn.exec_driver_sql("ALTER TABLE sessions DROP COLUMN ending_variant")
        conn.exec_driver_sql("ALTER TABLE turns DROP COLUMN variant")
    store.close()
    reopened = Store(store.url)
    later = played(small, ["ask-where", "send"], started="2026-11-26T09:00:00+00:00")
    reopened.save(small, later, score(small, later))
    assert [r.id for r in reopened.records()] == [session.id, later.id]
    reopened.close()
