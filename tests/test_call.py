"""Taking a call: answers, the thinking-time clock, a call broken off, and nothing lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.play import (
    EXIT_INTERRUPTED,
    Engine,
    Script,
    match_answer,
    read_answers,
    reading_allowance,
    take_call,
)
from simulator.present import Desk, Screen
from simulator.scenario import Scenario


def test_reading_allowance_grows_with_the_words_shown() -> None:
    assert reading_allowance("") == 8.0
    assert reading_allowance("one two three four five six seven eight nine ten") == 11.0


def test_answers_match_by_number_or_id(small: Scenario) -> None:
    choices = small.states["hello"].choices
    assert match_answer("2", choices) is choices[1]
    assert match_answer(" ask-where ", choices) is choices[0]
    assert match_answer("0", choices) is None
    assert match_answer("3", choices) is None
    assert match_answer("Ask-where", choices) is None


@pytest.mark.parametrize("answer", ["²", "①", "٢", "１"])
def test_digits_python_cannot_read_as_a_number_match_nothing(small: Scenario,
                                                             answer: str) -> None:
    """`²` is the key left of `1` on a French keyboard: it must ask again, not crash."""
    assert match_answer(answer, small.states["hello"].choices) is None


def test_read_answers_skips_blanks_and_comments() -> None:
    assert read_answers(["1\n", "\n", "# why\n", " send \n"]) == [(1, "1"), (4, "send")]


def _quiet(_: str) -> None:
    pass


def test_thinking_beyond_the_allowance_is_added_in_timed_play(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=True)
    answers = iter(["1", "send"])
    times: Iterator[float] = iter([0.0, 40.0, 100.0, 101.0])
    take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet, out=_quiet,
              tell=_quiet, ask=lambda _: next(answers), now=lambda: next(times))
    first, second = session.turns
    allowance = reading_allowance(Screen(small).reading(engine.start(seed=1),
                                                        small.states["hello"].choices))
    assert first.thinking == round(40.0 - allowance, 1)
    assert second.thinking == 0.0
    assert session.clock == 30 + first.thinking + 15


def test_untimed_play_adds_no_thinking(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=False)
    answers = iter(["1", "1"])
    times = iter([0.0, 500.0, 1000.0, 1500.0])
    take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet, out=_quiet,
              tell=_quiet, ask=lambda _: next(answers), now=lambda: next(times))
    assert session.clock == 45.0


def test_ctrl_c_at_the_prompt_keeps_the_call_as_abandoned(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)

    def ask(_: str) -> str:
        raise KeyboardInterrupt

    told: list[str] = []
    code = take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet,
                     out=_quiet, tell=told.append, ask=ask)
    assert code == EXIT_INTERRUPTED
    assert session.turns == []
    assert session.status == "abandoned"
    assert "Call abandoned at turn 1" in told[0]


def test_a_wrong_key_asks_again(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    answers = iter(["9", "²", "x", "1", "send"])
    shown: list[str] = []
    take_call(engine, session, Desk(Screen(small), save=False), echo=shown.append,
              out=_quiet, tell=_quiet, ask=lambda _: next(answers))
    assert session.ending == "safe"
    assert shown.count("Please type a number from 1 to 2.") == 3


def test_scripted_answers_that_run_out_abandon_the_call(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    shown: list[str] = []
    code = take_call(engine, session, Desk(Screen(small), save=False), echo=shown.append,
                     out=_quiet, tell=_quiet, script=Script([(1, "ask-where")], "x.txt"))
    assert code == EXIT_INTERRUPTED
    assert session.status == "abandoned"
    assert "The answers ended before the call did: the call is abandoned." in shown


