"""Explore a scenario: how many paths, where they end, what they can score, what can go wrong.

Structural facts (the path count, reachable critical errors) come from the shared walk over
points (state, flags, actions performed), so they cover every path, loops cut as in the
best-path search; meters are not known there, so paths a meter limit cuts short are still
counted in full. Endings and score ranges come from playing paths through the engine and
scoring them: every path when there are few, a seeded random sample when there are many.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import ChoiceError
from simulator.play import Engine
from simulator.scenario import DIMENSIONS, Choice, Scenario
from simulator.scoring._profile import Profile
from simulator.scoring._search import Plan, best_plan
from simulator.scoring._verdict import score
from simulator.scoring._walk import Moves, Point, offered, onward, walk

SCORES = (*DIMENSIONS, "overall")


@dataclass(frozen=True, slots=True)
class Path:
    """One path played and scored."""

    choices: tuple[str, ...]
    ending: str | None
    passed: bool
    scores: dict[str, float]
    critical_errors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exploration:
    """What exploring a scenario found."""

    scenario: str
    path_count: int
    played: tuple[Path, ...]
    sampled: bool
    best_path: tuple[str, ...]
    endings: dict[str, int] = field(default_factory=dict)
    critical_errors: tuple[str, ...] = ()
    # How the search and the count saw the meters: "exact" (their values followed, so
    # meter tests and limits are honoured), "approximate" (they decide what happens, but
    # were too many to follow: tests taken to hold), or "none" (they decide nothing).
    meters: str = "none"

    def ranges(self) -> dict[str, tuple[float, float]]:
        """The lowest and highest score of each dimension over the paths played."""
        return {key: (min(p.scores[key] for p in self.played),
                      max(p.scores[key] for p in self.played)) for key in SCORES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "paths": self.path_count, "meters": self.meters,
            "played": len(self.played), "sampled": self.sampled,
            "best_path": list(self.best_path), "endings": self.endings,
            "critical_errors": list(self.critical_errors),
            "scores": {k: {"min": lo, "max": hi} for k, (lo, hi) in self.ranges().items()},
            "passed": sum(p.passed for p in self.played),
            "each": [{"choices": list(p.choices), "ending": p.ending, "passed": p.passed,
                      "scores": p.scores, "critical_errors": list(p.critical_errors)}
                     for p in self.played],
        }


def explore(scenario: Scenario, profile: Profile, limit: int = 1000,
            seed: int = 0) -> Exploration:
    """Count, play and score the scenario's paths (all of them up to `limit`)."""
    plan = best_plan(scenario, profile)
    moves = plan.moves
    start = moves.start()
    counts = {} if plan.coarse else _count_paths(scenario, moves)
    total = counts.get(start, -1)  # -1: too many situations to count
    sampled = total < 0 or total > limit
    sequences = [list(plan.path)] + (_random_paths(moves, limit, seed) if sampled
                                     else _all_paths(moves))
    engine = Engine(scenario)
    seen: set[tuple[str, ...]] = set()
    played = []
    for sequence in sequences:
        session = engine.start(seed=0)
        try:
            for choice_id in sequence:
                if session.ending is None:
                    engine.choose(session, choice_id)
        except ChoiceError:
            continue  # a meter test closed this reply: the path cannot be played
        finally:
            engine.release(session)
        key = tuple(session.path)
        if key in seen or session.ending is None:
            continue  # a meter limit cut two paths to the same one, or a walk got stuck
        seen.add(key)
        card = score(scenario, session, profile)
        played.append(Path(key, session.ending, card.passed, dict(card.scores),
                           tuple(e.id for e in card.critical_errors)))
    endings: dict[str, int] = {}
    for path in played:
        endings[path.ending or "(none)"] = endings.get(path.ending or "(none)", 0) + 1
    meters = "exact" if moves.exact else ("approximate" if plan.approximate else "none")
    return Exploration(scenario.id, total, tuple(played), sampled, tuple(plan.path),
                       dict(sorted(endings.items(), key=lambda item: -item[1])),
                       tuple(sorted(_reachable_errors(plan))), meters)


def _count_paths(scenario: Scenario, moves: Moves) -> dict[Point, int]:
    """Paths from each point to an ending, a reply back onto the current path not followed.

    Over the same points as the best-path search (meters tracked where it tracked them), so
    it never meets that search's bound: a scenario too big for it is searched coarsely and
    not counted.
    """
    def one(point: Point) -> int:
        return 1

    def add(total: int, point: Point, choice: Choice, after: int) -> int:
        return total + after

    return walk(scenario, moves.start(), moves.offered, one, add, 0, step=moves.after)


def _all_paths(moves: Moves) -> list[list[str]]:
    scenario, start = moves.scenario, moves.start()
    paths: list[list[str]] = []
    stack: list[tuple[Point, list[str], frozenset[Point]]] = [(start, [], frozenset({start}))]
    while stack:
        point, path, visited = stack.pop()
        for choice, nxt in reversed(onward(scenario, point, visited, moves)):
            if scenario.is_ending(nxt.node):
                paths.append([*path, choice.id])
            else:
                stack.append((nxt, [*path, choice.id], visited | {nxt}))
    return paths


def _random_paths(moves: Moves, count: int, seed: int) -> list[list[str]]:
    scenario, start = moves.scenario, moves.start()
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        point, path, visited = start, [], {start}
        while not scenario.is_ending(point.node):
            steps = onward(scenario, point, visited, moves)
            if not steps:
                break
            choice, point = rng.choice(steps)
            visited.add(point)
            path.append(choice.id)
        paths.append(path)
    return paths


def _reachable_errors(plan: Plan) -> set[str]:
    """Critical errors some point of the search commits: by a reply, or by ending the call."""
    scenario, rubric = plan.rubric.scenario, plan.rubric
    found = set()
    for point in plan.values:
        if scenario.is_ending(point.node):
            found.update(rubric.missing_errors(point.done))
        else:
            found |= {e for c in offered(scenario, point) for e in c.critical}
    return found
