"""What the trainee sees and types: rendering, answers, and the thinking-time clock."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from simulator.play._call import (
    Screen,
    match_answer,
    play_interactive,
    read_answers,
    reading_allowance,
)
from simulator.play._engine import Engine
from simulator.scenario._model import Scenario


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


def test_read_answers_skips_blanks_and_comments() -> None:
    assert read_answers(["1\n", "\n", "# why\n", " send \n"]) == [(1, "1"), (4, "send")]


def test_thinking_beyond_the_allowance_is_added_in_timed_play(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=True)
    screen = Screen(small)
    answers = iter(["1", "send"])
    times: Iterator[float] = iter([0.0, 40.0, 100.0, 101.0])
    play_interactive(engine, session, screen, lambda _: None, lambda _: next(answers),
                     now=lambda: next(times))
    first, second = session.turns
    allowance = reading_allowance(screen.words(engine.start(seed=1), small.states["hello"].choices))
    assert first.thinking == round(40.0 - allowance, 1)
    assert second.thinking == 0.0
    assert session.clock == 30 + first.thinking + 15


def test_untimed_play_adds_no_thinking(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=False)
    answers = iter(["1", "1"])
    times = iter([0.0, 500.0, 1000.0, 1500.0])
    play_interactive(engine, session, Screen(small), lambda _: None, lambda _: next(answers),
                     now=lambda: next(times))
    assert session.clock == 45.0


def test_ctrl_c_at_the_prompt_propagates_as_abort(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)

    def ask(_: str) -> str:
        raise click.Abort

    with pytest.raises(click.Abort):
        play_interactive(engine, session, Screen(small), lambda _: None, ask)
    assert session.turns == []


def test_every_line_fits_80_columns(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    screen = Screen(small, width=80)
    long = "word " * 60
    shown = screen.moment(session, engine.choices(session)) + "\n" + screen._wrap(long, "  ")
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_no_colour_codes_unless_asked(small: Scenario) -> None:
    session = Engine(small).start(seed=1)
    assert "\x1b[" not in Screen(small, color=False).status(session)
    assert "\x1b[" in Screen(small, color=True).status(session)


def test_hidden_meters_stay_off_the_status_line(small: Scenario) -> None:
    session = Engine(small).start(seed=1)
    assert Screen(small).status(session) == "[Time 00:00 | Battery 5%]"
    assert Screen(small, lang="id").status(session) == "[Waktu 00:00 | Baterai 5%]"
