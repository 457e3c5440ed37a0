"""Benchmark: `validate` and `explore` on a generated 200-state, 800-choice scenario.

Run from the checkout: `python -m bench.bench_toolkit`. The baseline, measured in the same
run, is PyYAML's C loader reading the same file: the least any check must do.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from bench.common import HEADER, median_seconds, row
from simulator.scenario import load_scenario
from simulator.scoring import _search as search
from simulator.scoring import check_file, explore, load_profile
from tests.generate import generate


def main() -> None:
    measure(False)
    print()
    measure(True)


def measure(format2: bool) -> None:
    """validate and explore, cold, on the generated scenario (format 1, or format 2 with
    variants, conditional targets and a meter's pace)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-7.yaml"
        path.write_text(generate(7, 200, 4, format2=format2), encoding="utf-8")
        scenario = load_scenario(path)
        profile = load_profile()
        print(f"format {scenario.format} scenario: {len(scenario.states)} states, "
              f"{scenario.choice_count} choices, {path.stat().st_size / 1000:.0f} kB")

        def baseline() -> None:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def validate_cold() -> None:
            search._cache.clear()
            check_file(path, profile=profile)

        def explore_cold() -> None:
            search._cache.clear()
            explore(scenario, profile)

        plain = median_seconds(baseline, 7)
        checked = median_seconds(validate_cold, 5)
        explored = median_seconds(explore_cold, 5)
        found = explore(scenario, profile)
    print(f"explore: {found.path_count} paths counted, {len(found.played)} played "
          f"({'sampled' if found.sampled else 'all'})")
    print(HEADER)
    print(row("baseline: yaml.load with CSafeLoader", plain))
    print(row("validate (load, references, graph, search)", checked, plain, "< 1 s"))
    print(row("explore (count, sample 1,000, score)", explored, plain, "< 1 s"))


if __name__ == "__main__":
    main()
