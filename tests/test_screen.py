"""The call as text in a terminal: 80 columns, colour only on request, both languages."""

from __future__ import annotations

from simulator.play import Engine
from simulator.present import Debrief, Screen
from simulator.scenario import Scenario


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


def test_replies_are_counted_in_the_languages_words(small: Scenario) -> None:
    session = Engine(small).replay(["ask-where", "send"])
    assert "Simulated time 00:45, 2 replies." in Debrief(small).ending(session)
    one = Engine(small).replay(["ask-where", "hang-up"])
    assert "Simulated time 00:45, 2 replies." in Debrief(small).ending(one)
    assert "Waktu simulasi 00:45, 2 jawaban." in Debrief(small, lang="id").ending(session)
