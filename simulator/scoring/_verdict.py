"""Score a session: the four dimensions, the overall, the verdict and every finding.

`score(scenario, session)` is pure: no I/O, no clock reads. The overall is the weighted
mean of the dimensions, less what the ending costs when it is not a success: its points
from the profile, and at least enough to put the overall below the pass mark, so such a
call never passes however good its replies. A completed call passes exactly when it has no
critical error and its overall reaches the pass mark; a critical error sets the overall to
0. An abandoned call is incomplete: no scores, no overall, no findings.

Every point lost becomes a finding that says where, what the trainee did, why it matters
and the better reply; the findings of a dimension add up exactly to what that dimension
lost, and all findings (the ending's cost among them) to what the overall lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from simulator.play import Session, Turn
from simulator.scenario import DIMENSIONS, Choice, Ending, Scenario, frozen_map
from simulator.scoring._profile import Profile, load_profile
from simulator.scoring._rubric import Rubric
from simulator.scoring._scorecard import Finding, Scorecard
from simulator.scoring._scorer import Loss, Scorer, critical_errors, scored_turns
from simulator.scoring._search import best_plan


def score(scenario: Scenario, session: Session, profile: Profile | None = None) -> Scorecard:
    """Rate a session against the scenario's best path."""
    profile = profile or load_profile()
    plan = best_plan(scenario, profile)
    moments = scored_turns(scenario, session.turns, plan.moves)
    return _scorecard(Scorer(scenario, session, profile, plan, moments))


def best_replies(scenario: Scenario, turns: Sequence[Turn],
                 profile: Profile | None = None) -> list[Choice | None]:
    """For each turn, the reply the best path gives from where the trainee was.

    None where the scenario no longer has the state or reply the turn names.
    """
    plan = best_plan(scenario, profile or load_profile())
    try:
        return [plan.better(m.point, m.offered)
                for m in scored_turns(scenario, turns, plan.moves)]
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


def weights_of(scenario: Scenario, profile: Profile) -> dict[str, float]:
    """The weights of the overall: the scenario's, else the profile's. Accuracy weighs 0 in
    a scenario that marks no reply (nothing there can be got wrong, and a 100 that no one
    could lose would only pad the overall), unless the scenario weighs it itself."""
    weights = {d: scenario.scoring.weights.get(d, profile.weights[d]) for d in DIMENSIONS}
    marked = any(c.marks for s in scenario.states.values() for c in s.choices)
    if not marked and "accuracy" not in scenario.scoring.weights:
        weights["accuracy"] = 0.0
    return weights


def ending_cost(mean: float, outcome: str, pass_mark: float, profile: Profile) -> float:
    """What an ending that is not a success costs an overall of `mean`: its points, and at
    least enough to put the overall below the pass mark (never below 0)."""
    below = round(mean - pass_mark + 0.1, 1)
    # An ending may be `safe` yet not a success (`success: false`): the profile gives no
    # points for that outcome, so only the pass mark's share is taken.
    return round(min(mean, max(profile.endings.get(outcome, 0.0), below)), 1)


def _scorecard(scorer: Scorer) -> Scorecard:
    scenario, session, profile = scorer.scenario, scorer.session, scorer.profile
    pass_mark = scenario.scoring.pass_mark
    if pass_mark is None:
        pass_mark = profile.pass_mark
    weights = weights_of(scenario, profile)
    ending = scenario.endings.get(session.ending or "")
    critical = critical_errors(scorer)
    incomplete = Scorecard(
        scenario=scenario.id, lang=session.lang, status=session.status,
        ending=session.ending, outcome=ending.outcome if ending else None,
        success=bool(ending and ending.success), scores=frozen_map({}), passed=False,
        pass_mark=pass_mark, critical_errors=tuple(critical), findings=(),
        path=tuple(session.path), best_path=tuple(scorer.plan.path),
        weights=frozen_map(weights))
    if session.status != "completed":  # abandoned: incomplete, not scored
        return incomplete
    scores = {
        "empathy": round(scorer.empathy(), 1),
        "speed": round(scorer.speed(), 1),
        "escalation": round(scorer.escalation(), 1),
        "accuracy": round(scorer.accuracy(), 1),
    }
    total_weight = sum(weights.values()) or 1.0
    mean = round(sum(weights[d] * scores[d] for d in DIMENSIONS) / total_weight, 1)
    cost = 0.0
    if ending is not None and not ending.success and not critical:
        cost = ending_cost(mean, ending.outcome, pass_mark, profile)
    scores["overall"] = 0.0 if critical else round(mean - cost, 1)
    findings = _findings(scorer, scores, weights, total_weight, mean, bool(critical))
    if cost > 0 and ending is not None:
        findings.append(_ending_finding(scorer, ending, cost))
        findings.sort(key=lambda f: (-f.overall, -f.points, f.turn or 0))
    passed = not critical and scores["overall"] >= pass_mark
    return replace(incomplete, scores=frozen_map(scores), passed=passed,
                   findings=tuple(findings))


def _ending_finding(scorer: Scorer, ending: Ending, cost: float) -> Finding:
    last = scorer.moments[-1] if scorer.moments else None
    return Finding(
        dimension="ending", points=cost, overall=cost, turn=last.number if last else None,
        state=last.choice.state if last else None, choice=last.choice.id if last else None,
        key="ending", params=frozen_map({"ending": ending.id, "outcome": ending.outcome,
                                         "n": cost}),
        better_choice=None)


def _findings(scorer: Scorer, scores: dict[str, float], weights: dict[str, float],
              total_weight: float, mean: float, critical: bool) -> list[Finding]:
    """The dimensions' findings, each with its share of the dimension's loss and of the
    overall's (the part the dimensions lost, before any ending's cost)."""
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
    exact = [p * weights[loss.dimension] / total_weight
             for loss, p in zip(losses, points, strict=True)]
    overall_lost = 0.0 if critical else round(100 - mean, 1)
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
