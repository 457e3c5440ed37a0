"""Benchmark: the cohort report over a year of a 2,000-seat contact centre: 1,000,000 calls
of 5,000 trainees (about 6.3 million turns), on SQLite and on PostgreSQL.

    python -m bench.bench_cohort --sqlite /data/year.db [--postgres URL]

The records are generated once (`bench.cohort_data`: about 5 minutes on SQLite, 7 on
PostgreSQL) into the file or database given, and reused by later runs. Measured, as medians:

- baseline: a plain aggregate over the same rows (`SELECT scenario, count(*), avg(overall)
  FROM sessions GROUP BY scenario`), through the same driver;
- `agentsim report --cohort` as a person runs it, a fresh process each time: the wall time
  and the process's peak memory (its maximum resident set size);
- the same once after the kept floors were dropped (the first report after a scenario
  changes walks each scenario 200 times);
- in one process: the figures summed in the database, then the view-model and the HTML.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench.cohort_data import Cohort, builtin_scenarios, write
from bench.common import HEADER, median_seconds, row
from simulator.present import cohort_view, judgement_floor, kept_floor, render
from simulator.records import Store
from simulator.scenario import Catalog, Scenarios
from simulator.scoring import load_profile

CALLS = 1_000_000
TRAINEES = 5_000
YEAR = Cohort(trainees=TRAINEES, calls=CALLS, start="2025-12-01", days=365, pool=300)
REPEATS = 5

# Runs a command and prints its wall time and its peak resident set size (KiB).
_MEASURE = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
            "wall = time.perf_counter() - t\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(wall, used.ru_utime + used.ru_stime, used.ru_maxrss, done.returncode)\n")


def ensure(url: str) -> None:
    """Generate the year's records into `url` unless they are there already."""
    store = Store(url)
    with store.engine.connect() as conn:
        found = int(conn.execute(text("SELECT count(*) FROM sessions")).scalar_one())
    store.close()
    if found == CALLS:
        return
    if found:
        raise SystemExit(f"{url} holds {found} calls, not {CALLS}: give an empty database")
    print(f"generating {CALLS:,} calls into {url} (once) ...", flush=True)
    began = time.perf_counter()
    write(url, YEAR, builtin_scenarios())
    if not url.startswith("sqlite"):
        store = Store(url)
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        store.close()
    print(f"generated in {time.perf_counter() - began:.0f} s", flush=True)


def baseline(url: str) -> float:
    store = Store(url)
    query = text("SELECT scenario, count(*), avg(overall) FROM sessions GROUP BY scenario")

    def plain() -> None:
        with store.engine.connect() as conn:
            conn.execute(query).all()

    plain()
    seconds = median_seconds(plain, REPEATS)
    store.close()
    return seconds


def cold(url: str, out: Path) -> tuple[float, float, int]:
    """`agentsim report --cohort` in a fresh process: wall seconds, the seconds of CPU it
    used (less swayed by whatever else the machine runs) and its peak KiB. Its cache folder
    (where a read-only report keeps the floors) is beside `out`."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "simulator", "--db", url,
               "report", "--cohort", "-o", str(out)]
    env = {**os.environ, "AGENTSIM_CACHE": str(out.parent / "cache")}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    wall, cpu, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"the report failed ({code})")
    return float(wall), float(cpu), int(peak)


def drop_floors(url: str) -> None:
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM agentsim_meta WHERE key LIKE 'report:floor:%'"))
    store.close()


def measure(name: str, url: str) -> None:
    ensure(url)
    plain = baseline(url)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cohort.html"
        drop_floors(url)
        first_wall, _, first_peak = cold(url, out)
        runs = [cold(url, out) for _ in range(REPEATS)]
        size = out.stat().st_size
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    peak = max(r[2] for r in runs)
    store = Store(url)
    scenarios, profile = Scenarios(Catalog.builtin()), load_profile()
    floor = kept_floor(judgement_floor, store)
    figures = median_seconds(store.cohort, REPEATS)
    data = store.cohort()
    shown = median_seconds(lambda: render("cohort.html", cohort_view(
        data, scenarios, profile, floor=floor)), REPEATS)
    store.close()
    print(f"\n{name}: {CALLS:,} calls, {TRAINEES:,} trainees")
    print(HEADER)
    print(row("baseline: plain aggregate over the calls", plain))
    print(row("report --cohort, fresh process", wall, plain, "< 5 s"))
    print(row("the same, CPU time of its process", cpu, plain))
    print(row("the same, first after a scenario change", first_wall, plain))
    print(row("in process: figures summed in the database", figures, plain))
    print(row("in process: view-model and HTML", shown))
    print(f"peak memory of the report process: {peak / 1024:.0f} MB (target < 300 MB); "
          f"first run {first_peak / 1024:.0f} MB; report {size / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", metavar="FILE", help="SQLite file for the year's records")
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL database (an empty one, "
                        "or one this benchmark filled before)")
    args = parser.parse_args()
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite FILE, --postgres URL or both")
    if args.sqlite:
        measure("SQLite", f"sqlite:///{Path(args.sqlite).resolve()}")
    if args.postgres:
        measure("PostgreSQL", args.postgres)


if __name__ == "__main__":
    main()
