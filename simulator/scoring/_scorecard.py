"""Score a session: empathy, speed and escalation against the best path, and critical errors.

`score(scenario, session)` is pure: no I/O, no clock reads. Every point lost becomes a
finding that says where, what the trainee did, why it matters and the better reply; the
findings of a dimension add up exactly to what that dimension lost, and all findings add up
to what the overall lost.

Findings and critical errors are data: a message key (`finding.<key>` in the word files)
with its parameters (ids, points, seconds), rendered in the language asked for when shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.play import Session, Turn
from simulator.scenario import DIMENSIONS, Choice, Scenario, frozen_map
from simulator.scoring._profile import Profile, load_profile
from simulator.scoring._rubric import Rubric
from simulator.scoring._search import Plan, Point, best_plan, first_times


@dataclass(frozen=True, slots=True)
class Finding:
    """Points lost at one turn, and what would have kept them."""

    dimension: str
    points: float
    overall: float
    turn: int | None
    state: str | None
    choice: str | None
    key: str
    params: Mapping[str, Any]
    better_choice: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, "points": self.points, "overall": self.overall,
            "turn": self.turn, "state": self.state, "choice": self.choice, "key": self.key,
            "params": dict(self.params), "better_choice": self.better_choice,
        }


@dataclass(frozen=True, slots=True)
class CriticalHit:
    """A critical error the trainee committed: the run fails whatever the scores.

    Committed by a reply (`state`, `choice`), or by ending the call with none of the
    `missing` actions done.
    """

    id: str
    turn: int | None
    state: str | None = None
    choice: str | None = None
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "turn": self.turn, "state": self.state, "choice": self.choice,
                "missing": list(self.missing)}


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The result of one session, ready for the debrief, the records and the reports."""

    scenario: str
    lang: str
    status: str
    ending: str | None
    outcome: str | None
    success: bool
    scores: Mapping[str, float]
    passed: bool
    pass_mark: float
    critical_errors: tuple[CriticalHit, ...]
    findings: tuple[Finding, ...]
    path: tuple[str, ...]
    best_path: tuple[str, ...]
    weights: Mapping[str, float] = field(default_factory=frozen_map)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "lang": self.lang, "status": self.status,
            "ending": self.ending, "outcome": self.outcome, "success": self.success,
            "scores": dict(self.scores), "passed": self.passed, "pass_mark": self.pass_mark,
            "weights": dict(self.weights),
            "critical_errors": [c.to_dict() for c in self.critical_errors],
            "findings": [f.to_dict() for f in self.findings],
            "path": list(self.path), "best_path": list(self.best_path),
        }


@dataclass(slots=True)
class _Loss:
    """A finding before its points are fixed: its share of the dimension's loss."""

    dimension: str
    weight: float
    turn: int | None
    key: str
    params: dict[str, Any]
    better: Choice | None = None


@dataclass(frozen=True, slots=True)
class _ScoredTurn:
    """One turn as the scorer sees it: the point before it and the replies on offer."""

    number: int
    point: Point
    offered: tuple[Choice, ...]
    choice: Choice
    clock: float


def score(scenario: Scenario, session: Session, profile: Profile | None = None) -> Scorecard:
    """Rate a session against the scenario's best path."""
    profile = profile or load_profile()
    plan = best_plan(scenario, profile)
    moments = _moments(scenario, session.turns)
    scorer = _Scorer(scenario, session, profile, plan, moments)
    return scorer.scorecard()


def best_replies(scenario: Scenario, turns: Sequence[Turn],
                 profile: Profile | None = None) -> list[Choice | None]:
    """For each turn, the reply the best path gives from where the trainee was.

    None where the scenario no longer has the state or reply the turn names.
    """
    plan = best_plan(scenario, profile or load_profile())
    try:
        return [plan.better(m.point, m.offered) for m in _moments(scenario, turns)]
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
        return [rubric.credit(m.choice, m.offered) for m in _moments(scenario, turns)]
    except ValueError:
        return [None] * len(turns)


def _moments(scenario: Scenario, turns: Sequence[Turn]) -> list[_ScoredTurn]:
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
        out.append(_ScoredTurn(number, point, offered, choice, turn.clock))
        point = point.after(choice)
        meters = turn.meters
    return out


class _Scorer:
    def __init__(self, scenario: Scenario, session: Session, profile: Profile, plan: Plan,
                 moments: list[_ScoredTurn]) -> None:
        self.scenario = scenario
        self.session = session
        self.profile = profile
        self.plan = plan
        self.rubric: Rubric = plan.rubric
        self.moments = moments
        self.losses: list[_Loss] = []

    def divergence(self) -> _ScoredTurn | None:
        """The first turn where the trainee left the best path (else the last turn)."""
        for moment in self.moments:
            if self.plan.better(moment.point, moment.offered) is not moment.choice:
                return moment
        return self.moments[-1] if self.moments else None

    def best_figures(self) -> tuple[float, float, float]:
        """The best path's mean empathy credit, escalation points, and the penalty for the
        needless actions it cannot avoid (which then cost a trainee nothing). Kept per plan."""
        memo = self.plan.memo
        if "figures" not in memo:
            rubric = self.rubric
            moments = _moments(self.scenario, self.plan.session.turns)
            credits = [c for m in moments if (c := rubric.credit(m.choice, m.offered)) is not None]
            points = sum(rubric.escalation_gain(m.point.done, m.choice) for m in moments)
            needless = sum(len(rubric.needless(m.choice)) for m in moments)
            memo["figures"] = (sum(credits) / len(credits) if credits else 1.0, points,
                               needless * self.profile.unnecessary_penalty)
        figures: tuple[float, float, float] = memo["figures"]
        return figures

    # -- empathy ---------------------------------------------------------------------------

    def empathy(self) -> float:
        """Mean credit at the emotional moments of the call, relative to the best path's."""
        rubric = self.rubric
        mine = [(m, c) for m in self.moments
                if (c := rubric.credit(m.choice, m.offered)) is not None]
        if not mine:
            return 100.0
        mean = sum(c for _, c in mine) / len(mine)
        best = self.best_figures()[0]
        result = 100.0 * max(0.0, min(1.0, mean / best)) if best > 0 else 100.0
        for m, credit in mine:
            if credit >= 1.0:
                continue
            state = self.scenario.states[m.choice.state]
            top = max(m.offered, key=lambda c: rubric.reply_value(c))
            policy = self.plan.better(m.point, m.offered)
            policy_credit = rubric.credit(policy, m.offered) if policy else None
            better = policy if policy and (policy_credit or 0) > credit else top
            self.losses.append(_Loss("empathy", 1.0 - credit, m.number, "empathy-gap", {
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
            credit = 0.0 if at is None else _linear(at, full, deadline)
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
        handle = _linear(self.session.clock, full, zero)
        lost = share * (1 - handle)
        if lost > 0 and self.moments:
            detours = [m for m in self.moments
                       if self.plan.better(m.point, m.offered) is not m.choice]
            slowest = max(detours or self.moments, key=self._spent)
            self.losses.append(self._loss("speed", lost, slowest, "speed-handle",
                                          took=self.session.clock, best=best_time, full=full))
        critical_part = (1 - share) * total / len(urgent) if urgent else 0.0
        return 100 * (critical_part + share * handle)

    def _spent(self, moment: _ScoredTurn) -> float:
        turn = self.session.turns[moment.number - 1]
        return turn.takes + turn.thinking

    # -- escalation ------------------------------------------------------------------------

    def escalation(self) -> float:
        rubric, scoring, profile = self.rubric, self.scenario.scoring, self.profile
        earned = sum(rubric.escalation_gain(m.point.done, m.choice) for m in self.moments)
        _, best, allowance = self.best_figures()
        base = 100.0 * min(1.0, earned / best) if best > 0 else 100.0
        done = _first_turns(self.moments)
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

    # -- putting it together ---------------------------------------------------------------

    def _loss(self, dimension: str, weight: float, where: _ScoredTurn | None, key: str,
              **params: Any) -> _Loss:
        better = self.plan.better(where.point, where.offered) if where else None
        return _Loss(dimension, weight, where.number if where else None, key, params, better)

    def scorecard(self) -> Scorecard:
        scores = {
            "empathy": round(self.empathy(), 1),
            "speed": round(self.speed(), 1),
            "escalation": round(self.escalation(), 1),
        }
        weights = {d: self.scenario.scoring.weights.get(d, self.profile.weights[d])
                   for d in DIMENSIONS}
        total_weight = sum(weights.values()) or 1.0
        overall = round(sum(weights[d] * scores[d] for d in DIMENSIONS) / total_weight, 1)
        critical = self.critical_errors()
        if critical:
            overall = 0.0
        scores["overall"] = overall
        pass_mark = self.scenario.scoring.pass_mark
        if pass_mark is None:
            pass_mark = self.profile.pass_mark
        ending = self.scenario.endings.get(self.session.ending or "")
        success = bool(ending and ending.success)
        passed = (not critical and success and self.session.status == "completed"
                  and overall >= pass_mark)
        findings = self._findings(scores, weights, total_weight, bool(critical))
        return Scorecard(
            scenario=self.scenario.id, lang=self.session.lang, status=self.session.status,
            ending=self.session.ending, outcome=ending.outcome if ending else None,
            success=success, scores=frozen_map(scores), passed=passed, pass_mark=pass_mark,
            critical_errors=tuple(critical), findings=tuple(findings),
            path=tuple(self.session.path), best_path=tuple(self.plan.path),
            weights=frozen_map(weights))

    def _findings(self, scores: dict[str, float], weights: dict[str, float],
                  total_weight: float, critical: bool) -> list[Finding]:
        losses: list[_Loss] = []
        points: list[float] = []
        for dimension in DIMENSIONS:
            mine = [loss for loss in self.losses if loss.dimension == dimension]
            lost = round(100 - scores[dimension], 1)
            if lost <= 0:
                continue
            if not mine:
                mine = [self._loss(dimension, 1.0, self.divergence(), "left-best-path")]
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
            moment = self.moments[loss.turn - 1] if loss.turn else None
            better = loss.better if loss.better is not None and moment is not None \
                and loss.better is not moment.choice else None
            findings.append(Finding(
                dimension=loss.dimension, points=p, overall=o, turn=loss.turn,
                state=moment.choice.state if moment else None,
                choice=moment.choice.id if moment else None, key=loss.key,
                params=frozen_map(loss.params), better_choice=better.id if better else None))
        findings.sort(key=lambda f: (-f.overall, -f.points, f.turn or 0))
        return findings


def _linear(value: float, full: float, zero: float) -> float:
    """1 up to `full`, falling linearly to 0 at `zero`."""
    if value <= full:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - full)


def _first_turns(moments: Sequence[_ScoredTurn]) -> dict[str, int]:
    turns: dict[str, int] = {}
    for m in moments:
        for action in m.choice.actions:
            turns.setdefault(action, m.number)
    return turns


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
