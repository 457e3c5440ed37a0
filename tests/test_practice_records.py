"""Practice in the records: schema 3 and its migration, typed words, practice attempts,
coach notes; in exports and xAPI statements."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from simulator.errors import StoreError, UsageError
from simulator.play import Engine, Session, replay_for_retry
from simulator.records import (
    SCHEMA_VERSION,
    Store,
    XapiSettings,
    scorecard_of,
    session_of,
    session_statements,
    to_csv,
    to_json,
)
from simulator.scenario import Scenario
from simulator.scoring import score

EXT = "https://agentsim.invalid/xapi/extensions/"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


def first_and_retry(store: Store, small: Scenario) -> tuple[Session, Session]:
    engine = Engine(small)
    first = engine.start(seed=1, trainee="ana")
    engine.choose(first, "ask-where", 2.0).typed = "Ana, where are you?"
    engine.choose(first, "hang-up").typed = "<b>Bye</b>\x1b[31m"
    first.started_at = first.ended_at = "2026-11-25T09:00:00+00:00"
    store.save(small, first, score(small, first))
    retry = replay_for_retry(engine, first.turns, 2, retry_of=first.id, seed=2, lang="en",
                             trainee="ana", timed=False)
    engine.choose(retry, "send")
    retry.started_at = retry.ended_at = "2026-11-25T09:10:00+00:00"
    store.save(small, retry, score(small, retry))
    return first, retry


def test_typed_words_and_practice_round_trip(store: Store, small: Scenario) -> None:
    first, retry = first_and_retry(store, small)
    kept = store.record(first.id)
    assert [t.typed for t in kept.turns] == ["Ana, where are you?", "<b>Bye</b>\x1b[31m"]
    assert (kept.practice, kept.retry_of, kept.retry_from) == (False, None, None)
    again = store.record(retry.id)
    assert (again.practice, again.retry_of, again.retry_from) == (True, first.id, 2)
    assert [t.typed for t in again.turns] == [None, None]


def test_notes_are_kept_with_author_time_and_reply(store: Store, small: Scenario) -> None:
    first, _ = first_and_retry(store, small)
    on_call = store.add_note(first.id[:8], "  Good start.  ", "dewi")
    on_reply = store.add_note(first.id, "Never hang up before help is sent.", "coach", turn=2)
    assert (on_call.session_id, on_call.turn, on_call.author, on_call.text) == (
        first.id, None, "dewi", "Good start.")
    assert on_call.written_at[:4].isdigit()
    assert on_reply.turn == 2
    notes = store.record(first.id).notes
    assert [(n.turn, n.author, n.text) for n in notes] == [
        (None, "dewi", "Good start."), (2, "coach", "Never hang up before help is sent.")]
    [listed] = [r for r in store.records(with_notes=True) if r.id == first.id]
    assert listed.notes == notes
    assert [r.notes for r in store.records()] == [[], []]


@pytest.mark.parametrize(("turn", "words", "message"), [
    (3, "x", "--turn 3: call {id} has replies 1 to 2"),
    (None, "   ", "a note needs some text"),
    (None, "x" * 4001, "a note is at most 4000 characters; this one has 4001"),
])
def test_bad_notes_are_refused(store: Store, small: Scenario, turn: int | None, words: str,
                               message: str) -> None:
    first, _ = first_and_retry(store, small)
    with pytest.raises(UsageError) as caught:
        store.add_note(first.id, words, "dewi", turn)
    assert str(caught.value) == message.format(id=first.id[:8])
    with pytest.raises(StoreError, match="no session 'nope'"):
        store.add_note("nope", "x", "dewi")


REPORT_INDEX_NAMES = ("ix_sessions_report", "ix_sessions_report_pg", "ix_sessions_endings",
                      "ix_sessions_hours")


def _downgrade(store: Store, to: int) -> None:
    """Make the database look as an older agentsim left it."""
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE notes"))
        for index in REPORT_INDEX_NAMES:  # schema 4's, on the columns dropped below
            conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
        for table, column in (("sessions", "practice"), ("sessions", "retry_of"),
                              ("sessions", "retry_from"), ("turns", "typed")):
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        if to == 1:
            for table, column in (("sessions", "accuracy"), ("sessions", "ending_variant"),
                                  ("sessions", "silences"), ("turns", "variant")):
                conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(text(f"UPDATE agentsim_meta SET value = '{to}' WHERE key = 'schema'"))


@pytest.mark.parametrize("old", [1, 2])
def test_older_schemas_are_migrated_and_their_calls_are_first_attempts(
        database_url: str, small: Scenario, old: int) -> None:
    before = Store(database_url)
    _downgrade(before, old)
    before.close()
    store = Store(database_url)
    try:
        with store.engine.connect() as conn:
            found = conn.execute(text("SELECT value FROM agentsim_meta "
                                      "WHERE key = 'schema'")).scalar_one()
        assert int(found) == SCHEMA_VERSION == 4
        first, _retry = first_and_retry(store, small)
        store.add_note(first.id, "ok", "dewi")
        assert [r.practice for r in store.records()] == [False, True]
    finally:
        store.close()


def test_rows_from_before_schema_3_read_as_first_attempts(database_url: str,
                                                          small: Scenario) -> None:
    store = Store(database_url)
    try:
        session = Engine(small).replay(["ask-where", "send"])
        store.save(small, session, score(small, session))
        _downgrade(store, 2)
    finally:
        store.close()
    store = Store(database_url)
    try:
        record = store.record(session.id)
        assert (record.practice, record.retry_of, record.turns[0].typed) == (False, None, None)
    finally:
        store.close()


def test_a_recorded_call_rebuilds_its_session_and_scorecard(store: Store,
                                                            small: Scenario) -> None:
    _first, retry = first_and_retry(store, small)
    card = score(small, retry)
    assert scorecard_of(store.record(retry.id)).to_dict() == {**card.to_dict(), "weights": {}}
    rebuilt = session_of(store.record(retry.id))
    assert (rebuilt.ending, rebuilt.path, rebuilt.retry_from) == ("safe", retry.path, 2)


def test_exports_carry_typed_words_practice_and_notes(store: Store, small: Scenario) -> None:
    first, _retry = first_and_retry(store, small)
    store.add_note(first.id, "=1+1 <i>", "dewi", 1)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.records()))))
    assert [(r["practice"], r["retry_of"], r["retry_from"]) for r in rows] == [
        ("false", "", ""), ("true", first.id, "2")]
    exported = to_json(store.records(with_turns=True, with_notes=True))
    assert '"typed": "Ana, where are you?"' in exported
    assert '"notes": [\n   {\n    "turn": 1,\n    "author": "dewi",\n    "text": "=1+1 <i>"' \
        in exported


def test_xapi_answered_carries_the_typed_words_beside_the_choice(store: Store,
                                                                 small: Scenario) -> None:
    first, retry = first_and_retry(store, small)
    settings = XapiSettings(key="k")
    statements = session_statements(store.record(first.id), small, settings)
    answered = statements[0]
    assert answered["result"]["response"] == "ask-where"
    assert answered["result"]["extensions"][EXT + "typed"] == "Ana, where are you?"
    assert all(EXT + "practice" not in s["context"]["extensions"] for s in statements)
    practice = session_statements(store.record(retry.id), small, settings)
    assert [s["verb"]["display"]["en-US"] for s in practice] == [
        "answered", "completed", "passed"]  # reply 1 was replayed, not answered again
    assert practice[0]["object"]["id"].endswith("/states/where")
    assert EXT + "typed" not in practice[0]["result"]["extensions"]
    for statement in practice:
        assert {k: v for k, v in statement["context"]["extensions"].items()
                if k.rsplit("/", 1)[1] in ("practice", "retry-of", "retry-from")} == {
            EXT + "practice": True, EXT + "retry-of": first.id, EXT + "retry-from": 2}


def test_replayed_replies_count_once_in_the_choice_counts(store: Store,
                                                          small: Scenario) -> None:
    first_and_retry(store, small)
    assert sorted(store.choice_counts()) == [("small", "hello", "ask-where", 1),
                                             ("small", "where", "hang-up", 1),
                                             ("small", "where", "send", 1)]
