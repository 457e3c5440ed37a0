"""A session is plain data: it saves to JSON, loads back and continues as if never stopped."""

from __future__ import annotations

import json

import pytest

from simulator.errors import ChoiceError, SessionError
from simulator.play import SESSION_FORMAT, Engine, Session
from simulator.scenario import Scenario


def test_save_load_continue_matches_an_unbroken_run(small: Scenario) -> None:
    unbroken_engine = Engine(small)
    unbroken = unbroken_engine.start(seed=7, trainee="ana", lang="id")
    for choice in ["ask-where", "calm-down", "send"]:
        unbroken_engine.choose(unbroken, choice, thinking=2.5)

    first = Engine(small)
    session = first.start(seed=7, trainee="ana", lang="id")
    first.choose(session, "ask-where", thinking=2.5)
    saved = session.to_json()
    first.release(session)

    restored = Session.from_json(saved)
    second = Engine(small)
    second.resume(restored)
    for choice in ["calm-down", "send"]:
        second.choose(restored, choice, thinking=2.5)
    assert {**restored.to_dict(), "id": ""} == {**unbroken.to_dict(), "id": ""}
    assert restored.ending == "safe"


def test_json_is_plain_and_versioned(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=3)
    engine.choose(session, "ask-where")
    data = json.loads(session.to_json())
    assert data["format"] == SESSION_FORMAT
    assert data["flags"] == ["located"]
    assert data["turns"][0]["choice"] == "ask-where"
    assert set(data) == {"format", "id", "scenario", "digest", "seed", "lang", "trainee", "timed",
                         "state", "clock", "meters", "flags", "turns", "silences", "status",
                         "ending", "ending_variant", "started_at", "ended_at", "retry_of",
                         "retry_from"}


def test_a_newer_format_is_refused(small: Scenario) -> None:
    data = Engine(small).start(seed=1).to_dict()
    data["format"] = SESSION_FORMAT + 1
    with pytest.raises(SessionError, match="newer than this agentsim reads"):
        Session.from_dict(data)


@pytest.mark.parametrize("damage", ["not json", "[]", '{"format": 1}',
                                    '{"format": "x"}'])
def test_damaged_sessions_are_refused(damage: str) -> None:
    with pytest.raises(SessionError):
        Session.from_json(damage)


def test_resume_refuses_another_scenarios_session(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    session.scenario = "other"
    with pytest.raises(ChoiceError, match="of scenario 'other'"):
        Engine(small).resume(session)


def test_abandoned_sessions_keep_their_turns(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    engine.choose(session, "ask-where")
    engine.abandon(session)
    assert session.status == "abandoned"
    assert Session.from_json(session.to_json()).turns == session.turns
