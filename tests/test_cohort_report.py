"""The cohort report's view-model: the headline, who needs coaching, the scenarios against
the floor, the trend, critical errors, the grid, the spread and the item analysis."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from statistics import correlation, pstdev

import pytest

from simulator.present import FloorRow, cohort_view, kept_floor, render
from simulator.present._items import _Sums, call_order, median_seconds, point_biserial
from simulator.records import Store
from simulator.scenario import Catalog, Scenario, Scenarios
from simulator.scoring import load_profile
from tests.cohorts import play


@pytest.fixture(autouse=True)
def jakarta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is Jakarta's (UTC+7), so dates and weeks are shown in local time."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def store(records: Path, critical: Scenario) -> Iterator[Store]:
    """Five trainees of one scenario: ana passes at her second call, budi breaks one off and
    commits a critical error twice, citra passes first time in Indonesian, dewi fails three
    times, eko passed once a month before the others."""
    store = Store(f"sqlite:///{records}")
    plays = [("ana", ["ask-where", "hang-up"], "03-02T02:00", "en"),
             ("ana", ["ask-where", "send"], "03-03T02:00", "en"),
             ("budi", ["chat"], "03-02T03:00", "en"),
             ("budi", ["ask-where", "tell-number"], "03-09T03:00", "en"),
             ("budi", ["ask-where", "tell-number"], "03-10T03:00", "en"),
             ("citra", ["ask-where", "send"], "03-04T01:30", "id"),
             ("dewi", ["ask-where", "hang-up"], "03-05T04:00", "en"),
             ("dewi", ["ask-where", "hang-up"], "03-06T04:00", "en"),
             ("dewi", ["ask-where", "hang-up"], "03-12T04:00", "en"),
             ("eko", ["ask-where", "send"], "02-01T09:00", "en")]
    for trainee, path, when, lang in plays:
        play(store, critical, trainee, path, f"2026-{when}:00.000+00:00", lang)
    yield store
    store.close()


def view(store: Store, critical: Scenario, lang: str = "en") -> dict:  # type: ignore[type-arg]
    folder = Path(critical.loc.path).parent
    return cohort_view(store.cohort(), Scenarios(Catalog(folder)), load_profile(), lang)


def test_the_headline_states_period_filters_and_rates(store: Store, critical: Scenario) -> None:
    """Trainees, calls, completion, pass rates on the first attempt and overall, the average
    overall of completed calls, critical-error and abandonment rates, in local dates."""
    headline = view(store, critical)["headline"]
    assert headline["period"] == "Feb 1, 2026 – Mar 12, 2026"
    assert headline["filters"] == "All scenarios"
    assert [(f["label"], f["value"], f["note"]) for f in headline["figures"]] == [
        ("Trainees", "5", ""),
        ("Calls", "10", ""),
        ("Completed", "90%", "9 of 10 calls"),
        ("Passed at the first attempt", "40%",
         "2 of 5 first calls (one per trainee and scenario)"),
        ("Calls passed", "30%", "3 of 10 calls"),
        ("Average overall", "55.6", "over 9 completed calls"),
        ("Calls with a critical error", "20%", "2 of 10 calls"),
        ("Calls broken off", "10%", "1 of 10 calls")]


def test_who_needs_coaching_on_what(store: Store, critical: Scenario) -> None:
    """Repeated critical errors first, then a scenario not passed after three attempts, then
    no call in the last 14 days; each with the weakest dimension over their calls."""
    coaching = view(store, critical)["coaching"]
    assert coaching["count"] == "3 trainees need coaching."
    assert [(c["name"], c["reasons"], c["weakest"]) for c in coaching["rows"]] == [
        ("budi", ["2 calls with a critical error (Disclosed a number)",
                  "Not passed after 3 attempts: A small call"],
         ""),  # critical errors zero the overall, not the dimensions: all level
        ("dewi", ["Not passed after 3 attempts: A small call"], ""),
        ("eko", ["No call in the last 14 days of the period (last on Feb 1, 2026)"], "")]


def test_the_grid_puts_those_needing_coaching_first(store: Store, critical: Scenario) -> None:
    """Status with first and latest score and attempts; the rest by name."""
    grid = view(store, critical)["grid"]
    assert grid["columns"] == ["A small call"]
    assert [(r["name"], r["attention"], r["cells"][0]["text"], r["cells"][0]["scores"],
             r["cells"][0]["attempts"]) for r in grid["rows"]] == [
        ("budi", True, "Not passed yet", "abandoned → 0.0", "3 attempts"),
        ("dewi", True, "Not passed yet", "50.0 → 50.0", "3 attempts"),
        ("eko", True, "Passed", "100.0", "1 attempt"),
        ("ana", False, "Passed", "50.0 → 100.0", "2 attempts"),
        ("citra", False, "Passed", "100.0", "1 attempt")]


def test_each_scenario_against_the_floor_of_random_play(store: Store,
                                                        critical: Scenario) -> None:
    """Pass rates, critical and abandonment rates, the mean of each dimension, the endings
    reached and what random play scores."""
    row = view(store, critical)["scenarios"]["rows"][0]
    assert (row["title"], row["trainees"], row["calls"], row["first_pass"], row["pass_rate"],
            row["critical_rate"], row["abandon_rate"]) == (
        "A small call", "5", "10", "40%", "30%", "20%", "10%")
    assert row["means"] == ["100.0", "100.0", "100.0", "100.0", "55.6"]
    assert [(e["share"], e["success"], e["text"]) for e in row["endings"]] == [
        ("50%", True, "Safe"), ("40%", False, "Alone"),
        ("10%", False, "Broken off (no ending)")]
    # 200 seeded calls as `explore --strategies` plays them (a random reply among those not
    # yet given at that point); 5,000 give 33.4 % and 50.7.
    assert row["floor"] == [{"text": "passes 40%, average 55.5"}]


def test_the_trend_is_weekly_in_local_time(store: Store, critical: Scenario) -> None:
    """Weeks start on Monday in local time: 02:00 UTC on Monday 2 March is Monday there."""
    trend = view(store, critical)["trend"]
    assert [(r["week"], r["calls"], r["pass_rate"], r["average"]) for r in trend["rows"]] == [
        ("Jan 26, 2026", "1", "100%", "100.0"),
        ("Mar 2, 2026", "6", "33%", "70.0"),
        ("Mar 9, 2026", "3", "0%", "16.7")]
    assert [t["label"] for t in trend["x_ticks"]] == ["Jan 26", "Mar 2", "Mar 9"]
    assert trend["pass_mark"] == {"y": "73.6", "label": "70"}  # 16 + 0.3 * 192


def test_critical_errors_by_type_and_by_trainee(store: Store, critical: Scenario) -> None:
    criticals = view(store, critical)["criticals"]
    assert criticals["types"] == [{"scenario": "A small call", "label": "Disclosed a number",
                                   "calls": "2", "share": "20%", "trainees": "1"}]
    assert [(t["name"], t["calls"], t["errors"]) for t in criticals["trainees"]] == [
        ("budi", "2", "Disclosed a number × 2")]


def test_histograms_keep_100_apart_and_count_broken_off_calls(store: Store,
                                                              critical: Scenario) -> None:
    spread = view(store, critical)["spread"]
    overall = spread["overall"]
    assert [b["label"] for b in overall["bars"]][-2:] == ["90–99", "100"]
    assert [b["count"] for b in overall["bars"]] == [2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 3]
    assert overall["pass_mark_at"] == "63.64"
    assert spread["abandoned"] == ("1 call was broken off: it has no score and is not counted "
                                   "here.")


def test_every_reply_on_offer_is_analysed_nobody_chose_it_too(store: Store,
                                                              critical: Scenario) -> None:
    """Decision points in call order, headed by the customer's line in the report's
    language; every reply with its share, the best, critical and never-chosen ones marked."""
    items = view(store, critical, "id")["items"]
    points = items["scenarios"][0]["points"]
    assert [p["customer"] for p in points] == ["Tolong saya.", "Dekat jembatan."]
    where = points[1]
    assert [(r["text"], r["share"], r["best"], r["critical"], r["never"]) for r in
            where["replies"]] == [
        ("Bantuan datang.", "33%", True, False, False),
        ("Tarik napas.", "0%", False, False, True),
        ("Nomornya 555.", "22%", False, True, False),
        ("Sampai jumpa.", "44%", False, False, False)]
    assert (where["reached"], where["difficulty"], where["discrimination"]) == (
        "9 kali", "33%", "–")
    assert where["enough"] is False
    assert items["minimum"].startswith("Titik keputusan yang dicapai kurang dari 30 panggilan")


def test_the_report_renders_in_both_languages(store: Store, critical: Scenario) -> None:
    html = render("cohort.html", view(store, critical, "id"))
    assert "Perlu pendampingan" in html
    assert "Panggilan yang lulus" in html
    html = render("cohort.html", view(store, critical))
    assert "What the figures mean" in html
    assert "Point-biserial" not in html


def test_point_biserial_is_the_correlation_of_choosing_with_the_score() -> None:
    """From sums alone it equals Pearson's correlation of the 0/1 choice with the score."""
    chose = [1, 1, 1, 0, 0, 0, 0, 1, 0, 1]
    score = [90.0, 80.0, 75.0, 40.0, 55.0, 70.0, 20.0, 95.0, 60.0, 30.0]
    whole, part = _Sums(), _Sums()
    for c, s in zip(chose, score, strict=True):
        whole.add(_Sums(1, 1, s, s * s))
        if c:
            part.add(_Sums(1, 1, s, s * s))
    assert point_biserial(part, whole) == pytest.approx(correlation(chose, score))
    assert pstdev(score) > 0
    assert point_biserial(whole, whole) is None  # everyone chose it: undefined


def test_call_order_and_median_thinking(critical: Scenario) -> None:
    assert call_order(critical) == ["hello", "where"]
    assert median_seconds({3: 2, 10: 1, 60: 2}) == 10.0
    assert median_seconds({}) is None


def test_the_floor_is_kept_for_the_next_report(store: Store, critical: Scenario) -> None:
    """The first report walks the scenario; the next reads what it kept, even in another
    process (the records hold it)."""
    walked: list[str] = []

    def floor(scenario: Scenario, profile: object) -> list[FloorRow]:
        walked.append(scenario.id)
        return [FloorRow("random", 0.25, 31.3, 200)]

    kept = kept_floor(floor, store)
    assert kept(critical, load_profile()) == (FloorRow("random", 0.25, 31.3, 200),)
    assert kept(critical, load_profile()) == (FloorRow("random", 0.25, 31.3, 200),)
    assert walked == ["small"]
    assert store.kept(f"floor:floor:{critical.digest[:20]}:{load_profile().digest[:20]}") == (
        "random 0.2500 31.3 200")


def test_the_report_reads_scores_against_random_play_and_the_surface_strategies(
        store: Store, critical: Scenario) -> None:
    """The cohort report as `report --cohort` writes it: each scenario's floor is random
    play and the surface strategies, as `explore --strategies` plays them."""
    from simulator.present import cohort_report, judgement_floor
    from simulator.records import Filters
    from simulator.scoring import play_strategies

    profile = load_profile()
    rows = judgement_floor(critical, profile)
    results = play_strategies(critical, profile)
    assert [r.strategy for r in rows] == ["random", "strategies"]
    assert rows[0].passed == results.random.rate
    assert rows[1].walks == len(results.runs) == 8 * len(critical.languages)
    assert rows[1].passed == len(results.passing()) / len(results.runs)
    folder = Path(critical.loc.path).parent
    html, _ = cohort_report(store, Scenarios(Catalog(folder)), profile, Filters(), "en")
    assert "Random play: passes" in html
    assert "Surface strategies: passes" in html
    assert "Without judgement" in html


def test_a_read_only_report_keeps_the_floor_in_the_cache_not_the_records(
        store: Store, critical: Scenario, tmp_path: Path) -> None:
    """`report` reads the records without changing them: the floor it works out is kept in
    this user's cache folder (AGENTSIM_CACHE), and the next report reads it from there."""
    walked: list[str] = []

    def floor(scenario: Scenario, profile: object) -> list[FloorRow]:
        walked.append(scenario.id)
        return [FloorRow("random", 0.25, 31.3, 200)]

    for _ in range(2):
        reading = Store(store.url, read_only=True)
        kept = kept_floor(floor, reading)
        assert kept(critical, load_profile()) == (FloorRow("random", 0.25, 31.3, 200),)
        reading.close()
    assert walked == ["small"]
    assert store.kept(f"floor:floor:{critical.digest[:20]}:{load_profile().digest[:20]}") \
        == "random 0.2500 31.3 200"  # found in the cache: the records hold no such value
    with store.engine.connect() as conn:
        keys = [row[0] for row in conn.exec_driver_sql("SELECT key FROM agentsim_meta")]
    assert not [key for key in keys if key.startswith("report:")]
    assert list((tmp_path / "cache" / "report").glob("*.txt"))
