"""Benchmark: start-up, loading, the engine per choice, a long replay, memory per session.

Run from the checkout: `python -m bench.bench_engine`. Every figure has a baseline
measured in the same run; the targets are those of issue 8.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pexpect
import yaml

from bench.common import HEADER, median_seconds, row
from simulator.play import Engine, Session
from simulator.scenario import Catalog, load_scenario
from tests.generate import generate

LOOP = """\
format: 1
id: loop
title: A long call
summary: Two moments the trainee can go back and forth between.
customer: {name: Sam}
shuffle: false
start: ping
states:
  ping:
    customer: Ping?
    choices:
      - {id: to-pong, text: Pong., next: pong, takes: 5s}
      - {id: stay-ping, text: Again., next: ping, takes: 5s}
      - {id: finish, text: Bye., next: done}
  pong:
    customer: Pong?
    choices:
      - {id: to-ping, text: Ping., next: ping, takes: 5s}
      - {id: stay-pong, text: Again., next: pong, takes: 5s}
      - {id: end-pong, text: Bye., next: done}
endings:
  done: {outcome: safe, text: Done.}
"""


ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def installed_copy(folder: Path) -> Path:
    """The package built as a wheel and unpacked into `folder`, as `pip install .` puts it:
    no editable finder between the interpreter and the modules."""
    wheels = folder / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, stdout=subprocess.DEVNULL)
    target = folder / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), *map(str, wheels.glob("*.whl"))], check=True,
                   stdout=subprocess.DEVNULL)
    return target


def first_prompt() -> float:
    """Seconds from starting `agentsim play` to its first prompt (not counting the exit)."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        child = pexpect.spawn(sys.executable, ["-m", "simulator", "--db",
                                               f"{folder}/r.db", "play", "frozen-highway",
                                               "--untimed", "--seed", "1", "--no-save"],
                              encoding="utf-8", timeout=30)
        child.expect(r"\[1-\d\]: ")
        elapsed = time.perf_counter() - started
        child.terminate(force=True)
    return elapsed


def dict_machine(transitions: dict[tuple[str, str], str], path: list[str]) -> str:
    """The least a state machine can do: look up (state, reply) and move."""
    state = "ping"
    for choice in path:
        state = transitions[(state, choice)]
    return state


def dict_call(transitions: dict[tuple[str, str], tuple[str, float]],
              path: list[str]) -> list[dict[str, object]]:
    """A hand-written dict machine doing the engine's work: check the reply is on offer,
    move the clock, drain the meters, apply flags, record the turn."""
    state, clock, meters = "ping", 0.0, {"m": 100.0}
    flags: set[str] = set()
    turns: list[dict[str, object]] = []
    for choice in path:
        found = transitions.get((state, choice))
        if found is None:
            raise ValueError(choice)
        state, takes = found
        clock += takes
        meters["m"] = max(0.0, meters["m"] - 0.0 * takes / 60)
        flags |= set()
        turns.append({"state": state, "choice": choice, "takes": takes, "clock": clock,
                      "meters": dict(meters)})
    return turns


def played(engine: Engine, path: list[str], seed: int) -> Session:
    """A live session with `path` played."""
    session = engine.start(seed=seed)
    for choice in path:
        engine.choose(session, choice)
    return session


def main() -> None:
    python = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory() as folder:
        site = installed_copy(Path(folder))
        # What the `agentsim` script runs, from the installed copy.
        help_command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(site)!r}); "
                        "from simulator.cli import main; sys.exit(main())", "--help"]
        bare = median_seconds(lambda: run(python), 21)
        helped = median_seconds(lambda: run(help_command), 21)
    prompt = statistics.median(first_prompt() for _ in range(9))

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "generated-7.yaml"
        big.write_text(generate(7, 200, 4), encoding="utf-8")
        size = big.stat().st_size
        raw = median_seconds(lambda: yaml.load(big.read_bytes(), Loader=yaml.CSafeLoader), 9)
        loaded = median_seconds(lambda: load_scenario(big), 9)
        loop_path = Path(folder) / "loop.yaml"
        loop_path.write_text(LOOP, encoding="utf-8")
        loop = load_scenario(loop_path)

    engine = Engine(loop)
    cycle = ["to-pong", "stay-pong", "to-ping", "stay-ping"]
    long_path = [cycle[i % 4] for i in range(10_000)]
    table = {("ping", "to-pong"): "pong", ("pong", "stay-pong"): "pong",
             ("pong", "to-ping"): "ping", ("ping", "stay-ping"): "ping"}
    base_choice = median_seconds(lambda: dict_machine(table, long_path), 9) / 10_000
    worked = {key: (value, 5.0) for key, value in table.items()}
    work_choice = median_seconds(lambda: dict_call(worked, long_path), 9) / 10_000
    replay = median_seconds(lambda: engine.replay(long_path), 5)
    per_choice = replay / 10_000

    scenario = load_scenario(Catalog.builtin().find("frozen-highway"))
    engine = Engine(scenario)
    path = ["ask-location-first", "order-taxi-now", "battery-tips"]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    live = [played(engine, path, n) for n in range(1000)]
    gc.collect()
    after_live = tracemalloc.take_snapshot()
    per_session = sum(s.size_diff for s in after_live.compare_to(before, "filename")) / 1000
    for session in live:
        engine.release(session)
    live.clear()
    gc.collect()
    sizes = []
    for _ in range(3):
        for n in range(1000):
            engine.release(played(engine, path, n))
        gc.collect()
        sizes.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()

    print(f"scenario file: {size / 1000:.0f} kB; replay: 10,000 turns")
    print(HEADER)
    print(row("baseline: python -c pass", bare))
    print(row("agentsim --help, installed, cold", helped, bare, "<= 4x"))
    print(row("play: time to the first prompt", prompt, bare, "<= 12x"))
    print(row("baseline: yaml.load, CSafeLoader (206 kB)", raw))
    print(row("load_scenario (206 kB)", loaded, raw, "<= 1.5x"))
    print(row("baseline: bare dict lookup, per choice", base_choice))
    print(row("baseline: dict machine doing the same work", work_choice))
    print(row("engine, per choice (vs the same work)", per_choice, work_choice, "<= 25x"))
    print(row("engine, per choice (vs a bare lookup)", per_choice, base_choice))
    print(row("replay of 10,000 turns", replay, None, "< 0.5 s"))
    print(f"memory per live session (3 turns): {per_session / 1024:.1f} KiB (target < 200 KiB)")
    print("memory after 1,000 sessions started and released, three rounds: "
          + ", ".join(f"{s / 1024:.0f} KiB" for s in sizes) + " (target: no growth)")


if __name__ == "__main__":
    main()
