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
from simulator.present._progress import RECENT, Standing, standings, what_next
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
from simulator.present._report_practice import trainee_practice
from simulator.present._screen import dimension_name
from simulator.present._why import short_reason
from simulator.present._words import Words
from simulator.records import Record
from simulator.scenario import DIMENSIONS, Scenarios
from simulator.scoring import Profile

WINDOW = RECENT  # completed calls the weakest dimension is taken over, as `next` takes it


def trainee_view(trainee: str, records: Sequence[Record], scenarios: Scenarios,
                 profile: Profile, lang: str = "en", links: Links = NO_LINKS) -> dict[str, Any]:
    """Every attempt of one trainee (oldest first, with turns), where they stand on each
    scenario, what to practise next, the weakest dimension and the trend."""
    w = words(lang)
    say = Words(lang)
    ids = list(dict.fromkeys([*_available(scenarios), *(r.scenario for r in records)]))
    names = titles(ids, scenarios, lang)
    standing = [_standing(found, [r for r in records if r.scenario == found.scenario],
                          names[found.scenario], say, links)
                for found in standings(records, ids)]
    done = [r for r in records if r.complete]
    return {
        "lang": lang, "w": w, "title": f"{w['trainee_report']}: {trainee}",
        "generated": now(lang), "trainee": trainee,
        "links": {"cohort": links.cohort},
        "summary": _summary(records, say),
        "standing": standing,
        "next": _next(records, ids, scenarios, profile, say),
        "weakest": _weakest(done, profile, say),
        "trend": _trend(records, say),
        "labels": [dimension_name(say, profile, k) for k in SCORES],
        "attempts": [_attempt(r, scenarios, names, profile, say, links)
                     for r in reversed(records)],
        **trainee_practice(records, names, lang),
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
        # Passes are of first attempts: a practice attempt (a retry) is never one.
        "passed": say("progress.passed", n=sum(r.passed for r in records if not r.practice)),
        "abandoned": say("progress.abandoned", n=sum(not r.complete for r in records)),
    }


def _standing(found: Standing, mine: list[Record], title: str, say: Words,
              links: Links) -> dict[str, Any]:
    """Where the trainee stands on one scenario (`_progress.standings`: passed, not yet
    passed or not started, by first attempts), with the first and latest scores."""
    if found.status == "not-started":
        return {"id": found.scenario, "title": title, "status": "not-started",
                "status_text": say("progress.not-started"), "attempts": "", "first": "",
                "latest": "", "best": "", "href": None}
    first = [r for r in mine if not r.practice] or mine
    passed = found.status == "passed"
    attempts = say("progress.attempts", n=found.attempts)
    if found.practice:
        attempts += " " + say("practice.practice-count", n=found.practice)
    return {
        "id": found.scenario, "title": title, "status": "passed" if passed else "not-yet",
        "status_text": say("progress.passed-status" if passed else "progress.not-yet"),
        "attempts": attempts,
        "first": _shown(first[0], say), "latest": _shown(first[-1], say),
        "best": score_text(say, found.best) if found.best is not None else "–",
        "href": links.session(mine[-1].id),
    }


def _shown(record: Record, say: Words) -> str:
    return score_text(say, record.scores["overall"]) if record.complete else \
        say("report.abandoned")


def _next(records: Sequence[Record], ids: Sequence[str], scenarios: Scenarios,
          profile: Profile, say: Words) -> dict[str, Any] | None:
    """What `agentsim next` suggests (`_progress.what_next`): the scenario to practise and
    the moment where this trainee most often left the best path, with the better reply."""
    loaded = [found for found in map(scenarios.get, ids) if found is not None]
    suggestion = what_next(records, loaded, profile)
    if suggestion is None:
        return None
    scenario, lang = suggestion.scenario, say.lang
    title = scenario.title.get(lang)
    moment = suggestion.moment
    if moment is None:
        key = "progress.start" if suggestion.standing.status == "not-started" else \
            "progress.practise"
        return {"scenario": title, "text": say(key, scenario=title), "customer": "",
                "better": ""}
    return {"scenario": title,
            "text": say("progress.practise-moment", scenario=title, n=moment.wrong),
            "customer": scenario.states[moment.state].customer.get(lang),
            "better": moment.better.text.get(lang) if moment.better else ""}


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
        "practice": record.practice,
        "scores": [score_text(say, record.scores.get(k)) for k in SCORES],
    }
