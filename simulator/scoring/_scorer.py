"""The scoring rules: empathy, speed, escalation and accuracy measured against the best path,
and the critical errors, for one session. Each point lost is noted with where it happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.play import Session, Turn
from simulator.scenario import Choice, Scenario
from simulator.scoring._profile import Profile
from simulator.scoring._rubric import Rubric
from simulator.scoring._scorecard import CriticalHit
from simulator.scoring._search import Plan, first_times
from simulator.scoring._walk import Moves, Point


@dataclass(slots=True)
class Loss:
    """A finding before its points are fixed: its share of the dimension's loss."""

    dimension: str
    weight: float
    turn: int | None
    key: str
    params: dict[str, Any]
    better: Choice | None = None


@dataclass(frozen=True, slots=True)
class ScoredTurn:
    """One turn as the scorer sees it: the point before it and the replies on offer."""

    number: int
    point: Point
    offered: tuple[Choice, ...]
    choice: Choice
    clock: float


def scored_turns(scenario: Scenario, turns: Sequence[Turn],
                 moves: Moves | None = None) -> list[ScoredTurn]:
    """Each turn with the point before it and the replies on offer there; ValueError if the
    scenario no longer has a state or reply a turn names. With `moves` that track meters,
    each point carries the meters as they really were."""
    moves = moves or Moves(scenario, False)
    meters = {m.id: m.start for m in scenario.meters.values()}
    flags: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    out = []
    for number, turn in enumerate(turns, 1):
        state = scenario.states.get(turn.state)
        choice = state.choice(turn.choice) if state else None
        if state is None or choice is None:
            raise ValueError(f"turn {number} names reply '{turn.choice}', which state "
                             f"'{turn.state}' does not have")
        point = moves.point(turn.state, flags, done, meters)
        offered = tuple(c for c in state.choices if c.allowed(flags, meters)) or (choice,)
        out.append(ScoredTurn(number, point, offered, choice, turn.clock))
        flags = (flags - choice.clear) | choice.set
        done = done | frozenset(choice.actions)
        meters = turn.meters
    return out


def best_figures(plan: Plan, scenario: Scenario, profile: Profile) -> tuple[float, float]:
    """The best path's escalation points, and the penalty for the needless actions it cannot
    avoid (which then cost a trainee nothing). Kept per plan."""
    memo = plan.memo
    if "figures" not in memo:
        rubric = plan.rubric
        moments = scored_turns(scenario, plan.session.turns, plan.moves)
        points = sum(rubric.escalation_gain(m.point.done, m.choice) for m in moments)
        needless = sum(len(rubric.needless(m.choice)) for m in moments)
        memo["figures"] = (points, needless * profile.unnecessary_penalty)
    figures: tuple[float, float] = memo["figures"]
    return figures



class Scorer:
    """The rules of the four dimensions, applied to one session; every point lost is noted
    as a Loss."""

    def __init__(self, scenario: Scenario, session: Session, profile: Profile, plan: Plan,
                 moments: list[ScoredTurn]) -> None:
        self.scenario = scenario
        self.session = session
        self.profile = profile
        self.plan = plan
        self.rubric: Rubric = plan.rubric
        self.moments = moments
        self.losses: list[Loss] = []

    def divergence(self) -> ScoredTurn | None:
        """The first turn where the trainee left the best path (else the last turn)."""
        for moment in self.moments:
            if self.plan.better(moment.point, moment.offered) is not moment.choice:
                return moment
        return self.moments[-1] if self.moments else None

    # -- empathy ---------------------------------------------------------------------------

    def empathy(self) -> float:
        """At each emotional moment, how far the reply's credit fell short of the credit of
        the best path's reply from the same point; 100 less the mean shortfall. The best
        path scores 100, and a reply warmer than the model's earns no more than it."""
        rubric = self.rubric
        gaps = []
        for m in self.moments:
            credit = rubric.credit(m.choice, m.offered)
            if credit is None:
                continue
            policy = self.plan.better(m.point, m.offered)
            target = rubric.credit(policy, m.offered) if policy is not None else None
            gap = max(0.0, (1.0 if target is None else target) - credit)
            gaps.append(gap)
            if gap > 0:
                state = self.scenario.states[m.choice.state]
                self.losses.append(Loss("empathy", gap, m.number, "empathy-gap", {
                    "emotion": state.emotion or "", "got": rubric.reply_value(m.choice),
                    "n": rubric.moment_best(m.offered)}, policy))
        if not gaps:
            return 100.0
        return 100.0 * max(0.0, 1.0 - sum(gaps) / len(gaps))

    # -- speed -----------------------------------------------------------------------------

    def speed(self) -> float:
        profile, scoring = self.profile, self.scenario.scoring
        best_times = first_times(self.plan.session)
        mine = first_times(self.session)
        urgent = [a for a in scoring.critical_actions if a in best_times]
        share = profile.handle_time_share if urgent else 1.0
        total = 0.0
        for action in urgent:
            rule = scoring.critical_actions[action]
            grace = profile.grace if rule.grace is None else rule.grace
            full = best_times[action] + grace
            deadline = max(rule.deadline, full)
            at = mine.get(action)
            credit = 0.0 if at is None else linear(at, full, deadline)
            total += credit
            lost = (1 - share) * (1 - credit) / len(urgent)
            if lost <= 0:
                continue
            if at is None:
                self.losses.append(self._loss("speed", lost, self.divergence(), "speed-never",
                                              action=action))
            else:
                where = next(m for m in self.moments if action in m.choice.actions)
                self.losses.append(self._loss("speed", lost, where, "speed-late", action=action,
                                              at=at, best=best_times[action], full=full,
                                              deadline=deadline))
        best_time = self.plan.session.clock
        full = profile.handle_time_full * best_time
        zero = max(profile.handle_time_zero * best_time, full)
        handle = linear(self.session.clock, full, zero)
        lost = share * (1 - handle)
        if lost > 0 and self.moments:
            detours = [m for m in self.moments
                       if self.plan.better(m.point, m.offered) is not m.choice]
            slowest = max(detours or self.moments, key=self._spent)
            self.losses.append(self._loss("speed", lost, slowest, "speed-handle",
                                          took=self.session.clock, best=best_time, full=full))
        critical_part = (1 - share) * total / len(urgent) if urgent else 0.0
        return 100 * (critical_part + share * handle)

    def _spent(self, moment: ScoredTurn) -> float:
        turn = self.session.turns[moment.number - 1]
        return turn.takes + turn.thinking

    # -- escalation ------------------------------------------------------------------------

    def escalation(self) -> float:
        rubric, scoring, profile = self.rubric, self.scenario.scoring, self.profile
        earned = sum(rubric.escalation_gain(m.point.done, m.choice) for m in self.moments)
        best, allowance = best_figures(self.plan, self.scenario, self.profile)
        base = 100.0 * min(1.0, earned / best) if best > 0 else 100.0
        done = first_turns(self.moments)
        for action in scoring.required:
            if action not in done and best > 0:
                where = self.divergence()
                self.losses.append(self._loss(
                    "escalation", 100.0 * profile.required_points / best, where,
                    "escalation-missing", action=action))
        for first, then in scoring.order:
            if then in done and (first not in done or done[first] > done[then]) and best > 0:
                where = self.moments[done[then] - 1]
                self.losses.append(self._loss(
                    "escalation", 100.0 * profile.order_points / best, where,
                    "escalation-order", first=first, then=then))
        penalty = 0.0
        for m in self.moments:
            for action in rubric.needless(m.choice):
                penalty += profile.unnecessary_penalty
                self.losses.append(self._loss(
                    "escalation", profile.unnecessary_penalty, m, "escalation-needless",
                    action=action))
        return max(0.0, min(100.0, base - max(0.0, penalty - allowance)))

    # -- accuracy --------------------------------------------------------------------------

    def accuracy(self) -> float:
        """100 less the points of every accuracy mark on the replies given."""
        lost = 0.0
        for m in self.moments:
            for index, mark in enumerate(m.choice.marks):
                cost = self.profile.accuracy[mark.severity]
                lost += cost
                self.losses.append(self._loss("accuracy", cost, m, "accuracy-mark",
                                              mark=index, kind=mark.kind,
                                              severity=mark.severity))
        return max(0.0, 100.0 - lost)

    def _loss(self, dimension: str, weight: float, where: ScoredTurn | None, key: str,
              **params: Any) -> Loss:
        better = self.plan.better(where.point, where.offered) if where else None
        return Loss(dimension, weight, where.number if where else None, key, params, better)


def linear(value: float, full: float, zero: float) -> float:
    """1 up to `full`, falling linearly to 0 at `zero`."""
    if value <= full:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - full)


def first_turns(moments: Sequence[ScoredTurn]) -> dict[str, int]:
    turns: dict[str, int] = {}
    for m in moments:
        for action in m.choice.actions:
            turns.setdefault(action, m.number)
    return turns


def critical_errors(scorer: Scorer) -> list[CriticalHit]:
    """The critical errors committed: by a reply, or (once the call ended) by ending it
    without any of an error's `missing` actions."""
    errors = scorer.scenario.scoring.critical_errors
    hits: dict[str, CriticalHit] = {}
    for m in scorer.moments:
        for ident in m.choice.critical:
            hits.setdefault(ident, CriticalHit(ident, m.number, m.choice.state, m.choice.id))
    if scorer.session.ending is not None:
        done = frozenset(a for m in scorer.moments for a in m.choice.actions)
        for ident in scorer.rubric.missing_errors(done):
            if ident not in hits:
                hits[ident] = CriticalHit(ident, len(scorer.moments) or None,
                                          missing=errors[ident].missing)
    return list(hits.values())
