"""Timing helpers shared by the benchmarks: medians over repeats, printed as a table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(task: Callable[[], object], repeats: int) -> float:
    """The median wall time of `task` over `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, seconds: float, baseline: float | None = None, target: str = "") -> str:
    ratio = f"{seconds / baseline:8.1f}x" if baseline else " " * 9
    return f"| {name:<44} | {seconds * 1000:10.2f} ms | {ratio} | {target:<12} |"


HEADER = (f"| {'measure':<44} | {'median':>13} | {'ratio':>9} | {'target':<12} |\n"
          f"|{'-' * 46}|{'-' * 15}|{'-' * 11}|{'-' * 14}|")
