"""Where a trainee stands on each scenario, and what to practise next.

A scenario is passed when a first attempt passed: a practice attempt (a retry) never counts
as a first attempt. The scenario to practise next is one not yet passed (one already tried
before one not started), then the one where the trainee's weakest dimension scored lowest,
then the one practised longest ago; with it, the moment of that call where the trainee most
often left the best path, and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Any

from simulator.present._findings import Explainer
from simulator.present._screen import dimension_name
from simulator.present._words import Words
from simulator.records import Record
from simulator.scenario import DIMENSIONS, Choice, Scenario
from simulator.scoring import Profile, best_replies

RECENT = 5  # calls the weakest dimension is judged on, as in the trainee report
DIFFICULTY = {"easy": 0, "medium": 1, "hard": 2}
STATUSES = ("not-passed", "not-started", "passed")  # the order `next` prefers them in


@dataclass(frozen=True, slots=True)
class Standing:
    """A trainee's standing on one scenario. `best` and `latest` are overall scores of
    completed first attempts; `last_played` is when any attempt last started."""

    scenario: str
    status: str
    attempts: int = 0
    practice: int = 0
    best: float | None = None
    latest: float | None = None
    last_played: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "attempts": self.attempts, "practice": self.practice,
                "best": self.best, "latest": self.latest, "last_played": self.last_played}


@dataclass(frozen=True, slots=True)
class Moment:
    """Where a trainee most often left the best path in one scenario: at `state`, reply
    `turn` of call `session` (the latest that went wrong there), `wrong` times in `calls`."""

    state: str
    turn: int
    session: str
    wrong: int
    calls: int
    finding: dict[str, Any] | None
    better: Choice | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The scenario to practise next, why, and the moment to work on."""

    scenario: Scenario
    standing: Standing
    weakest: str | None
    weak_score: float | None
    moment: Moment | None


def standings(records: Sequence[Record], scenario_ids: Sequence[str]) -> list[Standing]:
    """Each scenario's standing for the trainee whose records these are (oldest first)."""
    out = []
    for scenario_id in scenario_ids:
        mine = [r for r in records if r.scenario == scenario_id]
        first = [r for r in mine if not r.practice]
        scored = [r.scores["overall"] for r in first if r.complete]
        status = ("passed" if any(r.passed for r in first) else
                  "not-passed" if mine else "not-started")
        out.append(Standing(scenario_id, status, len(first), len(mine) - len(first),
                            max(scored) if scored else None, scored[-1] if scored else None,
                            max((r.started_at for r in mine), default=None)))
    return out


def weakest_dimension(records: Sequence[Record]) -> str | None:
    """The dimension with the lowest mean over the last RECENT completed calls; None when
    there are none or all are level."""
    recent = [r for r in records if r.complete][-RECENT:]
    averages = {d: mean(r.scores[d] for r in recent if d in r.scores) for d in DIMENSIONS
                if any(d in r.scores for r in recent)}
    if not averages or min(averages.values()) == max(averages.values()):
        return None
    return min(averages, key=lambda d: averages[d])


def what_next(records: Sequence[Record], scenarios: Sequence[Scenario],
              profile: Profile) -> Suggestion | None:
    """The scenario to practise next for the trainee whose records (with turns) these are."""
    if not scenarios:
        return None
    order = {s.id: index for index, s in enumerate(scenarios)}
    by_id = {s.id: s for s in scenarios}
    weakest = weakest_dimension(records)

    def weak_score(scenario_id: str) -> float | None:
        done = [r for r in records if r.scenario == scenario_id and r.complete]
        if weakest is None or not done or weakest not in done[-1].scores:
            return None
        return done[-1].scores[weakest]

    def rank(standing: Standing) -> tuple[Any, ...]:
        weak = weak_score(standing.scenario)
        difficulty = DIFFICULTY.get(by_id[standing.scenario].difficulty, 1)
        return (STATUSES.index(standing.status), weak if weak is not None else 101.0,
                standing.last_played or "", difficulty, order[standing.scenario])

    chosen = min(standings(records, list(by_id)), key=rank)
    scenario = by_id[chosen.scenario]
    mine = [r for r in records if r.scenario == scenario.id and r.digest == scenario.digest]
    return Suggestion(scenario, chosen, weakest, weak_score(chosen.scenario),
                      _moment(scenario, mine, profile))


def _moment(scenario: Scenario, records: Sequence[Record],
            profile: Profile) -> Moment | None:
    """The state where the trainee most often gave a reply other than the best one (the
    earliest such reply on a tie); replies a retry replayed are not counted."""
    reached: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    last: dict[str, tuple[Record, int, Choice | None]] = {}
    first_turn: dict[str, int] = {}
    for record in records:
        seen: set[str] = set()
        for turn, best in zip(record.turns, best_replies(scenario, record.turns, profile),
                              strict=True):
            if record.retry_from is not None and turn.number < record.retry_from:
                continue
            first_turn.setdefault(turn.state, turn.number)
            if turn.state not in seen:
                reached[turn.state] += 1
            if best is not None and best.id != turn.choice and turn.state not in seen:
                wrong[turn.state] += 1
                last[turn.state] = (record, turn.number, best)
            seen.add(turn.state)
    if not wrong:
        return None
    state = min(wrong, key=lambda s: (-wrong[s], first_turn[s]))
    record, number, better = last[state]
    findings = [f for f in record.findings if f.get("turn") == number]
    finding = max(findings, key=lambda f: f.get("overall", 0.0)) if findings else None
    return Moment(state, number, record.id, wrong[state], reached[state], finding, better)


def standing_lines(rows: Sequence[Standing], words: Words) -> list[str]:
    """`list --trainee`: one line per scenario, within 80 columns."""

    def number(value: float | None) -> str:
        return words.number(value, 0) if value is not None else "-"

    w = words.group("practice")
    lines = [f"{w['col-scenario']:<22} {w['col-status']:<16} {w['col-best']:>8} "
             f"{w['col-latest']:>8}  {w['col-attempts']}"]
    for row in rows:
        extra = f" {words('practice.practice-count', n=row.practice)}" if row.practice else ""
        lines.append(f"{row.scenario[:22]:<22} {w['status-' + row.status]:<16} "
                     f"{number(row.best):>8} {number(row.latest):>8}  {row.attempts}{extra}")
    return lines


def suggestion_lines(found: Suggestion, words: Words, profile: Profile) -> list[str]:
    """`next`: the scenario, why, and the moment to work on with how to retry it."""
    scenario, standing, lang = found.scenario, found.standing, words.lang
    lines = [words("practice.next", title=scenario.title.get(lang), id=scenario.id)]
    if standing.status == "not-started":
        lines.append(words("practice.why-not-started"))
    elif standing.status == "not-passed":
        lines.append(words("practice.why-not-passed", n=standing.attempts))
    elif standing.last_played:
        lines.append(words("practice.why-oldest", when=words.when(standing.last_played)))
    if found.weakest is not None and found.weak_score is not None:
        lines.append(words("practice.why-weakest",
                           dimension=dimension_name(words, profile, found.weakest),
                           score=words.number(found.weak_score, 0)))
    moment = found.moment
    if moment is None:
        return lines
    state = scenario.states[moment.state]
    lines += ["", words("practice.moment", turn=moment.turn, customer=scenario.customer.name),
              f"  “{state.customer.get(lang)}”",
              words("practice.moment-count", n=moment.wrong, calls=moment.calls)]
    if moment.finding is not None:
        lines.append(Explainer(scenario, words).finding(moment.finding).message)
    if moment.better is not None:
        lines.append(f"{words('practice.better')}: {moment.better.text.get(lang)}")
    lines += [words("practice.retry-hint"),
              f"  agentsim play {scenario.id} --retry {moment.session[:8]} --from {moment.turn}"]
    return lines
