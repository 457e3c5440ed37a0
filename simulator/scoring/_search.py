"""Find the best path: the model answer every score is measured against.

The search walks the scenario graph over points (state, flags set, actions performed), so
conditions on flags and the order of escalations are exact. Paths are ranked, in order: no
critical error, a success ending, escalation points, empathy points, less simulated time.
Loops are cut as H5P Branching Scenario does: a reply leading back to a point already on
the current path is not followed. Meter conditions and limits are then honoured by
replaying the best choices through the engine. Results are cached per scenario and profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.play import Engine, Session
from simulator.scenario import Choice, Scenario
from simulator.scoring._profile import Profile
from simulator.scoring._rubric import Rubric

# (-critical errors, success, escalation, -empathy shortfall, -seconds), compared left to
# right. The empathy shortfall is what a reply's credit falls short of the best reply at an
# emotional moment, so a loop can never earn empathy.
Value = tuple[float, float, float, float, float]
_WORST: Value = (float("-inf"),) * 5


@dataclass(frozen=True, slots=True)
class Point:
    """Where a call is, with what has happened that later replies depend on."""

    node: str
    flags: frozenset[str]
    done: frozenset[str]

    def after(self, choice: Choice) -> Point:
        return Point(choice.next, (self.flags - choice.clear) | choice.set,
                     self.done | frozenset(choice.actions))


def offered(scenario: Scenario, point: Point) -> list[Choice]:
    """The replies whose flag conditions hold at a point (meter tests are not known here)."""
    state = scenario.states[point.node]
    return [c for c in state.choices if c.requires <= point.flags and not (c.unless & point.flags)]


def _add(a: Value, b: Value) -> Value:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4])


@dataclass(frozen=True, slots=True)
class Plan:
    """The best path of a scenario, and the best reply from any point of the call."""

    rubric: Rubric
    values: dict[Point, Value]
    session: Session
    memo: dict[str, Any] = field(default_factory=dict, compare=False)
    coarse: bool = False

    def key(self, point: Point) -> Point:
        """The point as the search knew it: in a coarse search, the state alone."""
        return Point(point.node, frozenset(), frozenset()) if self.coarse else point

    @property
    def path(self) -> list[str]:
        return self.session.path

    def gain(self, point: Point, choice: Choice) -> Value:
        """What one reply adds to a path from `point`."""
        rubric = self.rubric
        critical = 1.0 if choice.critical else 0.0
        escalation = rubric.escalation_gain(point.done, choice)
        escalation -= len(rubric.needless(choice)) * rubric.profile.unnecessary_penalty
        credit = rubric.credit(choice, offered(rubric.scenario, point))
        shortfall = 0.0 if credit is None else credit - 1.0
        return (-critical, 0.0, escalation, shortfall, -choice.takes)

    def worth(self, point: Point, choice: Choice) -> Value:
        """The value of the best path that starts with `choice` at `point`."""
        return _add(self.gain(point, choice),
                    self.values.get(self.key(point.after(choice)), _WORST))

    def better(self, point: Point, offered: Sequence[Choice]) -> Choice | None:
        """The best of the replies on offer at `point`."""
        best: Choice | None = None
        best_value = _WORST
        for choice in offered:
            value = self.worth(point, choice)
            if best is None or value > best_value:
                best, best_value = choice, value
        return best


_cache: dict[tuple[str, str], Plan] = {}


MAX_POINTS = 50_000


class _TooMany(Exception):
    """More distinct points than an exact search can visit in good time."""


def best_plan(scenario: Scenario, profile: Profile) -> Plan:
    """The plan for a scenario under a profile, computed once and cached.

    A scenario whose flags and actions combine into more than MAX_POINTS points (each
    independent optional action doubles them) is searched coarsely instead: over its states
    alone, conditions ignored. `Plan.coarse` says so, and `validate` warns (S005).
    """
    key = (scenario.digest, profile.digest)
    plan = _cache.get(key)
    if plan is None:
        try:
            plan = _solve(scenario, profile)
        except _TooMany:
            plan = _solve(scenario, profile, coarse=True)
        if scenario.digest:
            _cache[key] = plan
    return plan


def _terminal(rubric: Rubric, point: Point) -> Value:
    ending = rubric.scenario.endings[point.node]
    return (-float(len(rubric.missing_errors(point.done))), float(ending.success), 0.0, 0.0, 0.0)


def _solve(scenario: Scenario, profile: Profile, coarse: bool = False) -> Plan:
    rubric = Rubric(scenario, profile)
    values: dict[Point, Value] = {}
    plan = Plan(rubric, values, Session(scenario.id, scenario.digest, 0), coarse=coarse)

    def replies(point: Point) -> list[Choice]:
        if coarse:
            return list(scenario.states[point.node].choices)
        return offered(scenario, point)

    # Depth-first, without recursion: a frame is a point, its replies, and the next to try.
    start = Point(scenario.start, frozenset(), frozenset())
    on_path: set[Point] = set()
    frames: list[tuple[Point, list[Choice], int, Value]] = []

    def enter(point: Point) -> None:
        if scenario.is_ending(point.node):
            values[point] = _terminal(rubric, point)
            return
        if len(values) + len(on_path) >= MAX_POINTS and not coarse:
            raise _TooMany
        on_path.add(point)
        frames.append((point, replies(point), 0, _WORST))

    enter(start)
    while frames:
        point, choices, index, best = frames[-1]
        if index == len(choices):
            frames.pop()
            on_path.discard(point)
            values[point] = best
            continue
        choice = choices[index]
        nxt = plan.key(point.after(choice))
        if nxt not in values and nxt not in on_path:
            enter(nxt)
            if nxt not in values:
                continue  # come back to this reply once the next point is solved
        if nxt in values:
            best = max(best, _add(plan.gain(point, choice), values[nxt]))
        frames[-1] = (point, choices, index + 1, best)

    return Plan(rubric, values, _replay(plan, scenario, start), coarse=coarse)


def _replay(plan: Plan, scenario: Scenario, start: Point) -> Session:
    """Play the best replies through the engine, so meters and their limits apply."""
    engine = Engine(scenario)
    session = engine.start(seed=0)
    point = start
    visited = {plan.key(start)}
    while session.ending is None and len(session.turns) <= len(plan.values):
        offered = {c.id for c in engine.choices(session)}
        authored = [c for c in scenario.states[session.state].choices if c.id in offered]
        fresh = [c for c in authored if plan.key(point.after(c)) not in visited]
        choice = plan.better(point, fresh or authored)
        if choice is None:
            break
        engine.choose(session, choice.id)
        point = point.after(choice)
        visited.add(plan.key(point))
    engine.release(session)
    return session
