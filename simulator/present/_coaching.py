"""Who needs coaching on what, and the status of every trainee on every scenario: the two
parts of the cohort report an HR manager acts on.

A trainee needs coaching when they repeat critical errors (CRITICAL_REPEATS calls or more),
have not passed a scenario after STUCK_AFTER attempts, have made no call in the IDLE_DAYS
before the period ends, or have not started a scenario. Each comes with their weakest
dimension over all their completed calls in the period. The grid lists those trainees first
(most reasons first), then everyone else by name: it is sorted here, not in the browser.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from simulator.errors import UsageError
from simulator.present._findings import Explainer
from simulator.present._report import Links, score_text
from simulator.present._screen import dimension_name
from simulator.present._words import Words
from simulator.records import Cohort, Pair
from simulator.scenario import DIMENSIONS, Scenario, Scenarios
from simulator.scoring import Profile

CRITICAL_REPEATS = 2
STUCK_AFTER = 3
IDLE_DAYS = 14
SHOWN = 50  # trainees listed under "needs coaching"
GRID_ROWS = 1_000  # trainees in the grid; past that, the rest are counted and pointed to


def expected_scenarios(data: Cohort, scenarios: Scenarios) -> list[str]:
    """The scenarios every trainee is expected to take: the one filtered on, else every
    scenario in the catalog and any other the records have."""
    if data.filters.scenario is not None:
        return [data.filters.scenario]
    try:
        available = scenarios.catalog.ids()
    except UsageError:  # no scenario folder: only the scenarios recorded
        available = []
    return list(dict.fromkeys([*available, *data.scenarios]))


@dataclass(slots=True)
class Trainee:
    """A trainee's calls per scenario, and why they need coaching."""

    name: str
    pairs: dict[str, Pair] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    weight: int = 0


def _trainees(data: Cohort) -> dict[str, Trainee]:
    out: dict[str, Trainee] = {}
    for pair in data.pairs:
        out.setdefault(pair.trainee, Trainee(pair.trainee)).pairs[pair.scenario] = pair
    return out


def assess(data: Cohort, expected: list[str], names: dict[str, str],
           models: Mapping[str, Scenario | None], say: Words) -> list[Trainee]:
    """Every trainee with the reasons they need coaching (if any), most pressing first."""
    criticals: dict[str, Counter[str]] = defaultdict(Counter)
    explainers = {s: Explainer(m, say) for s, m in models.items()}
    for scenario_id, trainee, error, n in data.criticals:
        criticals[trainee][f"{scenario_id}\n{error}"] += n
    end = _end(data)
    people = _trainees(data)
    for person in people.values():
        pairs = person.pairs.values()
        critical = sum(p.critical for p in pairs)
        if critical >= CRITICAL_REPEATS:
            labels = []
            for key, _ in criticals[person.name].most_common(2):
                scenario_id, error = key.split("\n")
                explain = explainers.get(scenario_id) or Explainer(None, say)
                labels.append(explain.critical({"id": error})[0])
            person.reasons.append(say("cohort.reason-critical", n=critical,
                                      errors=say.join(labels)))
            person.weight += 8
        stuck = [p for p in pairs if p.passed == 0 and p.calls >= STUCK_AFTER]
        for pair in stuck:
            person.reasons.append(say("cohort.reason-stuck", n=pair.calls,
                                      scenario=names.get(pair.scenario, pair.scenario)))
            person.weight += 4
        last = max(p.latest.started_at for p in pairs)
        if end is not None and datetime.fromisoformat(last) < end - timedelta(days=IDLE_DAYS):
            person.reasons.append(say("cohort.reason-idle", n=IDLE_DAYS,
                                      date=say.date(last)))
            person.weight += 2
        missing = [names.get(s, s) for s in expected if s not in person.pairs]
        if len(missing) > 2:
            person.reasons.append(say("cohort.reason-not-started-count", n=len(missing),
                                      total=len(expected)))
        elif missing:
            person.reasons.append(say("cohort.reason-not-started", n=len(missing),
                                      scenarios=say.join(missing)))
        person.weight += bool(missing)
    return sorted(people.values(), key=lambda p: (-p.weight, p.name.casefold(), p.name))


def _end(data: Cohort) -> datetime | None:
    """When the period ends: the day after the `until` filter, else the latest call."""
    if data.filters.until is not None:
        return datetime.fromisoformat(data.filters.until + "T00:00:00+00:00") + \
            timedelta(days=1)
    return datetime.fromisoformat(data.last_at) if data.last_at else None


def _weakest(pairs: list[Pair], profile: Profile, say: Words) -> str:
    done = sum(p.completed for p in pairs)
    scored = sum(p.scored_accuracy for p in pairs)
    means = {}
    for d in DIMENSIONS:
        count = scored if d == "accuracy" else done
        if count:
            means[d] = sum(p.sums[d] for p in pairs) / count
    if not means or min(means.values()) == max(means.values()):
        return ""
    low = min(means, key=lambda d: means[d])
    return say("cohort.weakest-short", dimension=dimension_name(say, profile, low),
               average=score_text(say, means[low]), n=done)


def coaching(people: list[Trainee], profile: Profile, say: Words,
             links: Links) -> dict[str, Any]:
    """The trainees who need coaching, most pressing first (SHOWN of them at most)."""
    needing = [p for p in people if p.reasons]
    return {
        "rows": [{"name": p.name, "href": links.trainee(p.name), "reasons": p.reasons,
                  "weakest": _weakest(list(p.pairs.values()), profile, say)}
                 for p in needing[:SHOWN]],
        "count": say("cohort.coaching-count", n=len(needing)),
        "more": say("cohort.more-trainees", n=len(needing) - SHOWN)
        if len(needing) > SHOWN else "",
        "rules": say("cohort.coaching-rules", repeats=CRITICAL_REPEATS, attempts=STUCK_AFTER,
                     n=IDLE_DAYS),
    }


def grid(people: list[Trainee], data: Cohort, expected: list[str], names: dict[str, str],
         say: Words, links: Links) -> dict[str, Any]:
    """Each trainee's status on each scenario with first and latest score; those needing
    coaching first."""
    columns = expected + [s for s in data.scenarios if s not in expected]
    # The same few texts over and over (25,000 cells at 5,000 trainees): made once each.
    not_started = {"status": "not-started", "text": say("progress.not-started"), "scores": "",
                   "attempts": ""}
    status = {True: say("progress.passed-status"), False: say("progress.not-yet")}
    abandoned = say("report.abandoned")
    attempts: dict[int, str] = {}
    rows = []
    for person in people[:GRID_ROWS]:
        cells = []
        for scenario_id in columns:
            pair = person.pairs.get(scenario_id)
            if pair is None:
                cells.append(not_started)
                continue
            first = abandoned if pair.first.overall is None else say.fixed(pair.first.overall)
            latest = abandoned if pair.latest.overall is None else \
                say.fixed(pair.latest.overall)
            if pair.calls not in attempts:
                attempts[pair.calls] = say("progress.attempts", n=pair.calls)
            cells.append({
                "status": "passed" if pair.passed else "not-yet",
                "text": status[bool(pair.passed)],
                "scores": first if pair.calls == 1 else say("cohort.first-latest",
                                                             first=first, latest=latest),
                "attempts": attempts[pair.calls]})
        rows.append({"name": person.name, "href": links.trainee(person.name),
                     "attention": bool(person.reasons), "cells": cells})
    return {"columns": [names.get(s, s) for s in columns], "rows": rows,
            "more": say("cohort.grid-more", n=len(people) - GRID_ROWS, shown=GRID_ROWS)
            if len(people) > GRID_ROWS else ""}
