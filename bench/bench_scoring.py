"""Benchmark: the best-path search and scoring on a generated 200-state, 800-choice scenario.

Run from the checkout: `python -m bench.bench_scoring`. Baselines measured in the same run:
a plain breadth-first walk over the same graph (the least any search must do), and
replaying the scored session through the engine.
"""

from __future__ import annotations

import random
from collections import deque

from bench.common import HEADER, median_seconds, row
from simulator.play import Engine
from simulator.scenario import Scenario, compile_bytes
from simulator.scoring import _search as search
from simulator.scoring import load_profile, score
from tests.generate import generate


def breadth_first(scenario: Scenario) -> int:
    seen = {scenario.start}
    queue = deque([scenario.start])
    while queue:
        state = scenario.states.get(queue.popleft())
        for choice in state.choices if state else ():
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return len(seen)


def main() -> None:
    scenario, diagnostics = compile_bytes(generate(7, 200, 4).encode(), "generated.yaml")
    assert scenario is not None, diagnostics
    profile = load_profile()
    print(f"scenario: {len(scenario.states)} states, {scenario.choice_count} choices")

    def cold_search() -> None:
        search._cache.clear()
        search.best_plan(scenario, profile)

    engine = Engine(scenario)
    rng = random.Random(1)
    session = engine.start(seed=1)
    while session.ending is None and len(session.turns) < 100:
        offered = engine.choices(session)
        onward = [c for c in offered if not scenario.is_ending(c.next)]
        engine.choose(session, rng.choice(onward or offered).id)
    while session.ending is None:  # then end it: an abandoned call is not scored
        offered = engine.choices(session)
        ending = [c for c in offered if scenario.is_ending(c.next)]
        engine.choose(session, (ending or offered)[0].id)
    path = session.path
    search.best_plan(scenario, profile)

    bfs = median_seconds(lambda: breadth_first(scenario), 50)
    cold = median_seconds(cold_search, 7)
    search.best_plan(scenario, profile)
    cached = median_seconds(lambda: search.best_plan(scenario, profile), 200)
    replay = median_seconds(lambda: engine.replay(path), 20)
    scoring = median_seconds(lambda: score(scenario, session, profile), 20)
    print(f"session: {len(session.turns)} turns, ending {session.ending}")
    print(HEADER)
    print(row("baseline: breadth-first walk of the graph", bfs))
    print(row("best-path search, cold", cold, bfs, "< 1 s"))
    print(row("best-path search, cached", cached, bfs))
    print(row("baseline: replay the session in the engine", replay))
    print(row("score the session (search cached)", scoring, replay))


if __name__ == "__main__":
    main()
