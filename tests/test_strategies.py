"""Test-wise strategies: each picks by its surface cue, in each language, through the engine,
scored as any call; ties, circles and unfinished calls follow fixed rules; the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.errors import ScenarioError
from simulator.play import Engine
from simulator.scenario import Scenario, load_scenario
from simulator.scoring import (
    STRATEGIES,
    load_cues,
    load_profile,
    play_random,
    play_strategies,
    play_strategy,
)
from simulator.scoring import _strategies as strategies_module
from simulator.scoring._cues import name_forms, normal
from tests.cases import CARD, LONG
from tests.conftest import SMALL

Write = Callable[..., Path]
BY_ID = {s.id: s for s in STRATEGIES}


@pytest.fixture
def card(write: Write) -> Scenario:
    return load_scenario(write(CARD, "card-theft.yaml"))


@pytest.fixture
def parcel(write: Write) -> Scenario:
    return load_scenario(write(LONG, "long-best.yaml"))


def test_the_longest_reply_passes_where_it_is_always_the_best(parcel: Scenario) -> None:
    run = play_strategy(parcel, load_profile(), BY_ID["longest"], "en")
    assert run.path == ("trace", "tell")
    assert run.ending == "found"
    assert run.outcome == "safe"
    assert run.scores["overall"] == 100.0
    assert run.passed is True


def test_each_language_is_played_with_its_own_words(parcel: Scenario) -> None:
    """In Indonesian the long reply is the wrong one, so the same strategy fails there."""
    results = play_strategies(parcel, load_profile())
    assert results.languages == ("en", "id")
    assert [(r.strategy, r.lang) for r in results.runs][:4] == [
        ("longest", "en"), ("longest", "id"), ("shortest", "en"), ("shortest", "id")]
    longest = {r.lang: r for r in results.runs if r.strategy == "longest"}
    assert longest["id"].path == ("wait",)
    assert longest["id"].ending == "lost"
    assert longest["id"].passed is False
    shortest = {r.lang: r.passed for r in results.runs if r.strategy == "shortest"}
    assert shortest == {"en": False, "id": True}
    echo = {r.lang: r.path for r in results.runs if r.strategy == "echo"}
    assert echo == {"en": ("trace", "tell"), "id": ("wait",)}  # "paket ... datang"


@pytest.mark.parametrize(("strategy", "path", "ending"), [
    ("longest", ("soothe", "more-soothing"), "money-gone"),
    ("shortest", ("look-first", "block-late", "refund-late"), "late-refund"),
    ("warmest", ("soothe", "put-through"), "money-gone"),
    ("name", ("soothe", "more-soothing"), "money-gone"),
    ("echo", ("verify", "more-soothing"), "money-gone"),
    ("action", ("police",), "sent-away"),
    ("no-script", ("police",), "sent-away"),
    ("question", ("verify", "put-through"), "money-gone"),
])
def test_no_strategy_passes_the_balanced_call(card: Scenario, strategy: str,
                                             path: tuple[str, ...], ending: str) -> None:
    run = play_strategy(card, load_profile(), BY_ID[strategy], "en")
    assert (run.path, run.ending, run.passed) == (path, ending, False)


def test_cues_pick_as_documented(card: Scenario) -> None:
    """At the first moment of the card theft: 'soothe' is the longest, warmest and only one
    with the name; 'verify' repeats 'someone took money from your card' and asks two
    questions; 'police' names the police, a report and a block; 'block' says 'procedure'."""
    profile = load_profile()
    first = {s.id: play_strategy(card, profile, s, "en").path[0] for s in STRATEGIES}
    assert first == {"longest": "soothe", "shortest": "look-first", "warmest": "soothe",
                     "name": "soothe", "echo": "verify", "action": "police",
                     "no-script": "police", "question": "verify"}


def test_ties_go_to_the_reply_shown_first_with_seed_0(card: Scenario) -> None:
    """'no-script' finds no stock phrase or refusal in four replies (and 'procedure' in the
    fifth): of the four, it takes the one a trainee sees first with seed 0."""
    engine = Engine(card)
    shown = [c.id for c in engine.choices(engine.start(seed=0))]
    assert shown == ["police", "block", "soothe", "verify", "look-first"]
    run = play_strategy(card, load_profile(), BY_ID["no-script"], "en")
    assert run.path[0] == shown[0]


def test_a_strategy_does_not_go_round_in_circles(write: Write) -> None:
    """'chat' is longer than 'ask-where' but leads back to where the call already was."""
    small = load_scenario(write(SMALL, "small.yaml"))
    run = play_strategy(small, load_profile(), BY_ID["longest"], "en")
    assert run.path == ("ask-where", "send")


def test_a_call_that_does_not_finish_has_no_score(card: Scenario,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategies_module, "MAX_TURNS", 1)
    run = play_strategy(card, load_profile(), BY_ID["shortest"], "en")
    assert run.path == ("look-first",)
    assert (run.ending, run.outcome, dict(run.scores), run.passed) == (None, None, {}, False)
    assert run.overall is None


def test_random_play_is_seeded_and_counts_passes(card: Scenario) -> None:
    profile = load_profile()
    chance = play_random(card, profile, 200)
    assert (chance.calls, chance.passed, chance.finished) == (200, 16, 200)
    assert chance.rate == 0.08
    assert chance.mean_overall == 22.5
    assert dict(chance.endings) == {"money-gone": 84, "sent-away": 39, "late-refund": 36,
                                    "no-refund": 25, "safe": 16}
    assert play_random(card, profile, 200) == chance
    quick = play_random(card, profile, 200, overall=False)
    assert (quick.passed, quick.mean_overall) == (16, None)


def test_results_are_kept_with_the_plan_and_read_as_json(card: Scenario) -> None:
    profile = load_profile()
    results = play_strategies(card, profile)
    assert play_strategies(card, profile) is results
    assert play_strategies(card, profile, overall=False) is results  # the fuller one serves
    data = results.to_dict()
    assert data["scenario"] == "card-theft"
    assert data["pass_mark"] == 70.0
    assert data["gameable"] is False
    assert data["random"] == {"calls": 200, "passed": 16, "rate": 0.08, "finished": 200,
                              "mean_overall": 22.5, "endings": {
                                  "money-gone": 84, "sent-away": 39, "late-refund": 36,
                                  "no-refund": 25, "safe": 16}}
    assert data["strategies"][0] == {
        "strategy": "longest", "lang": "en", "ending": "money-gone", "outcome": "harmed",
        "scores": {"empathy": 100.0, "speed": 100.0, "escalation": 0.0, "accuracy": 100.0,
                   "overall": 0.0},
        "passed": False, "critical_errors": [], "path": ["soothe", "more-soothing"]}


# -- the cue lexicon ------------------------------------------------------------------------


def test_phrases_match_whole_words_and_the_longer_phrase_wins() -> None:
    en = load_cues()("en")
    assert en.warm.found(normal("I’m sorry. So sorry, Ana!")) == ["i'm sorry", "so sorry"]
    assert en.warm.found(normal("sorrying")) == []
    assert en.stock.found(normal("Is there anything else I can help you with?")) == [
        "is there anything else i can help you with"]


def test_words_drop_listed_endings_and_stop_words() -> None:
    cues = load_cues()
    assert cues("id").words(normal("Mobilnya mogok")) == ["mobil", "mogok"]
    assert cues("en").content(normal("Pavel's car is dead")) == {"pavel", "car", "dead"}
    assert cues("fr") is cues("en")  # a language with no lists reads the English ones
    assert name_forms("Ibu Sari Dewi", cues("id")) == {"sari", "dewi"}
    assert name_forms("Mr Pavel Sokolov", cues("en")) == {"pavel", "sokolov"}


def test_a_broken_cue_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("warm: {id: [maaf]}\ntitles: {en: 3}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_cues(path)
    messages = [d.message for d in caught.value.diagnostics]
    assert messages[:2] == [
        f"{path}: 'warm' must map languages, English among them, to lists of phrases",
        f"{path}: 'titles.en' must be a list of strings"]


# -- the command ----------------------------------------------------------------------------


def explore(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["explore", str(path), "--strategies", *args])
    return result.exit_code, result.output


def test_explore_strategies_prints_a_table(write: Write) -> None:
    code, out = explore(write(CARD, "card-theft.yaml"))
    assert code == 0
    assert out == """\
card-theft: test-wise strategies against a pass mark of 70
  strategy   language  ending       overall  passed
  longest    en        money-gone       0.0  no
  shortest   en        late-refund     55.7  no
  warmest    en        money-gone       0.0  no
  name       en        money-gone       0.0  no
  echo       en        money-gone       0.0  no
  action     en        sent-away        0.0  no
  no-script  en        sent-away        0.0  no
  question   en        money-gone       0.0  no
random play, 200 calls: 16 passed (8 %), mean overall 22.5
No surface strategy passes, and random play passes at most 10 % of calls.
what each strategy picks:
  longest    the longest reply
  shortest   the shortest reply
  warmest    the reply with the most warm phrases
  name       the reply that uses the caller's name (then a title)
  echo       the reply that repeats most of the customer's own words
  action     the reply that names the most actions and services
  no-script  the reply with the fewest stock phrases and refusals
  question   the reply that asks the most questions
Ties go to the reply shown first (seed 0); no strategy goes round in circles.
"""


def test_explore_strategies_says_what_games_the_call(write: Write) -> None:
    code, out = explore(write(LONG, "long-best.yaml"), "--seeds", "20")
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == "  longest    en        found     100.0  yes"
    assert lines[3] == "  longest    id        lost       16.7  no"
    assert lines[18] == "random play, 20 calls: 9 passed (45 %), mean overall 55.9"
    assert lines[19:23] == [
        "Can be gamed: longest (en), shortest (id), warmest (en, id), name (en, id), echo",
        "(en), action (en, id), no-script (en, id), and question (en, id) passed without",
        "judgement.",
        "Can be gamed: random play passes more than 10 % of calls."]
    assert max(len(line) for line in lines) <= 80


def test_explore_strategies_as_json(write: Write) -> None:
    code, out = explore(write(LONG, "long-best.yaml"), "--json", "--seeds", "20")
    assert code == 0
    data = json.loads(out)
    assert data["gameable"] is True
    assert [(s["strategy"], s["lang"], s["passed"]) for s in data["strategies"][:2]] == [
        ("longest", "en", True), ("longest", "id", False)]
    assert data["random"]["calls"] == 20
