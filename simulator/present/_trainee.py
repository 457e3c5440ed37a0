"""The trainee report: one trainee's progress for the trainee and their coach. Where they
stand on each scenario (first and latest score), what to practise next and at which moment,
the weakest dimension over a stated window, the trend of their calls, and every attempt with
why it did not pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from simulator.errors import UsageError
from simulator.present import _charts as charts
from simulator.present._findings import Explainer
from simulator.present._report import (
    NO_LINKS,
    SCORES,
    Links,
    first_sentence,
    now,
    score_text,
    titles,
    words,
)
from simulator.present._screen import dimension_name
from simulator.present._why import short_reason
from simulator.present._words import Words
from simulator.records import Record
from simulator.scenario import DIMENSIONS, Scenario, Scenarios
from simulator.scoring import Profile, best_replies

WINDOW = 5  # completed calls the weakest dimension is taken over


def trainee_view(trainee: str, records: Sequence[Record], scenarios: Scenarios,
                 profile: Profile, lang: str = "en", links: Links = NO_LINKS) -> dict[str, Any]:
    """Every attempt of one trainee (oldest first, with turns), where they stand on each
    scenario, what to practise next, the weakest dimension and the trend."""
    w = words(lang)
    say = Words(lang)
    ids = list(dict.fromkeys([*_available(scenarios), *(r.scenario for r in records)]))
    names = titles(ids, scenarios, lang)
    standing = [_standing(s, [r for r in records if r.scenario == s], names[s], say, links)
                for s in ids]
    done = [r for r in records if r.complete]
    return {
        "lang": lang, "w": w, "title": f"{w['trainee_report']}: {trainee}",
        "generated": now(lang), "trainee": trainee,
        "links": {"cohort": links.cohort},
        "summary": _summary(records, say),
        "standing": standing,
        "next": _next(records, standing, scenarios, profile, lang),
        "weakest": _weakest(done, profile, say),
        "trend": _trend(records, say),
        "labels": [dimension_name(say, profile, k) for k in SCORES],
        "attempts": [_attempt(r, scenarios, names, profile, say, links)
                     for r in reversed(records)],
        # A coach's notes on this trainee, newest first, once the records keep them.
        "coach_notes": [],
    }


def _available(scenarios: Scenarios) -> list[str]:
    try:
        return scenarios.catalog.ids()
    except UsageError:  # no scenario folder: only the scenarios recorded
        return []


def _summary(records: Sequence[Record], say: Words) -> dict[str, str]:
    if not records:
        return {"calls": say("progress.calls", n=0), "period": "", "passed": "",
                "abandoned": ""}
    return {
        "calls": say("progress.calls", n=len(records)),
        "period": say("cohort.period", first=say.date(records[0].started_at),
                      last=say.date(records[-1].started_at)),
        "passed": say("progress.passed", n=sum(r.passed for r in records)),
        "abandoned": say("progress.abandoned", n=sum(not r.complete for r in records)),
    }


def _standing(scenario_id: str, mine: list[Record], title: str, say: Words,
              links: Links) -> dict[str, Any]:
    """Where the trainee stands on one scenario: passed, not yet, or not started."""
    if not mine:
        return {"id": scenario_id, "title": title, "status": "not-started",
                "status_text": say("progress.not-started"), "attempts": "", "first": "",
                "latest": "", "best": "", "href": None}
    scored = [r.scores["overall"] for r in mine if r.complete]
    passed = any(r.passed for r in mine)
    return {
        "id": scenario_id, "title": title, "status": "passed" if passed else "not-yet",
        "status_text": say("progress.passed-status" if passed else "progress.not-yet"),
        "attempts": say("progress.attempts", n=len(mine)),
        "first": _shown(mine[0], say), "latest": _shown(mine[-1], say),
        "best": score_text(say, max(scored)) if scored else "–",
        "href": links.session(mine[-1].id),
    }


def _shown(record: Record, say: Words) -> str:
    return score_text(say, record.scores["overall"]) if record.complete else \
        say("report.abandoned")


def _next(records: Sequence[Record], standing: list[dict[str, Any]], scenarios: Scenarios,
          profile: Profile, lang: str) -> dict[str, Any] | None:
    """The scenario to practise next (the one not yet passed with the most attempts, else the
    first not started) and the moment where this trainee most often left the best path."""
    say = Words(lang)
    not_yet = [s for s in standing if s["status"] == "not-yet"]
    if not_yet:
        target = max(not_yet, key=lambda s: sum(r.scenario == s["id"] for r in records))
    else:
        fresh = [s for s in standing if s["status"] == "not-started"]
        if not fresh:
            return None
        return {"scenario": fresh[0]["title"], "text": say("progress.start", scenario=
                fresh[0]["title"]), "customer": "", "better": ""}
    scenario = scenarios.get(target["id"])
    mine = [r for r in records if r.scenario == target["id"] and r.turns]
    moment = _moment(scenario, mine, profile) if scenario else None
    if scenario is None or moment is None:
        return {"scenario": target["title"], "text": say("progress.practise",
                scenario=target["title"]), "customer": "", "better": ""}
    state_id, better, missed = moment
    state = scenario.states[state_id]
    return {"scenario": target["title"],
            "text": say("progress.practise-moment", scenario=target["title"], n=missed),
            "customer": state.customer.get(lang),
            "better": better.text.get(lang) if better else ""}


def _moment(scenario: Scenario, mine: list[Record], profile: Profile) -> Any:
    """(state, better reply, times missed) of the moment most often answered off the best
    path in these calls; None if never."""
    missed: Counter[str] = Counter()
    better: dict[str, Any] = {}
    for record in mine:
        for turn, best in zip(record.turns, best_replies(scenario, record.turns, profile),
                              strict=False):
            if best is not None and best.id != turn.choice:
                missed[turn.state] += 1
                better.setdefault(turn.state, best)
    if not missed:
        return None
    state, count = missed.most_common(1)[0]
    return state, better[state], count


def _weakest(done: list[Record], profile: Profile, say: Words) -> dict[str, Any] | None:
    """The dimension with the lowest mean over the last WINDOW completed calls, the window
    stated; None where every dimension is level or no call was completed."""
    recent = done[-WINDOW:]
    if not recent:
        return None
    means = {d: sum(r.scores[d] for r in recent if d in r.scores)
             / sum(d in r.scores for r in recent)
             for d in DIMENSIONS if any(d in r.scores for r in recent)}
    window = say("progress.window", n=len(recent), first=say.date(recent[0].started_at),
                 last=say.date(recent[-1].started_at))
    bars = [{"key": d, "label": dimension_name(say, profile, d),
             "value": score_text(say, v), "width": f"{v:.1f}"} for d, v in means.items()]
    low = min(means, key=lambda d: means[d])
    level = means[low] == max(means.values())
    return {"label": None if level else dimension_name(say, profile, low),
            "average": score_text(say, means[low]), "window": window, "bars": bars}


def _trend(records: Sequence[Record], say: Words) -> dict[str, Any]:
    """Each call's overall as a dot (filled: passed), a tick for a call without a score,
    the mean of the last WINDOW scores as a line, and the pass mark."""
    count = len(records)
    marks = Counter(r.pass_mark for r in records)
    chart = charts.frame([str(i + 1) for i in range(count)],
                         marks.most_common(1)[0][0] if marks else None)
    scored = [(i, r.scores["overall"], r.passed) for i, r in enumerate(records) if r.complete]
    means = charts.rolling([v for _, v, _ in scored], WINDOW)
    chart["series"] = []
    chart["dots"] = charts.dots(scored, count)
    chart["marks"] = charts.marks([i for i, r in enumerate(records) if not r.complete], count)
    points: list[float | None] = [None] * count
    for (i, _, _), m in zip(scored, means, strict=True):
        points[i] = m
    chart["line"] = charts.line(points, count)
    chart["count"] = count
    chart["caption"] = say("progress.trend-caption", n=count, window=WINDOW)
    return chart


def _attempt(record: Record, scenarios: Scenarios, names: dict[str, str], profile: Profile,
             say: Words, links: Links) -> dict[str, Any]:
    scenario = scenarios.get(record.scenario)
    ending = scenario.endings.get(record.ending or "") if scenario else None
    explain = Explainer(scenario, say)
    critical = [explain.critical(e)[0] for e in record.critical_errors]
    why = short_reason(record, scenario, profile, say)
    details = [(say("report.ending"), first_sentence(ending.text.get(say.lang)) if ending
                else record.ending or "")] if record.complete else []
    if critical:
        details.append((say("progress.col_critical_errors"), say.join(critical)))
    if why:
        details.append((say("progress.col_why"), why))
    return {
        "id": record.id[:8], "href": links.session(record.id), "details": details,
        "date": say.when(record.started_at), "scenario": names.get(record.scenario,
                                                                   record.scenario),
        "status": "passed" if record.passed else ("failed" if record.complete
                                                  else "abandoned"),
        "result": say("report.passed") if record.passed else (
            say("report.failed") if record.complete else say("report.abandoned")),
        "scores": [score_text(say, record.scores.get(k)) for k in SCORES],
    }
