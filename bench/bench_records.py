"""Benchmark: saving 10,000 sessions (50,000 turns) and the cohort report over them.

Run from the checkout: `python -m bench.bench_records`. Baselines measured in the same run:
the same rows inserted with the standard library's sqlite3, and a plain `SELECT *` of them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from pathlib import Path

from bench.common import HEADER, median_seconds, row
from simulator.play import Engine, Session
from simulator.present import cohort_view, render
from simulator.records import Store
from simulator.records._tables import session_row, turn_rows
from simulator.scenario import Catalog, Scenario, Scenarios, load_scenario
from simulator.scoring import Scorecard, load_profile, score

SESSIONS = 10_000
TURNS = 6


def played(rng: random.Random) -> list[tuple[Scenario, Session, Scorecard]]:
    scenarios = [load_scenario(p) for p in Catalog.builtin().files()]
    engines = [Engine(s) for s in scenarios]
    items = []
    for n in range(SESSIONS):
        index = n % len(scenarios)
        scenario, engine = scenarios[index], engines[index]
        session = engine.start(seed=n, trainee=f"trainee-{n % 200:03d}",
                               lang=rng.choice(["en", "id"]))
        while session.ending is None and len(session.turns) < TURNS:
            offered = engine.choices(session)
            onward = [c for c in offered if not scenario.is_ending(c.next)]
            engine.choose(session, rng.choice(onward or offered).id)
        if session.ending is None:
            engine.abandon(session)
        session.started_at = f"2026-11-{1 + n % 25:02d}T09:{n % 60:02d}:00.000+00:00"
        session.ended_at = session.started_at
        items.append((scenario, session, score(scenario, session)))
    return items


def main() -> None:
    rng = random.Random(5)
    items = played(rng)
    turns = sum(len(s.turns) for _, s, _ in items)
    print(f"{len(items)} sessions, {turns} turns, 5 scenarios, 200 trainees")
    assert turns >= 50_000, turns
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(100))
        saved: list[str] = []

        def save_store() -> None:
            saved.append(f"sqlite:///{folder}/store-{next(counter)}.db")
            store = Store(saved[-1])
            store.save_many(items)
            store.close()

        session_rows = [session_row(*item) for item in items]
        turn_values = [r for scenario, session, _ in items
                       for r in turn_rows(scenario, session)]

        def save_plain() -> None:
            db = sqlite3.connect(Path(folder) / f"plain-{next(counter)}.db")
            db.execute("CREATE TABLE s (id TEXT PRIMARY KEY, data TEXT)")
            db.execute("CREATE TABLE t (sid TEXT, n INT, data TEXT, PRIMARY KEY (sid, n))")
            with db:
                db.executemany("INSERT INTO s VALUES (?, ?)",
                               [(r["id"], json.dumps(r)) for r in session_rows])
                db.executemany("INSERT INTO t VALUES (?, ?, ?)",
                               [(r["session_id"], r["number"], json.dumps(r))
                                for r in turn_values])
            db.close()

        plain_save = median_seconds(save_plain, 3)
        store_save = median_seconds(save_store, 3)
        url = saved[0]
        scenarios = Scenarios(Catalog.builtin())
        profile = load_profile()
        html_size = 0

        def cohort() -> None:
            nonlocal html_size
            store = Store(url)
            data = store.cohort()
            store.close()
            html = render("cohort.html", cohort_view(data, scenarios, profile))
            html_size = len(html.encode())

        def plain_read() -> None:
            db = sqlite3.connect(url.removeprefix("sqlite:///"))
            db.execute("SELECT * FROM sessions").fetchall()
            db.close()

        cohort()  # warm the scenario and best-path caches, as a long-running server would
        read = median_seconds(plain_read, 5)
        report = median_seconds(cohort, 5)
    print(HEADER)
    print(row("baseline: sqlite3 executemany, same rows", plain_save))
    print(row("Store.save_many, 10,000 sessions", store_save, plain_save))
    print(row("baseline: sqlite3 SELECT * FROM sessions", read))
    print(row("cohort report: query, view-model, render", report, read, "< 2 s"))
    print(f"cohort report size: {html_size / 1e6:.2f} MB (target < 5 MB)")


if __name__ == "__main__":
    main()
