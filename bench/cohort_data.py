"""Generate a contact centre's records: trainees who learn, retake what they failed, stop
coming, play in English or Indonesian and sometimes break a call off.

Every call is a real play of a built-in scenario through the engine, scored by the scorer.
For large cohorts the calls are drawn from pools of plays per scenario, language and skill
band (a thousand trainees of the same skill give the same few hundred distinct calls), so a
year of a 2,000-seat centre (1,000,000 calls) is written in minutes with bulk inserts:
`executemany` on SQLite, `COPY` on PostgreSQL.

    python -m bench.cohort_data --db sqlite:////tmp/year.db --calls 1000000 --trainees 5000

Small cohorts (the realistic one of the issue: 25 trainees, about 205 calls over three
months) play every call afresh.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON

from simulator.play import Engine
from simulator.records import Store
from simulator.records._tables import session_row, sessions, turn_rows, turns
from simulator.scenario import Scenario
from simulator.scoring import Plan, Profile, best_plan, load_profile, score

SESSION_COLUMNS = tuple(c.name for c in sessions.c)
TURN_COLUMNS = tuple(c.name for c in turns.c)
# Columns written as JSON text, read from the tables so that a new one is never missed.
JSON_COLUMNS = {c.name for table in (sessions, turns) for c in table.c
                if isinstance(c.type, JSON)}
BANDS = 10  # skill bands a pool is kept for


@dataclass(frozen=True, slots=True)
class Cohort:
    """The shape of the cohort: how many trainees and calls, over which days."""

    trainees: int = 25
    calls: int = 205
    start: str = "2026-08-03"
    days: int = 91
    seed: int = 16
    indonesian: float = 0.25  # share of trainees who play in Indonesian
    abandon: float = 0.045  # chance that a call is broken off
    pool: int = 0  # distinct plays kept per scenario, language and band (0: all fresh)
    prefix: str = "trainee"


@dataclass(slots=True)
class Trainee:
    name: str
    skill: float
    lang: str
    pace: float  # median thinking time in seconds
    order: list[int]
    first_day: float
    last_day: float
    passed: set[int] = field(default_factory=set)
    tries: dict[int, int] = field(default_factory=dict)


class Player:
    """Plays calls of the built-in scenarios at a given skill: the best reply on offer with
    probability `skill`, else any other reply on offer; thinking time drawn around a pace."""

    def __init__(self, scenarios: list[Scenario], profile: Profile, rng: random.Random,
                 pool: int) -> None:
        self.scenarios = scenarios
        self.profile = profile
        self.rng = rng
        self.pool = pool
        self.engines = [Engine(s) for s in scenarios]
        self.plans: list[Plan] = [best_plan(s, profile) for s in scenarios]
        self.pools: dict[tuple[int, str, int, bool], list[tuple[dict[str, Any],
                                                              list[dict[str, Any]]]]] = {}
        self.played = 0

    def call(self, index: int, lang: str, skill: float, pace: float,
             abandon: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A scored call as a session row and its turn rows (ids still to be set)."""
        band = min(BANDS - 1, int(skill * BANDS))
        key = (index, lang, band, abandon)
        kept = self.pools.setdefault(key, [])
        if self.pool and len(kept) >= self.pool:
            return self.rng.choice(kept)
        made = self._play(index, lang, (band + self.rng.random()) / BANDS if self.pool
                          else skill, pace if not self.pool else 4.0 + 50.0 * (1 - band / BANDS),
                          abandon)
        if self.pool:
            kept.append(made)
        return made

    def _play(self, index: int, lang: str, skill: float, pace: float,
              abandon: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        scenario, engine, plan = self.scenarios[index], self.engines[index], self.plans[index]
        rng = self.rng
        session = engine.start(seed=rng.getrandbits(32), lang=lang, timed=True)
        stop_at = rng.randint(1, 5) if abandon else -1
        while session.ending is None and len(session.turns) != stop_at:
            offered = engine.choices(session)
            point = plan.moves.point(session.state, frozenset(session.flags),
                                     frozenset(a for a, _ in session.actions), session.meters)
            best = plan.better(point, offered)
            others = [c for c in offered if c is not best]
            choice = best if best is not None and (rng.random() < skill or not others) \
                else rng.choice(others)
            engine.choose(session, choice.id, round(rng.lognormvariate(0, 0.55) * pace, 1))
        if session.ending is None:
            engine.abandon(session)
        self.played += 1
        card = score(scenario, session, self.profile)
        return session_row(scenario, session, card), list(turn_rows(scenario, session))


def calls(cohort: Cohort, player: Player) -> Iterator[tuple[dict[str, Any],
                                                          list[dict[str, Any]]]]:
    """The cohort's calls, trainee by trainee, each trainee's in the order played."""
    rng = random.Random(cohort.seed)
    count = len(player.scenarios)
    start = datetime.fromisoformat(cohort.start).replace(tzinfo=UTC)
    per_trainee = _split(cohort.calls, cohort.trainees, rng)
    width = len(str(cohort.trainees))
    for number, planned in enumerate(per_trainee, 1):
        stops_early = rng.random() < 0.15
        first = rng.uniform(0, cohort.days * 0.2)
        last = rng.uniform(cohort.days * 0.35, cohort.days * 0.6) if stops_early else \
            rng.uniform(cohort.days * 0.85, cohort.days)
        order = list(range(count))
        rng.shuffle(order)
        trainee = Trainee(
            name=f"{cohort.prefix}-{number:0{width}d}", skill=rng.uniform(0.45, 0.9),
            lang="id" if rng.random() < cohort.indonesian else "en",
            pace=rng.choice([5.0, 8.0, 12.0, 18.0, 30.0, 60.0]), order=order,
            first_day=first, last_day=max(first + 1, last))
        days = sorted(rng.uniform(trainee.first_day, trainee.last_day) for _ in range(planned))
        for day in days:
            index = _next_scenario(trainee, rng)
            tries = trainee.tries.get(index, 0)
            skill = min(0.98, trainee.skill + 0.1 * tries)
            row, rows = player.call(index, trainee.lang, skill, trainee.pace,
                                    rng.random() < cohort.abandon)
            trainee.tries[index] = tries + 1
            if row["passed"]:
                trainee.passed.add(index)
            # Working hours in Jakarta (UTC+7): 01:00 to 10:00 UTC.
            moment = start + timedelta(days=int(day), hours=1 + 9 * (day % 1))
            yield _stamped(row, rows, trainee.name, moment, rng)


def _next_scenario(trainee: Trainee, rng: random.Random) -> int:
    """The first scenario in the trainee's order not yet passed and not failed four times
    in a row (their coach moves them on, to come back later); once all are passed, any."""
    waiting = [i for i in trainee.order if i not in trainee.passed]
    for index in waiting:
        if trainee.tries.get(index, 0) % 4 != 0 or index not in trainee.tries:
            return index
    return waiting[0] if waiting else rng.choice(trainee.order)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` calls over `parts` trainees, unevenly (some play far more than others)."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    while sum(counts) > total:
        counts[counts.index(max(counts))] -= 1
    return counts


def _stamped(row: dict[str, Any], rows: list[dict[str, Any]], trainee: str,
             moment: datetime, rng: random.Random) -> tuple[dict[str, Any],
                                                            list[dict[str, Any]]]:
    ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    length = timedelta(seconds=max(30.0, float(row["clock"])))
    row = {**row, "id": ident, "trainee": trainee,
           "started_at": moment.isoformat(timespec="milliseconds"),
           "ended_at": (moment + length).isoformat(timespec="milliseconds")}
    return row, [{**r, "session_id": ident} for r in rows]


def write(url: str, cohort: Cohort, scenarios: list[Scenario], batch: int = 20_000) -> int:
    """Write the cohort's calls into the records database at `url`; return how many."""
    store = Store(url)  # makes the tables
    player = Player(scenarios, load_profile(), random.Random(cohort.seed + 1), cohort.pool)
    written = 0
    try:
        raw = store.engine.raw_connection()
        try:
            postgres = not store.is_sqlite
            pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
            for item in calls(cohort, player):
                pending.append(item)
                if len(pending) >= batch:
                    written += _flush(raw, pending, postgres)
                    pending = []
            written += _flush(raw, pending, postgres)
        finally:
            raw.close()
    finally:
        store.close()
    return written


def _values(row: dict[str, Any], columns: tuple[str, ...], postgres: bool) -> tuple[Any, ...]:
    out = []
    for name in columns:
        value = row[name]
        if name in JSON_COLUMNS:
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool) and not postgres:
            value = int(value)
        out.append(value)
    return tuple(out)


def _flush(raw: Any, items: list[tuple[dict[str, Any], list[dict[str, Any]]]],
           postgres: bool) -> int:
    if not items:
        return 0
    session_values = [_values(r, SESSION_COLUMNS, postgres) for r, _ in items]
    turn_values = [_values(t, TURN_COLUMNS, postgres) for _, ts in items for t in ts]
    cursor = raw.cursor()
    if postgres:
        for table, columns, values in (("sessions", SESSION_COLUMNS, session_values),
                                       ("turns", TURN_COLUMNS, turn_values)):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
    else:
        cursor.execute("BEGIN")
        marks = ", ".join("?" * len(SESSION_COLUMNS))
        cursor.executemany(f"INSERT INTO sessions ({', '.join(SESSION_COLUMNS)}) "
                           f"VALUES ({marks})", session_values)
        marks = ", ".join("?" * len(TURN_COLUMNS))
        cursor.executemany(f"INSERT INTO turns ({', '.join(TURN_COLUMNS)}) VALUES ({marks})",
                           turn_values)
    raw.commit()
    cursor.close()
    return len(items)


def builtin_scenarios() -> list[Scenario]:
    from simulator.scenario import Catalog, load_scenario

    return [load_scenario(p) for p in Catalog.builtin().files()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="records database URL")
    parser.add_argument("--calls", type=int, default=205)
    parser.add_argument("--trainees", type=int, default=25)
    parser.add_argument("--days", type=int, default=91)
    parser.add_argument("--start", default="2026-08-03")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--pool", type=int, default=0,
                        help="distinct plays per scenario, language and skill band "
                             "(0: play every call afresh)")
    args = parser.parse_args()
    if not args.db:
        parser.error("--db needs a database URL (it never writes to your own records)")
    cohort = Cohort(trainees=args.trainees, calls=args.calls, start=args.start,
                    days=args.days, seed=args.seed, pool=args.pool)
    began = time.perf_counter()
    written = write(args.db, cohort, builtin_scenarios())
    print(f"{written} calls written to {args.db} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
