"""Score a session: empathy, speed and escalation against the best path, and critical errors.

`score(scenario, session)` is pure: no I/O, no clock reads. Every point lost becomes a
finding that says where, what the trainee did, why it matters and the better reply; the
findings of a dimension add up exactly to what that dimension lost, and all findings add up
to what the overall lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.play import Session, Turn
from simulator.scenario import DIMENSIONS, Choice, Scenario, frozen_map
from simulator.scoring._profile import Profile, load_profile
from simulator.scoring._rubric import Rubric
from simulator.scoring._scorecard import CriticalHit, Finding, Scorecard
from simulator.scoring._search import Plan, best_plan, first_times
from simulator.scoring._walk import Point


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


def scored_turns(scenario: Scenario, turns: Sequence[Turn]) -> list[ScoredTurn]:
    """Each turn with the point before it and the replies on offer there; ValueError if the
    scenario no longer has a state or reply a turn names."""
    point = Point(scenario.start, frozenset(), frozenset())
    meters = {m.id: m.start for m in scenario.meters.values()}
    out = []
    for number, turn in enumerate(turns, 1):
        state = scenario.states.get(turn.state)
        choice = state.choice(turn.choice) if state else None
        if state is None or choice is None:
            raise ValueError(f"turn {number} names reply '{turn.choice}', which state "
                             f"'{turn.state}' does not have")
        offered = tuple(c for c in state.choices if c.allowed(point.flags, meters)) or (choice,)
        out.append(ScoredTurn(number, point, offered, choice, turn.clock))
        point = point.after(choice)
        meters = turn.meters
    return out


def best_figures(plan: Plan, scenario: Scenario,
             profile: Profile) -> tuple[float, float, float]:
    """The best path's mean empathy credit, escalation points, and the penalty for the
    needless actions it cannot avoid (which then cost a trainee nothing). Kept per plan."""
    memo = plan.memo
    if "figures" not in memo:
        rubric = plan.rubric
        moments = scored_turns(scenario, plan.session.turns)
        credits = [c for m in moments if (c := rubric.credit(m.choice, m.offered)) is not None]
        points = sum(rubric.escalation_gain(m.point.done, m.choice) for m in moments)
        needless = sum(len(rubric.needless(m.choice)) for m in moments)
        memo["figures"] = (sum(credits) / len(credits) if credits else 1.0, points,
                           needless * profile.unnecessary_penalty)
    figures: tuple[float, float, float] = memo["figures"]
    return figures



class Scorer:
    """The rules of the three dimensions and the critical errors, applied to one session;
    every point lost is noted as a Loss."""

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
        """Mean credit at the emotional moments of the call, relative to the best path's."""
        rubric = self.rubric
        mine = [(m, c) for m in self.moments
                if (c := rubric.credit(m.choice, m.offered)) is not None]
        if not mine:
            return 100.0
        mean = sum(c for _, c in mine) / len(mine)
        best = best_figures(self.plan, self.scenario, self.profile)[0]
        result = 100.0 * max(0.0, min(1.0, mean / best)) if best > 0 else 100.0
        for m, credit in mine:
            if credit >= 1.0:
                continue
            state = self.scenario.states[m.choice.state]
            top = max(m.offered, key=lambda c: rubric.reply_value(c))
            policy = self.plan.better(m.point, m.offered)
            policy_credit = rubric.credit(policy, m.offered) if policy else None
            better = policy if policy and (policy_credit or 0) > credit else top
            self.losses.append(Loss("empathy", 1.0 - credit, m.number, "empathy-gap", {
                "emotion": state.emotion or "", "got": rubric.reply_value(m.choice),
                "n": rubric.moment_best(m.offered)}, better))
        return result

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
        _, best, allowance = best_figures(self.plan, self.scenario, self.profile)
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

    # -- critical errors -------------------------------------------------------------------

    def critical_errors(self) -> list[CriticalHit]:
        errors = self.scenario.scoring.critical_errors
        hits: dict[str, CriticalHit] = {}
        for m in self.moments:
            if m.choice.critical and m.choice.critical not in hits:
                hits[m.choice.critical] = CriticalHit(m.choice.critical, m.number,
                                                      m.choice.state, m.choice.id)
        if self.session.ending is not None:
            done = frozenset(a for m in self.moments for a in m.choice.actions)
            for ident in self.rubric.missing_errors(done):
                if ident not in hits:
                    hits[ident] = CriticalHit(ident, len(self.moments) or None,
                                              missing=errors[ident].missing)
        return list(hits.values())

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


def score(scenario: Scenario, session: Session, profile: Profile | None = None) -> Scorecard:
    """Rate a session against the scenario's best path."""
    profile = profile or load_profile()
    plan = best_plan(scenario, profile)
    scorer = Scorer(scenario, session, profile, plan, scored_turns(scenario, session.turns))
    return _scorecard(scorer)


def best_replies(scenario: Scenario, turns: Sequence[Turn],
                 profile: Profile | None = None) -> list[Choice | None]:
    """For each turn, the reply the best path gives from where the trainee was.

    None where the scenario no longer has the state or reply the turn names.
    """
    plan = best_plan(scenario, profile or load_profile())
    try:
        return [plan.better(m.point, m.offered) for m in scored_turns(scenario, turns)]
    except ValueError:
        return [None] * len(turns)


def empathy_credits(scenario: Scenario, turns: Sequence[Turn],
                    profile: Profile | None = None) -> list[float | None]:
    """For each turn, its reply's empathy credit (-1 to 1) against the replies on offer.

    None where empathy is not scored (no emotion shown, nothing to give), or where the
    scenario no longer has the state or reply the turn names.
    """
    rubric = Rubric(scenario, profile or load_profile())
    try:
        return [rubric.credit(m.choice, m.offered) for m in scored_turns(scenario, turns)]
    except ValueError:
        return [None] * len(turns)


def _scorecard(scorer: Scorer) -> Scorecard:
    scores = {
        "empathy": round(scorer.empathy(), 1),
        "speed": round(scorer.speed(), 1),
        "escalation": round(scorer.escalation(), 1),
    }
    weights = {d: scorer.scenario.scoring.weights.get(d, scorer.profile.weights[d])
               for d in DIMENSIONS}
    total_weight = sum(weights.values()) or 1.0
    overall = round(sum(weights[d] * scores[d] for d in DIMENSIONS) / total_weight, 1)
    critical = scorer.critical_errors()
    if critical:
        overall = 0.0
    scores["overall"] = overall
    pass_mark = scorer.scenario.scoring.pass_mark
    if pass_mark is None:
        pass_mark = scorer.profile.pass_mark
    ending = scorer.scenario.endings.get(scorer.session.ending or "")
    success = bool(ending and ending.success)
    passed = (not critical and success and scorer.session.status == "completed"
              and overall >= pass_mark)
    findings = _findings(scorer, scores, weights, total_weight, bool(critical))
    return Scorecard(
        scenario=scorer.scenario.id, lang=scorer.session.lang, status=scorer.session.status,
        ending=scorer.session.ending, outcome=ending.outcome if ending else None,
        success=success, scores=frozen_map(scores), passed=passed, pass_mark=pass_mark,
        critical_errors=tuple(critical), findings=tuple(findings),
        path=tuple(scorer.session.path), best_path=tuple(scorer.plan.path),
        weights=frozen_map(weights))

def _findings(scorer: Scorer, scores: dict[str, float], weights: dict[str, float],
          total_weight: float, critical: bool) -> list[Finding]:
    losses: list[Loss] = []
    points: list[float] = []
    for dimension in DIMENSIONS:
        mine = [loss for loss in scorer.losses if loss.dimension == dimension]
        lost = round(100 - scores[dimension], 1)
        if lost <= 0:
            continue
        if not mine:
            mine = [scorer._loss(dimension, 1.0, scorer.divergence(), "left-best-path")]
        for loss, share in zip(mine, _apportion(lost, [x.weight for x in mine]),
                               strict=True):
            if share > 0:
                losses.append(loss)
                points.append(share)
    exact = [p * weights[loss.dimension] / total_weight for loss, p in zip(losses, points,
                                                                              strict=True)]
    overall_lost = 0.0 if critical else round(100 - scores["overall"], 1)
    overall = _apportion(overall_lost, exact) if exact and overall_lost > 0 else \
        [0.0] * len(losses)
    findings = []
    for loss, p, o in zip(losses, points, overall, strict=True):
        moment = scorer.moments[loss.turn - 1] if loss.turn else None
        better = loss.better if loss.better is not None and moment is not None \
            and loss.better is not moment.choice else None
        findings.append(Finding(
            dimension=loss.dimension, points=p, overall=o, turn=loss.turn,
            state=moment.choice.state if moment else None,
            choice=moment.choice.id if moment else None, key=loss.key,
            params=frozen_map(loss.params), better_choice=better.id if better else None))
    findings.sort(key=lambda f: (-f.overall, -f.points, f.turn or 0))
    return findings



def _apportion(total: float, weights: Sequence[float]) -> list[float]:
    """Split `total` (to 0.1) in proportion to `weights`, so the parts add up exactly."""
    tenths = round(total * 10)
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights = [1.0] * len(weights)
        weight_sum = float(len(weights))
    exact = [tenths * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: tenths - sum(parts)]:
        parts[i] += 1
    return [p / 10 for p in parts]
