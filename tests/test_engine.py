"""The engine moves sessions through a scenario's state machine, deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ChoiceError
from simulator.play import Engine
from simulator.scenario import Scenario


def ids(engine: Engine, session: object) -> list[str]:
    return [c.id for c in engine.choices(session)]  # type: ignore[arg-type]


def test_a_reply_advances_clock_meters_and_flags(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    turn = engine.choose(session, "ask-where")
    assert session.state == "where"
    assert turn.clock == session.clock == 30.0
    # 30 s at -2 %/min drains 1 %, then the reply adds 10 calm.
    assert session.meters == {"battery": 4.0, "calm": 60.0}
    assert session.flags == {"located"}
    assert turn.next == "where"


def test_only_replies_whose_conditions_hold_are_offered(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    assert ids(engine, session) == ["ask-where", "chat"]
    engine.choose(session, "ask-where")
    # send requires 'located' (set); calm-down needs calm >= 60 (it is 60).
    assert ids(engine, session) == ["send", "calm-down", "hang-up"]
    with pytest.raises(ChoiceError, match="'send' is not a reply on offer at 'hello'"):
        engine.choose(engine.start(seed=1), "send")


def test_unless_hides_a_reply_once_its_flag_is_set(write: object) -> None:
    from simulator.scenario import load_scenario
    from tests.conftest import SMALL

    text = SMALL.replace("next: alone\n", "next: where\n")
    engine = Engine(load_scenario(write(text)))  # type: ignore[operator]
    session = engine.start(seed=1)
    engine.choose(session, "ask-where")
    engine.choose(session, "hang-up")
    assert "hang-up" not in ids(engine, session)


def test_meter_threshold_conditions(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    engine.choose(session, "ask-where")
    engine.choose(session, "calm-down")  # calm 60 -> 80
    assert session.meters["calm"] == 80.0
    session.meters["calm"] = 59.0
    assert "calm-down" not in ids(engine, session)


def test_a_meter_limit_forces_its_ending(small: Scenario) -> None:
    """Battery 5 % at -2 %/min: three one-minute replies empty it and the line drops."""
    engine = Engine(small)
    session = engine.start(seed=1)
    engine.choose(session, "chat")
    engine.choose(session, "chat")
    turn = engine.choose(session, "chat")
    assert session.meters["battery"] == 0.0
    assert turn.forced_by == "battery"
    assert turn.next == session.state == session.ending == "dropped"
    assert session.status == "completed"
    with pytest.raises(ChoiceError, match="the call has already ended"):
        engine.choose(session, "chat")


def test_an_authored_ending_is_kept_when_a_meter_also_runs_out(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    engine.choose(session, "ask-where")  # battery 4
    session.meters["battery"] = 0.2
    turn = engine.choose(session, "send")
    assert (session.ending, turn.forced_by) == ("safe", None)


def test_thinking_time_counts_on_the_clock(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=True)
    turn = engine.choose(session, "ask-where", thinking=30.0)
    assert (turn.takes, turn.thinking, session.clock) == (30.0, 30.0, 60.0)
    assert session.meters["battery"] == 3.0
    assert turn.started == 0.0


def test_shuffle_is_fixed_by_the_seed(write: object) -> None:
    from simulator.scenario import load_scenario
    from tests.conftest import SMALL

    path: Path = write(SMALL.replace("shuffle: false", "shuffle: true"))  # type: ignore[operator]
    engine = Engine(load_scenario(path))
    orders = set()
    for seed in range(20):
        first = engine.start(seed=seed)
        engine.choose(first, "ask-where")
        again = engine.start(seed=seed)
        engine.choose(again, "ask-where")
        assert ids(engine, first) == ids(engine, again)
        orders.add(tuple(ids(engine, first)))
    assert len(orders) > 1


def test_sessions_share_one_machine_without_interfering(small: Scenario) -> None:
    engine = Engine(small)
    a, b = engine.start(seed=1), engine.start(seed=2)
    engine.choose(a, "ask-where")
    assert (a.state, b.state) == ("where", "hello")
    assert b.meters["battery"] == 5.0


def test_no_auto_transitions_leak_onto_sessions(small: Scenario) -> None:
    session = Engine(small).start(seed=1)
    assert not hasattr(session, "to_where")
    assert not hasattr(session, "to_safe")


def test_replay_stops_at_the_ending(small: Scenario) -> None:
    session = Engine(small).replay(["ask-where", "send", "chat"])
    assert session.ending == "safe"
    assert session.path == ["ask-where", "send"]
    assert session.actions == [("send-help", 45.0)]


def test_transitions_is_imported_only_by_the_engine() -> None:
    package = Path(__file__).parent.parent / "simulator"
    importers = sorted(p.name for p in package.rglob("*.py")
                       if "import transitions" in p.read_text() or "from transitions" in
                       p.read_text())
    assert importers == ["_engine.py"]
