"""Why a call did not pass, in plain words, first under the session report's scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.present import Words, render, session_view, thinking_summary, why_failed
from simulator.records import Store
from simulator.scenario import Scenario
from simulator.scoring import load_profile
from tests.cohorts import play

WHEN = "2026-03-02T09:00:00.000+00:00"


@pytest.fixture
def store(records: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{records}")
    yield store
    store.close()


def why(store: Store, scenario: Scenario, path: list[str], thinking: float = 0.0,
        lang: str = "en") -> list[str]:
    record = store.record(play(store, scenario, "ana", path, WHEN, thinking=thinking))
    return why_failed(record, scenario, load_profile(), Words(lang))


def test_the_battery_ran_out_while_the_trainee_was_thinking(store: Store,
                                                             critical: Scenario) -> None:
    """A meter ended the call, and the same replies without hesitation would not have let
    it: the thinking time is named as the reason."""
    assert why(store, critical, ["ask-where"], thinking=120) == [
        "Battery reached its limit while you were thinking: 120 s before each reply, 02:00 in "
        "all. With the same replies and no hesitation it would not have."]
    assert why(store, critical, ["ask-where"], thinking=120, lang="id") == [
        "Baterai mencapai batasnya saat Anda berpikir: 120 dtk sebelum setiap jawaban, total "
        "02:00. Dengan jawaban yang sama tanpa ragu-ragu, hal itu tidak akan terjadi."]


def test_a_meter_that_runs_out_whatever_the_pace(store: Store, critical: Scenario) -> None:
    """Three minutes of small talk drain the battery without any hesitation."""
    assert why(store, critical, ["chat", "chat", "chat"]) == [
        "Battery reached its limit and ended the call: The line died"]


def test_broken_off_critical_ending_and_below_the_pass_mark(store: Store,
                                                            critical: Scenario) -> None:
    assert why(store, critical, ["chat"]) == [
        "The call was broken off after 1 reply, before its ending: it has no scores."]
    assert why(store, critical, ["ask-where", "tell-number"]) == [
        "A critical error fails the call whatever the scores: Disclosed a number."]
    assert why(store, critical, ["ask-where", "hang-up"]) == [
        "The call did not end in success (failed): Alone"]
    assert why(store, critical, ["chat", "ask-where", "calm-down", "calm-down", "send"]) == [
        "The overall score, 66.7, is below the pass mark of 70; most points went on Speed "
        "(33.3 points)."]
    assert why(store, critical, ["ask-where", "send"]) == []


def test_the_session_report_says_why_under_the_scores(store: Store,
                                                      critical: Scenario) -> None:
    """The reasons and the thinking time come right after the score bars."""
    record = store.record(play(store, critical, "ana", ["ask-where"], WHEN, thinking=120))
    view = session_view(record, critical, load_profile())
    assert view["session"]["thinking"] == "120 s before each reply (median 120 s), 02:00 in all"
    assert view["session"]["verdict"] == "Failed"
    html = render("session.html", view)
    assert html.index("Overall</span>") < html.index("Why the call did not pass") < html.index(
        "Battery reached its limit while you were thinking") < html.index("Thinking time")
    assert "Coach&#39;s notes" not in html  # a place for them, shown once there are any


def test_thinking_is_summarised_only_for_timed_calls(store: Store, critical: Scenario) -> None:
    timed = store.record(play(store, critical, "ana", ["chat", "ask-where", "send"], WHEN,
                              thinking=12))
    assert thinking_summary(timed.turns, True, Words("en")) == (
        "12 s before each reply (median 12 s), 00:36 in all")
    assert thinking_summary(timed.turns, False, Words("en")) == ""
