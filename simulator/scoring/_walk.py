"""The points of a scenario's calls, and the one depth-first walk over them.

A point is where a call is with what has happened that later replies depend on (state,
flags set, actions performed), so conditions on flags and the order of actions are exact.
Where a scenario's meters decide what happens (a reply offered only while a meter allows
it, a target chosen by a meter, a meter limit that ends the call), `Moves` also carries the
meters' values in the point, as they stand when the trainee takes no time to think, so
those rules are exact too. The best-path search, explore's path count and validate's
checks all read the scenario through these points. Loops are cut as H5P Branching Scenario
does: a reply leading back to a point already on the current path is not followed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, TypeVar

from simulator.scenario import Choice, Scenario

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Point:
    """Where a call is, with what has happened that later replies depend on; `meters` holds
    the meters' values (in the scenario's order) where the moves track them, else ()."""

    node: str
    flags: frozenset[str]
    done: frozenset[str]
    meters: tuple[float, ...] = ()

    @classmethod
    def start(cls, scenario: Scenario) -> Point:
        """Where every call begins: the start state, nothing set, nothing done."""
        return cls(scenario.start, frozenset(), frozenset())

    def after(self, choice: Choice) -> Point:
        """Where a reply leads, meters not known: a target that tests a meter is taken to
        hold."""
        return Point(choice.target(self.flags, None), (self.flags - choice.clear) | choice.set,
                     self.done | frozenset(choice.actions))

    @property
    def shape(self) -> Point:
        """The point without its meters."""
        return Point(self.node, self.flags, self.done) if self.meters else self


def offered(scenario: Scenario, point: Point) -> list[Choice]:
    """The replies on offer at a point: by its flags, and by its meters where it has them
    (where not, a meter test is taken to hold)."""
    state = scenario.states[point.node]
    if point.meters:
        meters = dict(zip(scenario.meters, point.meters, strict=True))
        return [c for c in state.choices if c.allowed(point.flags, meters)]
    return [c for c in state.choices if c.requires <= point.flags and not (c.unless & point.flags)]


def meters_decide(scenario: Scenario) -> bool:
    """Whether a meter's value can change what happens in the call: which replies are on
    offer, where a reply leads, a meter's pace, or an ending forced by a limit."""
    if any(m.ends or any(p.condition.when for p in m.pace) for m in scenario.meters.values()):
        return True
    return any(c.when or any(t.condition.when for t in c.targets)
               for s in scenario.states.values() for c in s.choices)


@dataclass(frozen=True, slots=True)
class Moves:
    """How a call moves from point to point in one scenario: with its meters (`exact`), or
    without them."""

    scenario: Scenario
    exact: bool

    def start(self) -> Point:
        scenario = self.scenario
        meters = tuple(m.start for m in scenario.meters.values()) if self.exact else ()
        return Point(scenario.start, frozenset(), frozenset(), meters)

    def offered(self, point: Point) -> list[Choice]:
        return offered(self.scenario, point)

    def after(self, point: Point, choice: Choice) -> Point:
        """Where a reply leads, the meters moved by its time and its change, and a meter
        limit reached ending the call as the engine would."""
        if not self.exact or not point.meters:
            return point.after(choice)
        scenario = self.scenario
        before = dict(zip(scenario.meters, point.meters, strict=True))
        node = choice.target(point.flags, before)
        values = []
        for meter in scenario.meters.values():
            rate = meter.rate(point.flags, before, choice.state)
            value = before[meter.id] + rate * choice.takes / 60.0 + choice.change.get(meter.id, 0)
            values.append(round(meter.clamp(value), 2))
        if not scenario.is_ending(node):
            for meter, value in zip(scenario.meters.values(), values, strict=True):
                limit = next((lim for lim in meter.ends if lim.reached(value)), None)
                if limit is not None:
                    node = limit.ending
                    break
        return Point(node, (point.flags - choice.clear) | choice.set,
                     point.done | frozenset(choice.actions), tuple(values))

    def point(self, node: str, flags: frozenset[str], done: frozenset[str],
              meters: dict[str, float]) -> Point:
        """The point of a call as it really was (meters included where tracked)."""
        values = tuple(round(meters.get(m, 0.0), 2) for m in self.scenario.meters) \
            if self.exact else ()
        return Point(node, flags, done, values)


def onward(scenario: Scenario, point: Point, path: AbstractSet[Point],
           moves: Moves | None = None) -> list[tuple[Choice, Point]]:
    """The replies on offer at a point that do not lead back onto `path`, with where each
    leads (as `moves` move, meters and all): the loop cut of the walks that follow one
    path at a time."""
    steps = []
    for choice in offered(scenario, point):
        nxt = moves.after(point, choice) if moves is not None else point.after(choice)
        if nxt not in path:
            steps.append((choice, nxt))
    return steps


# Marks a point not solved yet; any value, None included, can be a point's value.
_UNSOLVED: Any = object()


class TooMany(Exception):
    """More distinct points than the walk was allowed to visit."""


def walk(scenario: Scenario, start: Point, replies: Callable[[Point], Sequence[Choice]],
         ending: Callable[[Point], V], fold: Callable[[V, Point, Choice, V], V], empty: V,
         step: Callable[[Point, Choice], Point] = Point.after,
         limit: int | None = None) -> dict[Point, V]:
    """The value of every point reachable from `start`, each computed once, after the
    points its replies lead to (post-order).

    An ending's value is `ending(point)`. Any other point's value starts as `empty` and
    takes in each of its `replies` in order with `fold(value, point, reply, value after)`;
    a reply leading back to a point on the current path is left out. `step` says where a
    reply leads. Past `limit` points (endings included), TooMany is raised. Points are
    stored in the order they are solved, which later checks rely on to name the first.

    Because a point is solved once, the loop cut depends on the path that reached it first,
    exactly as a depth-first search over the replies in their authored order would.
    """
    values: dict[Point, V] = {}
    on_path: set[Point] = set()
    # Without recursion, since calls can be deep: a frame is a point, its replies, the
    # index of the next reply to take in, and the value so far.
    frames: list[tuple[Point, Sequence[Choice], int, V]] = []
    is_ending = scenario.is_ending

    def enter(point: Point) -> None:
        if limit is not None and len(values) + len(on_path) >= limit:
            raise TooMany
        on_path.add(point)
        frames.append((point, replies(point), 0, empty))

    if is_ending(start.node):
        values[start] = ending(start)
    else:
        enter(start)
    while frames:
        point, choices, index, value = frames[-1]
        if index == len(choices):
            frames.pop()
            on_path.discard(point)
            values[point] = value
            continue
        choice = choices[index]
        nxt = step(point, choice)
        # One lookup in the common case: hashing a point is most of the walk's cost.
        after = values.get(nxt, _UNSOLVED)
        if after is _UNSOLVED:
            if nxt in on_path:
                frames[-1] = (point, choices, index + 1, value)  # a loop: not followed
                continue
            if not is_ending(nxt.node):
                enter(nxt)
                continue  # come back to this reply once the next point is solved
            after = values[nxt] = ending(nxt)
        frames[-1] = (point, choices, index + 1, fold(value, point, choice, after))
    return values
