"""The trainee report's view-model: where they stand, what to practise next, the weakest
dimension over a stated window, a trend readable at 50+ calls, every attempt explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.present import Links, render, trainee_view
from simulator.records import Store
from simulator.scenario import Catalog, Scenario, Scenarios
from simulator.scoring import load_profile
from tests.cohorts import CRITICAL, play


@pytest.fixture
def store(records: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{records}")
    yield store
    store.close()


@pytest.fixture
def scenarios(critical: Scenario) -> Scenarios:
    """The small scenario and another nobody has played."""
    folder = Path(critical.loc.path).parent
    (folder / "other.yaml").write_text(CRITICAL.replace("id: small", "id: other").replace(
        "A small call", "Another call"), encoding="utf-8")
    return Scenarios(Catalog(folder))


def view(store: Store, scenarios: Scenarios, links: Links | None = None) -> dict:  # type: ignore[type-arg]
    records = store.records(trainee="ana", with_turns=True)
    return trainee_view("ana", records, scenarios, load_profile(),
                        links=links or Links())


def test_where_they_stand_and_what_to_practise(store: Store, critical: Scenario,
                                               scenarios: Scenarios) -> None:
    """First and latest score per scenario; the scenario not passed with the most attempts
    and the moment where they left the best path most often."""
    for day, path in enumerate((["ask-where", "hang-up"], ["chat"],
                                ["ask-where", "tell-number"]), 2):
        play(store, critical, "ana", path, f"2026-03-0{day}T09:00:00.000+00:00")
    shown = view(store, scenarios)
    assert [(s["title"], s["status_text"], s["attempts"], s["first"], s["latest"], s["best"])
            for s in shown["standing"]] == [
        ("Another call", "Not started", "", "", "", ""),
        ("A small call", "Not passed yet", "3 attempts", "50.0", "0.0", "50.0")]
    assert shown["next"] == {
        "scenario": "A small call", "customer": "By the bridge.", "better": "Help is coming.",
        "text": "Practise “A small call” next, at this moment: the best path was left here "
                "2 times."}
    assert shown["summary"] == {"calls": "3 calls", "period": "Mar 2, 2026 – Mar 4, 2026",
                                "passed": "0 passed", "abandoned": "1 broken off"}


def test_every_attempt_newest_first_with_why(store: Store, critical: Scenario,
                                             scenarios: Scenarios) -> None:
    """A broken-off call is marked and has no scores; a critical error has its own part."""
    first = play(store, critical, "ana", ["ask-where", "tell-number"],
                 "2026-03-02T09:00:00.000+00:00")
    play(store, critical, "ana", ["chat"], "2026-03-03T09:00:00.000+00:00")
    shown = view(store, scenarios, Links(sessions=frozenset({first})))
    broken, critical_call = shown["attempts"]
    assert (broken["result"], broken["scores"], broken["href"]) == (
        "abandoned", ["–"] * 5, None)
    assert broken["details"] == [("Why it did not pass", "The call was broken off after 1 "
                                  "reply, before its ending: it has no scores.")]
    assert critical_call["href"] == f"session-{first}.html"
    assert critical_call["details"] == [("Ending", "Safe"),
                                        ("Critical errors", "Disclosed a number")]
    assert critical_call["scores"] == ["100.0", "100.0", "100.0", "100.0", "0.0"]


def test_the_weakest_dimension_states_its_window(store: Store, critical: Scenario,
                                                 scenarios: Scenarios) -> None:
    for day in range(1, 8):
        path = ["chat", "ask-where", "send"] if day % 2 else ["ask-where", "send"]
        play(store, critical, "ana", path, f"2026-03-0{day}T09:00:00.000+00:00")
    weakest = view(store, scenarios)["weakest"]  # speed 38.1, 100, 38.1, 100, 38.1
    assert (weakest["label"], weakest["average"], weakest["window"]) == (
        "Speed", "62.9", "over the last 5 completed calls (Mar 3, 2026 – Mar 7, 2026)")


def test_the_trend_stays_readable_at_55_calls(store: Store, critical: Scenario,
                                              scenarios: Scenarios) -> None:
    """At most twelve labels along the bottom, the last one the last call; a broken-off call
    is a tick, not a zero."""
    for n in range(55):
        path = ["chat"] if n == 10 else ["ask-where", "send" if n % 3 else "hang-up"]
        play(store, critical, "ana", path, f"2026-03-01T{n // 60:02d}:{n % 60:02d}:00.000+00:00")
    trend = view(store, scenarios)["trend"]
    labels = [t["label"] for t in trend["x_ticks"]]
    assert labels == ["1", "6", "11", "16", "21", "26", "31", "36", "41", "46", "55"]
    assert len(trend["dots"]) == 54
    assert len(trend["marks"]) == 1
    assert trend["caption"].startswith("55 calls. Each dot is a call's overall score")
    html = render("trainee.html", view(store, scenarios))
    assert html.count('class="dot ') == 54
