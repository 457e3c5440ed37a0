"""Find the best path: the model answer every score is measured against.

The search values every point of the call (state, flags set, actions performed, and the
meters where they decide what happens) with the shared walk, so conditions and the order of
escalations are exact and loops are cut as everywhere else. Paths are ranked, in order: no
critical error, a success ending (else the least bad one), no accuracy lost, escalation
points, empathy points, less simulated time. The best path is then replayed through the
engine. Results are cached per scenario and profile.

When tracking the meters would take too many points, they are left out (`Plan.approximate`:
meter tests taken to hold, limits honoured only by the replay); when even that is too many,
the search runs over states alone (`Plan.coarse`). `validate` says so (S005, S006).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.play import Engine, Session
from simulator.scenario import Choice, Scenario
from simulator.scoring._profile import Profile
from simulator.scoring._rubric import Rubric

# Point and offered depend on the scenario alone, so they live with the walk; re-exported
# so that code importing them from the search keeps working.
from simulator.scoring._walk import Moves, TooMany, meters_decide, walk
from simulator.scoring._walk import Point as Point
from simulator.scoring._walk import offered as offered

# (-critical errors, outcome, -accuracy lost, escalation, -empathy shortfall, -seconds),
# compared left to right. The empathy shortfall is what a reply's credit falls short of
# the best reply at an emotional moment, so a loop can never earn empathy.
Value = tuple[float, float, float, float, float, float]
_WORST: Value = (float("-inf"),) * 6


def _add(a: Value, b: Value) -> Value:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5])


@dataclass(frozen=True, slots=True)
class Plan:
    """The best path of a scenario, and the best reply from any point of the call."""

    rubric: Rubric
    values: dict[Point, Value]
    session: Session
    moves: Moves
    memo: dict[str, Any] = field(default_factory=dict, compare=False)
    coarse: bool = False
    approximate: bool = False
    # A point's value without its meters: the first the search solved. A real call, where
    # the trainee's thinking moved the meters, is judged by it where its own is not known.
    shapes: dict[Point, Value] = field(default_factory=dict, compare=False)

    def key(self, point: Point) -> Point:
        """The point as the search knew it: in a coarse search, the state alone."""
        return Point(point.node, frozenset(), frozenset()) if self.coarse else point

    def value(self, point: Point) -> Value:
        """The best a call can still do from `point`."""
        found = self.values.get(self.key(point))
        if found is None and point.meters:
            found = self.shapes.get(point.shape)
        return _WORST if found is None else found

    @property
    def path(self) -> list[str]:
        return self.session.path

    def replies(self, point: Point) -> Sequence[Choice]:
        """The replies the search weighs at a point: in a coarse search, all of its state's."""
        if self.coarse:
            return self.rubric.scenario.states[point.node].choices
        return self.moves.offered(point)

    def gain(self, point: Point, choice: Choice) -> Value:
        """What one reply adds to a path from `point`."""
        rubric = self.rubric
        escalation = rubric.escalation_gain(point.done, choice)
        escalation -= len(rubric.needless(choice)) * rubric.profile.unnecessary_penalty
        credit = rubric.credit(choice, offered(rubric.scenario, point))
        shortfall = 0.0 if credit is None else credit - 1.0
        return (-float(len(choice.critical)), 0.0, -rubric.accuracy_cost(choice), escalation,
                shortfall, -choice.takes)

    def after(self, point: Point, choice: Choice) -> Point:
        """Where a reply leads, as the search moves."""
        return self.key(self.moves.after(point, choice))

    def worth(self, point: Point, choice: Choice) -> Value:
        """The value of the best path that starts with `choice` at `point`."""
        return _add(self.gain(point, choice), self.value(self.moves.after(point, choice)))

    def better(self, point: Point, offered: Sequence[Choice]) -> Choice | None:
        """The best of the replies on offer at `point`."""
        best: Choice | None = None
        best_value = _WORST
        for choice in offered:
            value = self.worth(point, choice)
            if best is None or value > best_value:
                best, best_value = choice, value
        return best

    def policy(self, node: str | None = None) -> Iterator[tuple[Point, Choice]]:
        """The best reply on offer at each point the search solved (or at one state's points).

        On offer by the point's flags, also in a coarse search, whose points have none.
        """
        scenario = self.rubric.scenario
        for point in self.values:
            if node is None and scenario.is_ending(point.node):
                continue
            if node is not None and point.node != node:
                continue
            choice = self.better(point, self.moves.offered(point))
            if choice is not None:
                yield point, choice


_cache: dict[tuple[str, str], Plan] = {}


MAX_POINTS = 50_000


def best_plan(scenario: Scenario, profile: Profile) -> Plan:
    """The plan for a scenario under a profile, computed once and cached.

    A scenario whose flags and actions combine into more than MAX_POINTS points (each
    independent optional action doubles them) is searched coarsely instead: over its states
    alone, conditions ignored. `Plan.coarse` says so, and `validate` warns (S005).
    """
    key = (scenario.digest, profile.digest)
    plan = _cache.get(key)
    if plan is None:
        exact = meters_decide(scenario)
        try:
            plan = _solve(scenario, profile, Moves(scenario, exact))
        except TooMany:
            try:
                plan = _solve(scenario, profile, Moves(scenario, False), approximate=exact)
            except TooMany:
                plan = _solve(scenario, profile, Moves(scenario, False), coarse=True,
                              approximate=exact)
        if scenario.digest:
            _cache[key] = plan
    return plan


def first_times(session: Session) -> dict[str, float]:
    """When each action was first performed in a session: the clock after its reply."""
    times: dict[str, float] = {}
    for action, at in session.actions:
        times.setdefault(action, at)
    return times


def _terminal(rubric: Rubric, point: Point) -> Value:
    """An ending's value: a success is worth 0; any other ending is worth minus its cost in
    the profile (and 1 more), so where success is out of reach the best reply still heads
    for the least bad ending: partial before failed before harmed."""
    ending = rubric.scenario.endings[point.node]
    outcome = 0.0 if ending.success else -1.0 - rubric.profile.endings.get(ending.outcome, 0.0)
    return (-float(len(rubric.missing_errors(point.done))), outcome, 0.0, 0.0, 0.0, 0.0)


def _coarse_step(point: Point, choice: Choice) -> Point:
    """Where a reply leads in a coarse search: its state alone, as `Plan.key` has it."""
    return Point(choice.next, frozenset(), frozenset())


def _solve(scenario: Scenario, profile: Profile, moves: Moves, coarse: bool = False,
           approximate: bool = False) -> Plan:
    rubric = Rubric(scenario, profile)
    unsolved = Plan(rubric, {}, Session(scenario.id, scenario.digest, 0), moves, coarse=coarse)
    gain = unsolved.gain

    def ending(point: Point) -> Value:
        return _terminal(rubric, point)

    def best(value: Value, point: Point, choice: Choice, after: Value) -> Value:
        return max(value, _add(gain(point, choice), after))

    start = moves.start()
    values = walk(scenario, start, unsolved.replies, ending, best, _WORST,
                  step=_coarse_step if coarse else moves.after,
                  limit=None if coarse else MAX_POINTS)
    shapes: dict[Point, Value] = {}
    if moves.exact:
        for point, value in values.items():
            shapes.setdefault(point.shape, value)
    solved = Plan(rubric, values, unsolved.session, moves, coarse=coarse,
                  approximate=approximate, shapes=shapes)
    return Plan(rubric, values, _replay(solved, scenario, start), moves, coarse=coarse,
                approximate=approximate, shapes=shapes)


def _replay(plan: Plan, scenario: Scenario, start: Point) -> Session:
    """Play the best replies through the engine, so meters and their limits apply."""
    engine = Engine(scenario)
    session = engine.start(seed=0)
    point = start
    visited = {plan.key(start)}
    while session.ending is None and len(session.turns) <= len(plan.values):
        offered = {c.id for c in engine.choices(session)}
        authored = [c for c in scenario.states[session.state].choices if c.id in offered]
        fresh = [c for c in authored if plan.after(point, c) not in visited]
        choice = plan.better(point, fresh or authored)
        if choice is None:
            break
        engine.choose(session, choice.id)
        point = plan.moves.after(point, choice)
        visited.add(plan.key(point))
    engine.release(session)
    return session
