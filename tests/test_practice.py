"""Practice in the play layer: type-first play (interactive and scripted), the thinking time
it counts, retries replayed faithfully, and sessions saved before format 3."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from simulator.errors import UsageError
from simulator.play import (
    Engine,
    Script,
    Session,
    reading_allowance,
    replay_for_retry,
    take_call,
    typing_allowance,
)
from simulator.present import Desk, Screen
from simulator.scenario import Scenario
from simulator.scoring import score


def _quiet(_: str) -> None:
    pass


def test_type_first_keeps_the_words_and_shows_the_replies_only_after_them(
        small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    shown: list[str] = []
    asked: list[str] = []
    answers = iter(["Ana, where are you?", "1", "  ", "Help is on its way.", "send"])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    take_call(engine, session, Desk(Screen(small), save=False), echo=shown.append,
              out=_quiet, tell=_quiet, ask=ask, type_first=True)
    assert [t.typed for t in session.turns] == ["Ana, where are you?", "Help is on its way."]
    assert asked == ["In your own words, what do you say", "Your reply [1-2]",
                     "In your own words, what do you say", "In your own words, what do you say",
                     "Your reply [1-3]"]
    first, replies = shown[1], shown[2]
    assert first.endswith("Ana: Help me.")
    assert "1) Where are you?" not in first
    assert replies.startswith("\nNow pick the reply closest to what you meant:\n 1) Where")
    assert "Type what you would say first, then press Enter." in shown


def test_type_first_thinking_counts_from_the_customers_line_less_typing(
        small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1, timed=True)
    answers = iter(["Where are you now?", "1", "ok", "send"])
    times: Iterator[float] = iter([0.0, 40.0, 100.0, 101.0])
    take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet, out=_quiet,
              tell=_quiet, ask=lambda _: next(answers), now=lambda: next(times),
              type_first=True)
    allowance = reading_allowance(Screen(small).reading(engine.start(seed=1),
                                                        small.states["hello"].choices))
    first, second = session.turns
    assert typing_allowance("Where are you now?") == 6.0
    assert first.thinking == round(40.0 - allowance - 6.0, 1)
    assert second.thinking == 0.0


def test_typed_words_are_never_part_of_the_score(small: Scenario) -> None:
    engine = Engine(small)
    plain = engine.replay(["ask-where", "send"])
    typed = engine.replay(["ask-where", "send"])
    typed.turns[0].typed = "Ana, I hear how scared you are. I'll send help right now."
    typed.turns[1].typed = "I can't help you, calm down."
    assert score(small, plain).to_dict() == score(small, typed).to_dict()


def test_a_type_first_script_gives_the_words_after_a_bar(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    code = take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet,
                     out=_quiet, tell=_quiet, type_first=True,
                     script=Script([(1, "ask-where | Where are you, Ana?"),
                                    (3, "1 | Help is coming.")], "words.txt"))
    assert code == 0
    assert [(t.choice, t.typed) for t in session.turns] == [
        ("ask-where", "Where are you, Ana?"), ("send", "Help is coming.")]


def test_a_type_first_script_line_without_words_names_its_line(small: Scenario) -> None:
    engine = Engine(small)
    session = engine.start(seed=1)
    with pytest.raises(UsageError) as caught:
        take_call(engine, session, Desk(Screen(small), save=False), echo=_quiet,
                  out=_quiet, tell=_quiet, type_first=True,
                  script=Script([(4, "ask-where")], "words.txt"))
    assert str(caught.value) == ("words.txt:4: type-first play needs the words you would say "
                                 "before the reply: 'ANSWER | WORDS', not 'ask-where'")


def test_a_retry_stands_where_the_call_stood_at_the_reply_taken_over(small: Scenario) -> None:
    engine = Engine(small)
    original = engine.start(seed=3, timed=True)
    for choice, thinking in (("ask-where", 4.0), ("calm-down", 2.0), ("hang-up", 0.0)):
        engine.choose(original, choice, thinking)
    retry = replay_for_retry(Engine(small), original.turns, 3, retry_of=original.id, seed=9,
                             lang="id", trainee="ana", timed=True)
    assert (retry.retry_of, retry.retry_from, retry.practice) == (original.id, 3, True)
    assert retry.path == ["ask-where", "calm-down"]
    assert retry.clock == original.turns[1].clock
    assert retry.meters == original.turns[1].meters
    assert retry.flags == {"located"}
    assert (retry.lang, retry.trainee, retry.seed) == ("id", "ana", 9)


def test_a_retry_takes_over_only_at_a_reply_the_call_had(small: Scenario) -> None:
    engine = Engine(small)
    ended = engine.replay(["ask-where", "send"])
    with pytest.raises(UsageError, match=r"^--from 3: that call can be retried from reply 1 "
                                         r"to 2$"):
        replay_for_retry(engine, ended.turns, 3, retry_of="x", seed=1, lang="en",
                         trainee="", timed=False)
    broken_off = engine.replay(["ask-where"])
    retry = replay_for_retry(engine, broken_off.turns, 2, retry_of="x", seed=1, lang="en",
                             trainee="", timed=False)
    assert retry.state == "where"


def test_a_retry_of_a_changed_scenario_is_refused(small: Scenario) -> None:
    engine = Engine(small)
    original = engine.replay(["ask-where", "send"])
    original.turns[0].choice = "gone"
    with pytest.raises(UsageError, match=r"^reply 1 of that call cannot be replayed "
                                         r"\('gone' is not a reply on offer at 'hello'\): "
                                         r"the scenario has changed since it was played$"):
        replay_for_retry(engine, original.turns, 2, retry_of="x", seed=1, lang="en",
                         trainee="", timed=False)


def test_format_3_round_trips_typed_words_and_the_retry(small: Scenario) -> None:
    engine = Engine(small)
    session = replay_for_retry(engine, engine.replay(["ask-where", "send"]).turns, 2,
                               retry_of="abc", seed=1, lang="en", trainee="ana", timed=False)
    engine.choose(session, "send").typed = "Help is coming, Ana."
    again = Session.from_json(session.to_json())
    assert again.to_dict() == session.to_dict()
    assert (again.retry_of, again.retry_from) == ("abc", 2)
    assert again.turns[-1].typed == "Help is coming, Ana."


def test_a_format_2_session_still_loads(small: Scenario) -> None:
    data = json.loads(Engine(small).replay(["ask-where"]).to_json())
    data["format"] = 2
    del data["retry_of"], data["retry_from"]
    for turn in data["turns"]:
        del turn["typed"]
    old = Session.from_dict(data)
    assert (old.retry_of, old.retry_from, old.practice) == (None, None, False)
    assert old.turns[0].typed is None
