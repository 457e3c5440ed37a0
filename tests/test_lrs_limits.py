"""Sending to a learning record store that misbehaves: a deadline per request however
slowly it answers, a cap on the answer's size, deep JSON, malformed endpoints, answers that
list only some statements (only what was accepted is marked), and a warning before a
password goes out over plain http://."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.errors import LrsError, UsageError
from simulator.play import Engine
from simulator.records import (
    Lrs,
    Record,
    Store,
    XapiSettings,
    endpoint,
    exposed,
    push,
    session_statements,
)
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.fake_lrs import Answer, FakeLrs, accept_all

SETTINGS = XapiSettings(key="k")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store()
    yield opened
    opened.close()


def saved(store: Store, small: Scenario, count: int) -> list[Record]:
    engine = Engine(small)
    for n in range(count):
        session = engine.replay(["ask-where", "send"], seed=n)
        session.trainee = "ana"
        store.save(small, session, score(small, session))
    return store.records(with_turns=True)


def sending(store: Store, small: Scenario, lrs: Lrs, records: list[Record]) -> None:
    push(store, lrs, records, lambda r: session_statements(r, small, SETTINGS))


def test_a_store_that_drips_its_answer_is_given_up_on_at_the_deadline(
        store: Store, small: Scenario) -> None:
    """A byte every 5 s once held `push` for 110 s: each read was within the timeout."""
    records = saved(store, small, 1)
    drip = Answer(200, (b" " for _ in range(40)), pause=0.3)
    with FakeLrs(lambda _ids: drip) as fake:
        started = time.monotonic()
        with pytest.raises(LrsError) as failed:
            sending(store, small, Lrs(fake.endpoint, timeout=1.0), records)
        took = time.monotonic() - started
    assert took < 3, took
    assert str(failed.value).startswith(f"cannot reach the learning record store at "
                                        f"{fake.endpoint}: no full answer within 1 seconds\n")
    assert store.sent_to(fake.endpoint) == set()


def test_a_huge_answer_is_not_read_whole(store: Store, small: Scenario) -> None:
    records = saved(store, small, 1)
    ids = [s["id"] for s in session_statements(records[0], small, SETTINGS)]
    huge = json.dumps(ids + ["x" * 100] * 30_000).encode()  # 3 MB of a list of ids
    with FakeLrs(lambda _ids: Answer(200, huge)) as fake, pytest.raises(LrsError) as failed:
        sending(store, small, Lrs(fake.endpoint), records)
    assert "an answer larger than 1 MB" in str(failed.value)
    assert store.sent_to(fake.endpoint) == set()


def test_deeply_nested_json_is_not_a_list_of_ids(store: Store, small: Scenario) -> None:
    """It once ended in a RecursionError."""
    records = saved(store, small, 1)
    deep = b"[" * 100_000 + b"]" * 100_000
    with FakeLrs(lambda _ids: Answer(200, deep)) as fake:
        with pytest.raises(LrsError) as failed:
            sending(store, small, Lrs(fake.endpoint), records)
        refused = Answer(400, b'{"detail": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
        fake.answer = lambda _ids: refused
        with pytest.raises(LrsError) as refusal:
            sending(store, small, Lrs(fake.endpoint), records)
    assert str(failed.value).startswith(f"{fake.endpoint} answered, but not as an xAPI "
                                        "learning record store does")
    assert "did not accept the statements (HTTP 400)" in str(refusal.value)


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1]:port/xAPI",
                                 "https://lrs.example.com:99999/xAPI"])
def test_a_malformed_endpoint_is_a_clear_error(url: str) -> None:
    with pytest.raises(UsageError) as refused:
        endpoint(url)
    assert str(refused.value).startswith(f"'{url}' is not an xAPI endpoint")
    result = CliRunner().invoke(main, ["xapi", "push", "--endpoint", url])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_an_answer_listing_only_some_ids_marks_only_the_sessions_accepted(
        store: Store, small: Scenario) -> None:
    records = saved(store, small, 3)
    first = {s["id"] for s in session_statements(records[0], small, SETTINGS)}

    def some(ids: list[str]) -> Answer:
        return Answer(200, json.dumps([i for i in ids if i in first]).encode())

    with FakeLrs(some) as fake, pytest.raises(LrsError) as failed:
        sending(store, small, Lrs(fake.endpoint), records)
    assert str(failed.value) == (
        f"the learning record store at {fake.endpoint} did not accept every statement of 2 "
        "sessions (its answer did not list them, and it does not hold them)\n1 session sent "
        "(4 statements), 0 already sent; nothing else was marked as sent: run the command "
        "again to send the rest")
    assert store.sent_to(fake.endpoint) == {records[0].id}


def test_a_204_marks_only_what_the_store_holds(store: Store, small: Scenario) -> None:
    """A store answers 204 when it held every statement already; it is asked which."""
    records = saved(store, small, 2)
    held = {s["id"] for s in session_statements(records[1], small, SETTINGS)}
    def holds(registration: str) -> list[str]:
        return sorted(held) if registration == records[1].id else []

    with (FakeLrs(lambda _ids: Answer(204, b""), holds=holds) as fake,
          pytest.raises(LrsError, match="did not accept every statement of 1 session")):
        sending(store, small, Lrs(fake.endpoint), records)
    assert store.sent_to(fake.endpoint) == {records[1].id}


def test_a_store_that_accepts_everything_has_everything_marked(store: Store,
                                                               small: Scenario) -> None:
    records = saved(store, small, 3)
    with FakeLrs(accept_all) as fake:
        sending(store, small, Lrs(fake.endpoint), records)
    assert store.sent_to(fake.endpoint) == {r.id for r in records}


# Addresses of one's own, so that the only warning is the one about the password.
OWN_ADDRESSES = ("--base", "https://training.example.com/agentsim",
                 "--home-page", "https://training.example.com")


def test_a_password_over_plain_http_is_warned_about(tmp_path: Path) -> None:
    assert exposed("http://lrs.example.com/xAPI") == "lrs.example.com"
    assert exposed("https://lrs.example.com/xAPI") is None
    for local in ("http://127.0.0.1:8100/xAPI", "http://localhost/xAPI", "http://[::1]/x"):
        assert exposed(local) is None
    result = CliRunner().invoke(main, ["xapi", "push", "--endpoint",
                                       "http://lrs.example.com/xAPI", "--user", "u",
                                       "--password", "p", *OWN_ADDRESSES])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("warning: the password goes to lrs.example.com over plain "
                             "http://, which anyone on the network between can read: use "
                             "the store's https:// address\n")
    result = CliRunner().invoke(main, ["xapi", "push", "--endpoint",
                                       "http://127.0.0.1:9/xAPI", "--user", "u",
                                       "--password", "p", *OWN_ADDRESSES])
    assert result.stderr == ""
