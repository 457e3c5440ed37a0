"""The points of a scenario's calls, and the one depth-first walk over them.

A point is where a call is with what has happened that later replies depend on (state,
flags set, actions performed), so conditions on flags and the order of actions are exact.
The best-path search, explore's path count and validate's checks all read the scenario
through these points. Loops are cut as H5P Branching Scenario does: a reply leading back
to a point already on the current path is not followed.
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
    """Where a call is, with what has happened that later replies depend on."""

    node: str
    flags: frozenset[str]
    done: frozenset[str]

    @classmethod
    def start(cls, scenario: Scenario) -> Point:
        """Where every call begins: the start state, nothing set, nothing done."""
        return cls(scenario.start, frozenset(), frozenset())

    def after(self, choice: Choice) -> Point:
        return Point(choice.next, (self.flags - choice.clear) | choice.set,
                     self.done | frozenset(choice.actions))


def offered(scenario: Scenario, point: Point) -> list[Choice]:
    """The replies whose flag conditions hold at a point (meter tests are not known here)."""
    state = scenario.states[point.node]
    return [c for c in state.choices if c.requires <= point.flags and not (c.unless & point.flags)]


def onward(scenario: Scenario, point: Point,
           path: AbstractSet[Point]) -> list[tuple[Choice, Point]]:
    """The replies on offer at a point that do not lead back onto `path`, with where each
    leads: the loop cut of the walks that follow one path at a time."""
    steps = []
    for choice in offered(scenario, point):
        nxt = point.after(choice)
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
