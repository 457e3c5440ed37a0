"""The cohort's figures summed in the database (records._cohort), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from simulator.records import Filters, Store
from simulator.records._cohort import read_cohort
from simulator.scenario import Scenario
from tests.cohorts import play


@pytest.fixture
def cohort_store(database_url: str, critical: Scenario) -> Iterator[Store]:
    """Three trainees: ana passes at her second call, budi breaks a call off and commits a
    critical error, citra passes first time in Indonesian."""
    store = Store(database_url)
    play(store, critical, "ana", ["ask-where", "hang-up"], "2026-03-02T09:00:00.000+00:00")
    play(store, critical, "ana", ["ask-where", "send"], "2026-03-03T09:00:00.000+00:00")
    play(store, critical, "budi", ["chat"], "2026-03-02T10:00:00.000+00:00")
    play(store, critical, "budi", ["ask-where", "tell-number"], "2026-03-10T10:00:00.000+00:00")
    play(store, critical, "citra", ["ask-where", "send"], "2026-03-04T08:30:00.000+00:00",
         lang="id")
    yield store
    store.close()


def test_each_trainee_at_each_scenario(cohort_store: Store) -> None:
    """Calls, completed, passed, broken off and critical per trainee and scenario, with the
    first and the latest call; a broken-off call's stored zeros are never read as scores."""
    data = cohort_store.cohort()
    pairs = {p.trainee: p for p in data.pairs}
    ana, budi, citra = pairs["ana"], pairs["budi"], pairs["citra"]
    assert (ana.calls, ana.completed, ana.passed, ana.abandoned, ana.critical) == (2, 2, 1, 0, 0)
    assert (ana.first.passed, ana.first.overall, ana.latest.passed, ana.latest.overall) == (
        False, 50.0, True, 100.0)
    assert (budi.calls, budi.completed, budi.abandoned, budi.critical) == (2, 1, 1, 1)
    assert budi.first.overall is None
    assert budi.sums["overall"] == 0.0
    assert budi.sums["empathy"] == 100.0
    assert (citra.first.passed, citra.first.started_at) == (True,
                                                            "2026-03-04T08:30:00.000+00:00")
    assert (data.calls, data.sampled, data.first_at, data.last_at) == (
        5, 5, "2026-03-02T09:00:00.000+00:00", "2026-03-10T10:00:00.000+00:00")


def test_endings_hours_and_critical_errors(cohort_store: Store) -> None:
    """Calls by ending and overall, by hour started, and each critical error by trainee."""
    data = cohort_store.cohort()
    endings = sorted((e.ending or "", e.overall, e.calls) for e in data.endings)
    assert endings == [("", None, 1), ("alone", 50.0, 1), ("safe", 0.0, 1),
                       ("safe", 100.0, 2)]
    assert [(h.hour, h.calls, h.completed, h.passed) for h in sorted(
        data.hours, key=lambda h: h.hour)] == [
        ("2026-03-02T09", 1, 1, 0), ("2026-03-02T10", 1, 0, 0), ("2026-03-03T09", 1, 1, 1),
        ("2026-03-04T08", 1, 1, 1), ("2026-03-10T10", 1, 1, 0)]
    assert data.criticals == [("small", "budi", "leak", 1)]


def test_replies_chosen_by_first_attempt_and_language(cohort_store: Store) -> None:
    """Each reply chosen at each decision point, split by first attempt or retake and by
    language, with the completed calls' overall summed for correlations."""
    data = cohort_store.cohort()
    rows = {(r.state, r.choice, r.first, r.lang): (r.turns, r.completed, r.overall)
            for r in data.items}
    assert rows[("where", "send", False, "en")] == (1, 1, 100.0)
    assert rows[("where", "send", True, "id")] == (1, 1, 100.0)
    assert rows[("where", "hang-up", True, "en")] == (1, 1, 50.0)
    assert rows[("hello", "chat", True, "en")] == (1, 0, 0.0)
    assert rows[("hello", "ask-where", True, "en")] == (1, 1, 50.0)
    assert rows[("hello", "ask-where", False, "en")] == (2, 2, 100.0)
    assert rows[("where", "tell-number", False, "en")] == (1, 1, 0.0)
    assert sum(r.turns for r in data.items) == 9


def test_filters_keep_one_scenario_and_a_date_range(cohort_store: Store) -> None:
    """`until` includes its day; a scenario nobody played gives an empty cohort."""
    data = cohort_store.cohort(Filters(since="2026-03-03", until="2026-03-04"))
    assert sorted(p.trainee for p in data.pairs) == ["ana", "citra"]
    assert data.calls == 2
    assert cohort_store.cohort(Filters(scenario="other")).calls == 0


def test_a_large_cohort_reads_its_items_from_a_sample(cohort_store: Store) -> None:
    """Above the sample size the item analysis and the spread read the calls whose ids fall
    below a cut, while every other figure still counts every call."""
    with cohort_store.engine.connect() as conn:
        data = read_cohort(conn, Filters(), cohort_store.is_sqlite, sample=2)
        ids = sorted(r[0] for r in conn.execute(text("SELECT id FROM sessions")))
    assert data.calls == 5
    assert data.sampled < 5
    assert sum(p.calls for p in data.pairs) == 5
    cut = f"{int(16 ** 8 * 2 / 5):08x}"
    assert data.sampled == sum(i < cut for i in ids)


def test_an_older_database_gets_the_report_indexes(tmp_path: Path, critical: Scenario) -> None:
    """A database of schema 3, made before the cohort report's indexes, gets them when it is
    opened (the upgrade to schema 4), and the report reads the same."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    play(store, critical, "ana", ["ask-where", "send"], "2026-03-02T09:00:00.000+00:00")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_sessions_report")
        conn.exec_driver_sql("DROP INDEX ix_sessions_endings")
        conn.exec_driver_sql("DROP INDEX ix_sessions_hours")
        conn.exec_driver_sql("UPDATE agentsim_meta SET value = '3' WHERE key = 'schema'")
    store.close()
    store = Store(url)
    assert store.cohort().calls == 1
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        schema = conn.exec_driver_sql(
            "SELECT value FROM agentsim_meta WHERE key = 'schema'").scalar_one()
    store.close()
    assert {"ix_sessions_report", "ix_sessions_endings", "ix_sessions_hours"} <= names
    assert schema == "4"
def test_reports_keep_short_values_in_the_records(cohort_store: Store) -> None:
    """What one report computed (a scenario's floor) is there for the next, shared by all."""
    assert cohort_store.kept("floor:x") is None
    cohort_store.keep("floor:x", "random 0.2200 31.3 200")
    cohort_store.keep("floor:x", "random 0.2500 31.3 200")
    assert cohort_store.kept("floor:x") == "random 0.2500 31.3 200"
