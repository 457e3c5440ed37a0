"""The cohort report, HR first: the headline with its period and filters, who needs
coaching on what, which scenario is hardest (against the floor of random play), the weekly
trend, which critical errors recur and who commits them, the status of every trainee on
every scenario, and the spread of the scores. The item analysis for trainers is `_items`.

Everything comes from `records.Cohort`, the figures summed in the database; nothing here
reads a call.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.present import _charts as charts
from simulator.present._coaching import assess, coaching, expected_scenarios, grid
from simulator.present._findings import Explainer
from simulator.present._floor import FloorFunction, FloorRow, random_floor
from simulator.present._items import items_view
from simulator.present._report import (
    NO_LINKS,
    Links,
    first_sentence,
    now,
    score_text,
    titles,
    words,
)
from simulator.present._screen import dimension_name
from simulator.present._words import Words
from simulator.records import Cohort, Pair
from simulator.scenario import DIMENSIONS, Scenario, Scenarios
from simulator.scoring import Profile

SCORES = (*DIMENSIONS, "overall")
TOP_TRAINEES = 20  # trainees listed under critical errors


def cohort_view(data: Cohort, scenarios: Scenarios, profile: Profile, lang: str = "en",
                links: Links = NO_LINKS, floor: FloorFunction = random_floor
                ) -> dict[str, Any]:
    """Everything the cohort report shows, as plain values."""
    w = words(lang)
    say = Words(lang)
    expected = expected_scenarios(data, scenarios)
    names = titles(set(expected) | set(data.scenarios), scenarios, lang)
    models = {s: scenarios.get(s) for s in names}
    people = assess(data, expected, names, models, say)
    return {
        "lang": lang, "w": w, "title": w["cohort_report"], "generated": now(lang),
        "headline": _headline(data, say, names),
        "coaching": coaching(people, profile, say, links),
        "scenarios": _scenario_rows(data, models, names, profile, say, floor),
        "trend": _trend(data, say, profile),
        "criticals": _criticals(data, models, names, say, links),
        "grid": grid(people, data, expected, names, say, links),
        "spread": _spread(data, names, profile, say),
        "items": items_view(data, models, profile, say),
        "glossary": [{"term": say(f"glossary.{k}-term"), "text": say(f"glossary.{k}")}
                     for k in GLOSSARY],
    }


GLOSSARY = ("pass-rate", "first-attempt", "average", "critical-rate", "abandon-rate",
            "floor", "coaching", "difficulty", "discrimination", "distractor", "hesitation",
            "sample")


def _share(part: int, whole: int, say: Words) -> str:
    return say.percent(part / whole) if whole else "–"


def _headline(data: Cohort, say: Words, names: dict[str, str]) -> dict[str, Any]:
    pairs = data.pairs
    calls = data.calls
    completed = sum(p.completed for p in pairs)
    filters = data.filters
    shown = [say("cohort.filter-scenario", title=names.get(filters.scenario,
                                                            filters.scenario))
             if filters.scenario else say("cohort.all-scenarios")]
    if filters.since:
        shown.append(say("cohort.filter-since", date=filters.since))
    if filters.until:
        shown.append(say("cohort.filter-until", date=filters.until))
    period = say("cohort.period", first=say.date(data.first_at), last=say.date(data.last_at)) \
        if data.first_at and data.last_at else say("cohort.no-calls")
    overall = sum(p.sums["overall"] for p in pairs)
    figures = [
        ("trainees", say.number(len({p.trainee for p in pairs}), 0), ""),
        ("calls", say.number(calls, 0), ""),
        ("completion", _share(completed, calls, say),
         say("cohort.of-calls", n=calls, part=say.number(completed, 0))),
        ("first-pass", _share(sum(p.first.passed for p in pairs), len(pairs), say),
         say("cohort.of-pairs", n=len(pairs),
             part=say.number(sum(p.first.passed for p in pairs), 0))),
        ("pass-rate", _share(sum(p.passed for p in pairs), calls, say),
         say("cohort.of-calls", n=calls, part=say.number(sum(p.passed for p in pairs), 0))),
        ("average", score_text(say, overall / completed) if completed else "–",
         say("cohort.over-completed", n=completed)),
        ("critical-rate", _share(sum(p.critical for p in pairs), calls, say),
         say("cohort.of-calls", n=calls, part=say.number(sum(p.critical for p in pairs), 0))),
        ("abandon-rate", _share(sum(p.abandoned for p in pairs), calls, say),
         say("cohort.of-calls", n=calls, part=say.number(sum(p.abandoned for p in pairs), 0))),
    ]
    return {"period": period, "filters": say.join(shown), "calls": calls,
            "figures": [{"key": k, "label": say(f"cohort.figure-{k}"), "value": v, "note": n}
                        for k, v, n in figures]}


def _scenario_rows(data: Cohort, models: dict[str, Scenario | None], names: dict[str, str],
                   profile: Profile, say: Words, floor: FloorFunction) -> dict[str, Any]:
    """One row per scenario with calls, hardest (lowest first-attempt pass rate) first."""
    by: dict[str, list[Pair]] = defaultdict(list)
    for pair in data.pairs:
        by[pair.scenario].append(pair)
    endings: dict[str, Counter[str | None]] = defaultdict(Counter)
    for row in data.endings:
        endings[row.scenario][row.ending] += row.calls
    rows = []
    for scenario_id, pairs in by.items():
        calls = sum(p.calls for p in pairs)
        done = sum(p.completed for p in pairs)
        firsts = sum(p.first.passed for p in pairs)
        scored = sum(p.scored_accuracy for p in pairs)
        means = {d: (sum(p.sums[d] for p in pairs) / (scored if d == "accuracy" else done))
                 if (scored if d == "accuracy" else done) else None for d in SCORES}
        model = models.get(scenario_id)
        rows.append({
            "id": scenario_id, "title": names[scenario_id],
            "first_rate": firsts / len(pairs),
            "trainees": say.number(len(pairs), 0), "calls": say.number(calls, 0),
            "pass_rate": _share(sum(p.passed for p in pairs), calls, say),
            "first_pass": _share(firsts, len(pairs), say),
            "means": [score_text(say, means[d]) for d in SCORES],
            "critical_rate": _share(sum(p.critical for p in pairs), calls, say),
            "abandon_rate": _share(sum(p.abandoned for p in pairs), calls, say),
            "endings": _endings(endings[scenario_id], calls, model, say),
            "floor": _floor(floor(model, profile) if model else (), say),
        })
    rows.sort(key=lambda r: (r["first_rate"], r["title"]))
    return {"rows": rows, "labels": [dimension_name(say, profile, k) for k in SCORES],
            "hardest": rows[0]["title"] if rows else ""}


def _floor(rows: Sequence[FloorRow], say: Words) -> list[dict[str, str]]:
    """What play without judgement scores; named by strategy where there are several."""
    out = []
    for row in rows:
        text = say("cohort.floor-text", rate=say.percent(row.passed),
                   overall=score_text(say, row.overall))
        if len(rows) > 1:
            name = say(f"floor.{row.strategy}") if say.has(f"floor.{row.strategy}") \
                else row.strategy
            text = f"{name}: {text}"
        out.append({"text": text})
    return out


def _endings(counts: Counter[str | None], calls: int, model: Scenario | None,
             say: Words) -> list[dict[str, Any]]:
    out = []
    for ending_id, n in counts.most_common():
        ending = model.endings.get(ending_id) if model and ending_id else None
        text = say("cohort.broken-off") if ending_id is None else (
            first_sentence(ending.text.get(say.lang)) if ending else ending_id)
        out.append({"text": text, "share": _share(n, calls, say),
                    "success": bool(ending and ending.success),
                    "outcome": say(f"outcome.{ending.outcome}") if ending else ""})
    return out


def _trend(data: Cohort, say: Words, profile: Profile) -> dict[str, Any]:
    """Pass rate and average overall per week (weeks start on Monday, local time)."""
    weeks: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for hour in data.hours:
        moment = datetime.fromisoformat(hour.hour + ":00:00").replace(tzinfo=UTC).astimezone()
        monday = (moment.date() - timedelta(days=moment.weekday())).isoformat()
        week = weeks[monday]
        week[0] += hour.calls
        week[1] += hour.completed
        week[2] += hour.passed
        week[3] += hour.overall
    ordered = sorted(weeks.items())
    labels = [say.date(monday, year=False) for monday, _ in ordered]
    chart = charts.frame(labels, profile.pass_mark)
    passed = [100 * v[2] / v[0] if v[0] else None for _, v in ordered]
    average = [v[3] / v[1] if v[1] else None for _, v in ordered]
    chart["series"] = [
        {"label": say("cohort.trend-pass-rate"), "style": "series-0",
         "points": charts.line(passed, len(ordered))},
        {"label": say("cohort.trend-average"), "style": "series-1",
         "points": charts.line(average, len(ordered))}]
    chart["rows"] = [{"week": say.date(monday), "calls": say.number(v[0], 0),
                      "pass_rate": _share(int(v[2]), int(v[0]), say),
                      "average": score_text(say, v[3] / v[1]) if v[1] else "–"}
                     for monday, v in ordered]
    chart["pass_mark_text"] = say("cohort.pass-mark-line", mark=say.number(profile.pass_mark))
    return chart


def _criticals(data: Cohort, models: dict[str, Scenario | None], names: dict[str, str],
               say: Words, links: Links) -> dict[str, Any]:
    calls_of: Counter[str] = Counter()
    for pair in data.pairs:
        calls_of[pair.scenario] += pair.calls
    by_type: Counter[tuple[str, str]] = Counter()
    trainees_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_trainee: dict[str, Counter[str]] = defaultdict(Counter)
    label: dict[tuple[str, str], str] = {}
    for scenario_id, trainee, error, n in data.criticals:
        key = (scenario_id, error)
        by_type[key] += n
        trainees_of[key].add(trainee)
        if key not in label:
            label[key] = Explainer(models.get(scenario_id), say).critical({"id": error})[0]
        by_trainee[trainee][label[key]] += n
    calls_with = Counter({p.trainee: 0 for p in data.pairs})
    for pair in data.pairs:
        calls_with[pair.trainee] += pair.critical
    types = [{"scenario": names.get(s, s), "label": label[(s, e)],
              "calls": say.number(n, 0), "share": _share(n, calls_of[s], say),
              "trainees": say.number(len(trainees_of[(s, e)]), 0)}
             for (s, e), n in by_type.most_common()]
    top = [t for t, n in calls_with.most_common() if n > 0]
    return {
        "types": types,
        "trainees": [{"name": t, "href": links.trainee(t),
                      "calls": say.number(calls_with[t], 0),
                      "errors": say.join(f"{text} × {say.number(n, 0)}"
                                         for text, n in by_trainee[t].most_common())}
                     for t in top[:TOP_TRAINEES]],
        "more": say("cohort.more-trainees", n=len(top) - TOP_TRAINEES)
        if len(top) > TOP_TRAINEES else "",
    }


def _spread(data: Cohort, names: dict[str, str], profile: Profile,
            say: Words) -> dict[str, Any]:
    """The overall's histogram (every call, exact), each scenario's, and each dimension's
    (over the sample when there is one)."""
    overall: dict[str, list[int]] = defaultdict(lambda: [0] * charts.BANDS)
    abandoned = 0
    for row in data.endings:
        if row.overall is None:
            abandoned += row.calls
        else:
            overall[row.scenario][charts.score_band(row.overall)] += row.calls
    total = [sum(band) for band in zip(*overall.values(), strict=True)] if overall \
        else [0] * charts.BANDS
    dimensions = []
    for d in DIMENSIONS:
        counts = [sum(band) for band in zip(*(v for (_, dim), v in data.bands.items()
                                              if dim == d), strict=True)]
        if counts and sum(counts):
            dimensions.append({"label": dimension_name(say, profile, d), "id": f"spread-{d}",
                               **charts.histogram(counts)})
    ordered = sorted(overall.items(), key=lambda i: names.get(i[0], i[0]))
    return {
        "overall": {"label": dimension_name(say, profile, "overall"), "id": "spread-overall",
                    **charts.histogram(total, profile.pass_mark)},
        "scenarios": [{"label": names.get(s, s), "id": f"spread-scenario-{n}",
                       **charts.histogram(v, profile.pass_mark)}
                      for n, (s, v) in enumerate(ordered, 1)],
        "dimensions": dimensions,
        "abandoned": say("cohort.unscored", n=abandoned) if abandoned else "",
        "sampled": say("cohort.sampled", n=data.sampled, total=say.number(data.calls, 0))
        if data.sampled < data.calls else "",
        "pass_mark": say("cohort.pass-mark-line", mark=say.number(profile.pass_mark)),
    }
