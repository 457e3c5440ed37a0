"""The cohort's figures as SQL aggregates: a handful of GROUP BY queries over the sessions,
never the calls themselves, so a year of a contact centre (a million calls) is summed in
the database in seconds and only a few thousand rows come back.

- `pairs`: each trainee at each scenario: calls, passes, critical errors, first and latest
  call, the dimensions summed (the headline, the per-scenario table, the grid, "needs
  coaching", first-attempt pass rates);
- `endings`: calls by scenario, ending and overall (the endings reached, the overall's
  spread);
- `hours`: calls and overall by hour started (UTC), turned into local weeks for the trend;
- `criticals`: critical errors by scenario, trainee and error;
- `bands`, `items`, `thinking`: each dimension's scores in bands of ten; the replies chosen
  at each decision point, by first attempt or retake and by language, with the sums a
  point-biserial correlation needs; thinking time in whole seconds. Above `SAMPLE` matching
  calls these three read a uniform random sample: the calls whose (random, version 4) id
  falls in the first part of the id space.

The first two read narrow indexes in their own order (`_tables.REPORT_INDEXES`).

A call's first attempt is the earliest call of its trainee at its scenario among the calls
the filters keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from simulator.errors import StoreError
from simulator.records._database import reason
from simulator.records._kept import ReportValues
from simulator.records._tables import HOUR, sessions, turns

SAMPLE = 20_000  # calls above which the item analysis reads a random sample
DIMENSION_COLUMNS = ("empathy", "speed", "escalation", "accuracy", "overall")
THINKING_CAP = 300  # seconds; longer thinking is counted as this


@dataclass(frozen=True, slots=True)
class Filters:
    """Which calls a report covers: one scenario, a period, or all. `since` and `until` are
    as the user gave them (a date, or a time), in local time unless they give an offset,
    as `history` reads them; both ends are included (a date `until` runs to its end)."""

    scenario: str | None = None
    since: str | None = None
    until: str | None = None
    practice: bool = False  # include practice attempts (retries): never in pass rates

    @property
    def start(self) -> str | None:
        """The first moment kept, as the records compare it (UTC), or None."""
        return None if self.since is None else _moment(self.since, end=False)

    @property
    def end(self) -> str | None:
        """The first moment no longer kept (UTC), or None."""
        return None if self.until is None else _moment(self.until, end=True)

    def holds(self, started_at: str) -> bool:
        """Whether a call that started at `started_at` (UTC) falls in the period."""
        start, end = self.start, self.end
        return (start is None or started_at >= start) and (end is None or started_at < end)

    def where(self, opaque_dates: bool = False) -> list[ColumnElement[bool]]:
        """The conditions; `opaque_dates` compares the start time as an expression, which
        no index on it can serve (SQLite then reads the report's narrow indexes)."""
        out: list[ColumnElement[bool]] = []
        if self.scenario is not None:
            out.append(sessions.c.scenario == self.scenario)
        if not self.practice:
            out.append(sessions.c.practice == false())
        started: ColumnElement[str] = sessions.c.started_at
        if opaque_dates:
            started = started + literal("")
        if self.start is not None:
            out.append(started >= self.start)
        if self.end is not None:
            out.append(started < self.end)
        return out


def _moment(value: str, *, end: bool) -> str:
    """A date or time as the records compare it: an ISO time in UTC. Without an offset it is
    local time; `end` takes a date to the next midnight and a time to the next millisecond.
    ValueError if it is neither."""
    text = value.strip()
    moment = datetime.fromisoformat(text)
    if end:
        moment += timedelta(days=1) if len(text) == 10 else timedelta(milliseconds=1)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the local time of this computer
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class Attempt:
    """One call as the grid shows it: when, and how it went (overall None: abandoned)."""

    id: str
    started_at: str
    passed: bool
    overall: float | None


@dataclass(frozen=True, slots=True)
class Pair:
    """One trainee at one scenario over the period."""

    trainee: str
    scenario: str
    calls: int
    completed: int
    passed: int
    abandoned: int
    critical: int
    first: Attempt
    latest: Attempt
    sums: dict[str, float]  # each dimension summed over completed calls (accuracy: scored)
    scored_accuracy: int


@dataclass(frozen=True, slots=True)
class EndingRow:
    """Calls of one scenario that reached one ending (None: broken off) with one overall
    (None: not scored)."""

    scenario: str
    ending: str | None
    status: str
    overall: float | None
    calls: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    """How often one reply was chosen, by calls of one kind (first attempt or retake, one
    language) with one thinking time (whole seconds; -1: untimed), with the completed
    calls' overall summed and squared for correlations."""

    scenario: str
    state: str
    choice: str
    first: bool
    lang: str
    seconds: int
    turns: int
    completed: int
    overall: float
    overall_squared: float


@dataclass(frozen=True, slots=True)
class Cohort:
    """Everything the cohort report needs, summed in the database."""

    filters: Filters
    calls: int
    first_at: str | None
    last_at: str | None
    pairs: list[Pair]
    endings: list[EndingRow]
    hours: list[Hour]
    criticals: list[tuple[str, str, str, int]]  # scenario, trainee, error id, calls
    bands: dict[tuple[str, str], list[int]]  # (scenario, dimension): counts of 11 bands
    items: list[ItemRow]
    sampled: int  # calls the bands and items read
    scenarios: list[str] = field(default_factory=list)  # scenarios with calls


@dataclass(frozen=True, slots=True)
class Hour:
    """Calls started in one hour (UTC, 'YYYY-MM-DDTHH'): how many, completed, passed, and
    the completed calls' overall summed."""

    hour: str
    calls: int
    completed: int
    passed: int
    overall: float


def _ones(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


_COMPLETED = sessions.c.status == "completed"
_PASSED = sessions.c.passed == True  # noqa: E712
_CRITICAL = cast(sessions.c.critical_errors, String) != "[]"


def _band(column: Any, is_sqlite: bool) -> ColumnElement[int]:
    """A score (0-100) in bands of ten: 0 for 0-9.9, ..., 9 for 90-99.9, 10 for exactly 100.
    SQLite's CAST truncates; PostgreSQL's rounds, so it takes the floor first."""
    tenth = column / 10.0
    return cast(tenth if is_sqlite else func.floor(tenth), Integer)


def _whole(column: Any, is_sqlite: bool) -> ColumnElement[int]:
    """A number of seconds rounded down (see `_band`)."""
    return cast(column if is_sqlite else func.floor(column), Integer)


def read_cohort(conn: Connection, filters: Filters, is_sqlite: bool,
                sample: int = SAMPLE) -> Cohort:
    """The cohort's figures for the calls the filters keep.

    On SQLite the date filter and the sample's id range are written so that no index on
    them can serve them: those indexes would have SQLite read every wide row they point to,
    where the report's narrow indexes hold all a query needs (a full scan of one is a
    fraction of a second at a million calls).
    """
    where = filters.where(opaque_dates=is_sqlite)
    if not is_sqlite:
        # Sort and group the sample's turns in memory rather than on disk (4 MB by default).
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        if (conn.dialect.server_version_info or (0,)) >= (11,):
            # PostgreSQL's JIT spends more compiling these short queries than it saves.
            conn.exec_driver_sql("SET LOCAL jit = off")
    pairs = _pairs(conn, where)
    total = sum(p.calls for p in pairs)
    cut = _cut(total, sample)
    ident: ColumnElement[str] = sessions.c.id + literal("") if is_sqlite else sessions.c.id
    kept = [*where, ident < cut] if cut is not None else where
    endings = _endings(conn, where)
    bands, sampled = _bands(conn, kept, is_sqlite)
    return Cohort(
        filters=filters, calls=total,
        first_at=min((p.first.started_at for p in pairs), default=None),
        last_at=max((p.latest.started_at for p in pairs), default=None),
        pairs=pairs, endings=endings, hours=_hours(conn, where),
        criticals=_criticals(conn, where, is_sqlite), bands=bands,
        items=_items(conn, kept, is_sqlite, cut), sampled=sampled,
        scenarios=sorted({p.scenario for p in pairs}))


def _cut(total: int, sample: int) -> str | None:
    """The id below which a uniform sample of about `sample` of `total` calls lies."""
    if total <= sample:
        return None
    return f"{int(16 ** 8 * sample / total):08x}"


def _pairs(conn: Connection, where: Sequence[ColumnElement[bool]]) -> list[Pair]:
    """Each trainee at each scenario, with their first and latest call: a GROUP BY in the
    report index's order, then two index look-ups per pair."""
    c = sessions.c
    sums = [func.sum(case((_COMPLETED, getattr(c, d)))) for d in DIMENSION_COLUMNS]
    grouped = (select(c.scenario.label("scenario"), c.trainee.label("trainee"),
                      func.count().label("calls"), func.sum(_ones(_COMPLETED)).label("done"),
                      func.sum(_ones(_PASSED)).label("passed"),
                      func.sum(_ones(c.status == "abandoned")).label("abandoned"),
                      func.sum(_ones(_CRITICAL)).label("critical"),
                      func.min(c.started_at).label("first_at"),
                      func.max(c.started_at).label("last_at"),
                      *[s.label(f"sum_{d}") for s, d in zip(sums, DIMENSION_COLUMNS, strict=True)],
                      func.count(case((_COMPLETED, c.accuracy))).label("scored"))
               .where(*where).group_by(c.scenario, c.trainee).subquery("pairs"))
    first, latest = sessions.alias("first"), sessions.alias("latest")
    p = grouped.c
    query = (select(grouped, first.c.id, first.c.status, first.c.passed, first.c.overall,
                    latest.c.id, latest.c.status, latest.c.passed, latest.c.overall)
             .select_from(grouped
                          .join(first, and_(first.c.scenario == p.scenario,
                                            first.c.trainee == p.trainee,
                                            first.c.started_at == p.first_at))
                          .join(latest, and_(latest.c.scenario == p.scenario,
                                             latest.c.trainee == p.trainee,
                                             latest.c.started_at == p.last_at)))
             .order_by(p.scenario, p.trainee, first.c.id, latest.c.id))
    out: dict[tuple[str, str], Pair] = {}
    for row in conn.execute(query):
        key = (row[1], row[0])
        if key in out:  # two calls started at the same moment: the first id wins
            continue
        out[key] = Pair(
            trainee=row[1], scenario=row[0], calls=int(row[2]), completed=int(row[3]),
            passed=int(row[4]), abandoned=int(row[5]), critical=int(row[6]),
            first=_attempt(row[15:19], row[7]), latest=_attempt(row[19:23], row[8]),
            sums={d: float(v or 0.0) for d, v in zip(DIMENSION_COLUMNS, row[9:14], strict=True)},
            scored_accuracy=int(row[14]))
    return list(out.values())


def _attempt(row: Sequence[Any], started_at: str) -> Attempt:
    ident, status, passed, overall = row
    return Attempt(id=ident, started_at=started_at, passed=bool(passed),
                   overall=round(float(overall), 1) if status == "completed" else None)


def _endings(conn: Connection, where: Sequence[ColumnElement[bool]]) -> list[EndingRow]:
    """Calls by scenario, ending, status and overall: in the endings index's order."""
    c = sessions.c
    query = (select(c.scenario, c.ending, c.status, c.overall, func.count()).where(*where)
             .group_by(c.scenario, c.ending, c.status, c.overall))
    return [EndingRow(scenario=r[0], ending=r[1], status=r[2],
                      overall=round(float(r[3]), 1) if r[2] == "completed" else None,
                      calls=int(r[4])) for r in conn.execute(query)]


def _hours(conn: Connection, where: Sequence[ColumnElement[bool]]) -> list[Hour]:
    c = sessions.c
    hour = HOUR.label("hour")
    query = (select(hour, func.count(), func.sum(_ones(_COMPLETED)), func.sum(_ones(_PASSED)),
                    func.sum(case((_COMPLETED, c.overall), else_=0.0)))
             .where(*where).group_by(HOUR))
    return [Hour(hour=r[0], calls=int(r[1]), completed=int(r[2]), passed=int(r[3]),
                 overall=float(r[4] or 0.0)) for r in conn.execute(query)]


def _criticals(conn: Connection, where: Sequence[ColumnElement[bool]],
               is_sqlite: bool) -> list[tuple[str, str, str, int]]:
    """Calls with each critical error, by scenario and trainee (the JSON list unrolled by
    the database: json_each on SQLite, json_array_elements on PostgreSQL)."""
    c = sessions.c
    ident: ColumnElement[Any]
    if is_sqlite:
        each = func.json_each(c.critical_errors).table_valued("value")
        ident = func.json_extract(each.c.value, "$.id").label("error")
    else:
        each = func.json_array_elements(c.critical_errors).table_valued("value")
        ident = each.c.value.op("->>")(literal("id", String)).label("error")
    query = (select(c.scenario, c.trainee, ident, func.count())
             .select_from(sessions).join(each, literal(True))
             .where(*where, _CRITICAL).group_by(c.scenario, c.trainee, ident))
    return [(r[0], r[1], str(r[2]), int(r[3])) for r in conn.execute(query)]


def _bands(conn: Connection, kept: Sequence[ColumnElement[bool]],
           is_sqlite: bool) -> tuple[dict[tuple[str, str], list[int]], int]:
    """Each dimension's scores in 11 bands, per scenario, over the (sampled) completed
    calls, and how many calls were read: one GROUP BY of the five bands, counted per
    dimension here."""
    c = sessions.c
    keys = [case((_COMPLETED, _band(getattr(c, d), is_sqlite))).label(f"b_{d}")
            for d in DIMENSION_COLUMNS]
    query = select(c.scenario, *keys, func.count()).where(*kept).group_by(c.scenario, *keys)
    out: dict[tuple[str, str], list[int]] = {}
    calls = 0
    for row in conn.execute(query):
        calls += row[6]
        for index, name in enumerate(DIMENSION_COLUMNS):
            band = row[1 + index]
            if band is not None:
                out.setdefault((row[0], name), [0] * 11)[min(10, max(0, int(band)))] += row[6]
    return out, calls


def _items(conn: Connection, kept: Sequence[ColumnElement[bool]], is_sqlite: bool,
           cut: str | None) -> list[ItemRow]:
    """Replies chosen per decision point. The (sampled) calls are taken first, each with
    whether it is a first attempt (its trainee has no earlier call of its scenario: one
    index look-up per call), then joined with their turns; a sample's turns are read as one
    range of the turns' primary key."""
    c, t = sessions.c, turns.c
    earlier = sessions.alias("earlier")
    first = _ones(~exists().where(earlier.c.scenario == c.scenario,
                                  earlier.c.trainee == c.trainee,
                                  earlier.c.started_at < c.started_at))
    calls = (select(c.id, c.scenario, c.lang, c.timed, c.status, c.overall,
                    first.label("first")).where(*kept)
             .cte("calls").prefix_with("MATERIALIZED"))
    k = calls.c
    seconds = case((k.timed == True, case((t.thinking >= THINKING_CAP, THINKING_CAP),  # noqa: E712
                                          else_=_whole(t.thinking, is_sqlite))),
                   else_=-1).label("seconds")
    overall = case((k.status == "completed", k.overall))
    query = (select(k.scenario, t.state, t.choice, k.first, k.lang, seconds, func.count(),
                    func.count(overall), func.sum(overall), func.sum(overall * overall))
             .select_from(calls.join(turns, t.session_id == k.id))
             .where(*([t.session_id < cut] if cut is not None else []))
             .group_by(k.scenario, t.state, t.choice, k.first, k.lang, seconds))
    return [ItemRow(scenario=r[0], state=r[1], choice=r[2], first=bool(r[3]), lang=r[4],
                    seconds=int(r[5]), turns=int(r[6]), completed=int(r[7]),
                    overall=float(r[8] or 0.0), overall_squared=float(r[9] or 0.0))
            for r in conn.execute(query)]


class ReportReading(ReportValues):
    """What the reports read from the records beyond whole sessions: the cohort's figures,
    the names of trainees and scenarios. The records' `Store` is one."""

    def cohort(self, filters: Filters | None = None) -> Cohort:
        """The cohort report's figures for the calls `filters` keep, summed in the database
        (`records._cohort`): no call is loaded."""
        try:
            with self._reading() as conn:
                return read_cohort(conn, filters or Filters(), self.is_sqlite)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot read {self.shown_url}: {reason(err)}") from None

    def trainees(self) -> list[str]:
        """Every trainee with a recorded session, sorted."""
        query = select(sessions.c.trainee).distinct().order_by(sessions.c.trainee)
        with self._reading() as conn:
            return [row[0] for row in conn.execute(query)]

    def scenario_ids(self) -> list[str]:
        """Every scenario with a recorded session, sorted."""
        query = select(sessions.c.scenario).distinct().order_by(sessions.c.scenario)
        with self._reading() as conn:
            return [row[0] for row in conn.execute(query)]
