"""The five built-in stories meet the bar for content: depth, choice, bilingual, explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import Catalog, Scenario, load_scenario
from simulator.scoring import best_plan, check_file, load_profile, offered

STORIES = ["frozen-highway", "fever-no-ambulance", "anonymous-sms", "call-to-mum",
           "phone-on-taxi-roof"]


def builtin(name: str) -> Scenario:
    return load_scenario(Catalog.builtin().find(name))


def test_all_five_stories_are_built_in() -> None:
    assert sorted(Catalog.builtin().ids()) == sorted(STORIES)


@pytest.mark.parametrize("name", STORIES)
def test_validate_is_clean(name: str) -> None:
    """No error and no warning, the validity checks (V) included: no surface strategy
    passes, random play passes at most 10 %, and no cue tells the best reply."""
    path: Path = Catalog.builtin().find(name)
    scenario, diagnostics = check_file(path)
    assert scenario is not None
    assert [str(d) for d in diagnostics] == []


@pytest.mark.parametrize("name", STORIES)
def test_written_in_format_2(name: str) -> None:
    """Callers who react (variants), silences in timed play: every story uses format 2."""
    scenario = builtin(name)
    assert scenario.format == 2
    assert any(state.variants for state in scenario.states.values())
    assert any(state.silence for state in scenario.states.values())


@pytest.mark.parametrize("name", STORIES)
def test_a_real_call_not_a_quiz(name: str) -> None:
    scenario = builtin(name)
    assert len(scenario.states) >= 12
    outcomes = {e.outcome for e in scenario.endings.values()}
    assert "safe" in outcomes
    assert "partial" in outcomes
    assert outcomes & {"failed", "harmed"}
    assert scenario.languages == ("en", "id")
    assert scenario.trainer_note.values.keys() >= {"en", "id"}
    assert scenario.scoring.critical_errors


@pytest.mark.parametrize("name", STORIES)
def test_at_least_three_replies_wherever_the_call_can_be(name: str) -> None:
    """Every point the search reaches (a state with the flags set there) offers >= 3 replies."""
    scenario = builtin(name)
    plan = best_plan(scenario, load_profile())
    for point in plan.values:
        if not scenario.is_ending(point.node):
            assert len(offered(scenario, point)) >= 3, point


@pytest.mark.parametrize("name", STORIES)
def test_every_reply_has_feedback_in_both_languages(name: str) -> None:
    scenario = builtin(name)
    for state in scenario.states.values():
        for choice in state.choices:
            assert choice.feedback.values.keys() >= {"en", "id"}, choice.id
            assert choice.text.values.keys() >= {"en", "id"}, choice.id


@pytest.mark.parametrize("name", STORIES)
def test_emotional_moments_and_time_pressure_are_scored(name: str) -> None:
    scenario = builtin(name)
    assert sum(s.emotion is not None for s in scenario.states.values()) >= 4
    if name != "anonymous-sms":  # no time pressure in that story, by design
        assert scenario.scoring.critical_actions
        assert scenario.meters


@pytest.mark.parametrize("name", STORIES)
def test_walkthroughs_cover_best_story_and_mistakes(name: str) -> None:
    scenario = builtin(name)
    names = [w.name for w in scenario.walkthroughs]
    assert "best" in names
    assert len(names) >= 5
    failing = [w for w in scenario.walkthroughs if w.passed is False]
    assert len(failing) >= 3
    for walkthrough in scenario.walkthroughs:
        assert walkthrough.passed is not None, walkthrough.name
        assert walkthrough.scores, walkthrough.name
