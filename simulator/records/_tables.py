"""The records' tables, and how a session becomes rows and rows become a `Record` again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    literal_column,
)
from sqlalchemy.sql.expression import ColumnClause

from simulator.play import Session, Turn
from simulator.scenario import Scenario
from simulator.scoring import Scorecard

metadata = MetaData()

meta = Table(
    "agentsim_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("id", String(36), primary_key=True),
    Column("trainee", String(200), nullable=False, index=True),
    Column("scenario", String(64), nullable=False, index=True),
    Column("scenario_version", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("ending", String(64)),
    Column("outcome", String(16)),
    Column("success", Boolean, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("empathy", Float, nullable=False),
    Column("speed", Float, nullable=False),
    Column("escalation", Float, nullable=False),
    Column("overall", Float, nullable=False),
    # Schema 2: accuracy (null for calls recorded before it was scored, and for abandoned
    # calls, whose other score columns hold 0 and are never read as scores).
    Column("accuracy", Float),
    # Schema 2 too: what the trainee saw (format 2): the ending's variant, their silences.
    Column("ending_variant", Integer),
    Column("silences", JSON),
    Column("pass_mark", Float, nullable=False),
    Column("critical_errors", JSON, nullable=False),
    Column("findings", JSON, nullable=False),
    Column("path", JSON, nullable=False),
    Column("best_path", JSON, nullable=False),
    Column("clock", Float, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("timed", Boolean, nullable=False),
    Column("started_at", String(40), nullable=False, index=True),
    Column("ended_at", String(40), nullable=False),
    # Schema 3: a practice attempt (a retry of another call from one of its replies) is
    # never a first attempt: pass rates count the sessions whose `practice` is false.
    Column("practice", Boolean, nullable=False, server_default=false()),
    Column("retry_of", String(36)),
    Column("retry_from", Integer),
)

# What the cohort report sums, in the order its GROUP BYs and look-ups need: it reads these
# narrow indexes instead of the wide rows (a tenth of the pages over a million calls), in
# the order of its groups, so they need no sorting. The first serves each trainee at each
# scenario (scenario, trainee, start); its critical errors tell calls with one (a JSON
# column, which PostgreSQL carries as an included, non-key column). The second serves the
# endings and the scores' spread, the third the weekly trend (an index on an expression).
# Made by create_all, and for older databases by the upgrade to schema 4 (`_schema`).
REPORT_INDEX = ("scenario", "trainee", "started_at", "id", "status", "passed", "lang",
                "ending", "outcome", "timed", "empathy", "speed", "escalation", "accuracy",
                "overall", "practice")
# The hour a call started (UTC), written as a literal expression so that the cohort's
# GROUP BY matches the index on it exactly (a bound parameter would not).
HOUR: ColumnClause[str] = literal_column("substr(started_at, 1, 13)")
_SQLITE_REPORT = Index("ix_sessions_report", *[sessions.c[name] for name in REPORT_INDEX],
                       sessions.c.critical_errors).ddl_if(dialect="sqlite")
_POSTGRES_REPORT = Index("ix_sessions_report_pg", *[sessions.c[name] for name in REPORT_INDEX],
                         postgresql_include=["critical_errors"]).ddl_if(dialect="postgresql")
_BOTH = (
    Index("ix_sessions_endings", sessions.c.scenario, sessions.c.ending, sessions.c.status,
          sessions.c.overall, sessions.c.started_at, sessions.c.practice),
    Index("ix_sessions_hours", HOUR, sessions.c.started_at, sessions.c.status,
          sessions.c.passed, sessions.c.overall, sessions.c.practice),
)
# The report's indexes on each kind of database.
REPORT_INDEXES = {"sqlite": (_SQLITE_REPORT, *_BOTH), "postgresql": (_POSTGRES_REPORT, *_BOTH)}

turns = Table(
    "turns", metadata,
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("state", String(64), nullable=False),
    Column("choice", String(64), nullable=False),
    Column("reply", Text, nullable=False),
    Column("takes", Float, nullable=False),
    Column("thinking", Float, nullable=False),
    Column("clock", Float, nullable=False),
    Column("meters", JSON, nullable=False),
    Column("actions", JSON, nullable=False),
    Column("next", String(64), nullable=False),
    Column("forced_by", String(64)),
    Column("variant", Integer),  # schema 2: the variant of the customer's words shown
    Column("typed", Text),  # schema 3: the words typed before the replies (type-first play)
)

# Schema 3: a coach's notes on a call (`turn` null) or on one of its replies.
notes = Table(
    "notes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("turn", Integer),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("written_at", String(40), nullable=False),
)

# Sessions a learning record store accepted, per store (its xAPI endpoint): `xapi push`
# sends the others. A new table, made by create_all: no schema version change.
xapi_sent = Table(
    "xapi_sent", metadata,
    Column("session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("endpoint", String(500), primary_key=True),
    Column("sent_at", String(40), nullable=False),
)


@dataclass(frozen=True, slots=True)
class Note:
    """A coach's note on a call, or on its reply `turn`, with who wrote it and when."""

    session_id: str
    turn: int | None
    author: str
    text: str
    written_at: str
    id: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "author": self.author, "text": self.text,
                "written_at": self.written_at}


@dataclass(frozen=True, slots=True)
class Record:
    """One stored session with its scores; `turns` and `notes` are filled when asked for.

    A practice attempt (`practice`) retried call `retry_of` from its reply `retry_from`.
    """

    id: str
    trainee: str
    scenario: str
    scenario_version: int
    digest: str
    lang: str
    status: str
    ending: str | None
    outcome: str | None
    success: bool
    passed: bool
    scores: dict[str, float]
    pass_mark: float
    critical_errors: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    path: list[str]
    best_path: list[str]
    clock: float
    seed: int
    timed: bool
    started_at: str
    ended_at: str
    turns: list[Turn] = field(default_factory=list)
    ending_variant: int | None = None
    silences: list[dict[str, Any]] = field(default_factory=list)
    practice: bool = False
    retry_of: str | None = None
    retry_from: int | None = None
    notes: list[Note] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the call reached an ending and was scored (an abandoned one is not)."""
        return self.status == "completed"

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["turns"] = [{n: getattr(t, n) for n in TURN_COLUMNS} for t in self.turns]
        data["notes"] = [note.to_dict() for note in self.notes]
        return data


def session_row(scenario: Scenario, session: Session, card: Scorecard) -> dict[str, Any]:
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    return {
        "id": session.id, "trainee": session.trainee, "scenario": scenario.id,
        "scenario_version": scenario.version, "digest": session.digest, "lang": session.lang,
        "status": session.status, "ending": session.ending, "outcome": card.outcome,
        "success": card.success, "passed": card.passed,
        # An abandoned call has no scores: its columns hold 0, and it reads back unscored.
        **{d: card.scores.get(d, 0.0) for d in ("empathy", "speed", "escalation", "overall")},
        "accuracy": card.scores.get("accuracy"),
        "pass_mark": card.pass_mark,
        "critical_errors": [c.to_dict() for c in card.critical_errors],
        "findings": [f.to_dict() for f in card.findings],
        "path": list(card.path), "best_path": list(card.best_path),
        "clock": session.clock, "seed": session.seed, "timed": session.timed,
        "started_at": session.started_at or now, "ended_at": session.ended_at or now,
        "ending_variant": session.ending_variant,
        "silences": [asdict(s) for s in session.silences],
        "practice": session.practice, "retry_of": session.retry_of,
        "retry_from": session.retry_from,
    }


def turn_rows(scenario: Scenario, session: Session) -> Iterator[dict[str, Any]]:
    for number, turn in enumerate(session.turns, 1):
        reply = turn.reply
        if not reply:  # a session saved before turns kept their text
            state = scenario.states.get(turn.state)
            choice = state.choice(turn.choice) if state else None
            reply = choice.text.get(session.lang) if choice else ""
        yield {
            "session_id": session.id, "number": number, "state": turn.state,
            "choice": turn.choice, "reply": reply,
            "takes": turn.takes, "thinking": turn.thinking, "clock": turn.clock,
            "meters": dict(turn.meters), "actions": list(turn.actions), "next": turn.next,
            "forced_by": turn.forced_by, "variant": turn.variant, "typed": turn.typed,
        }


DETAIL = ("critical_errors", "findings", "path", "best_path")
# The turn's fields as exports show them, in the order they always had.
TURN_COLUMNS = ("number", "state", "choice", "reply", "takes", "thinking", "clock", "meters",
                 "actions", "next", "forced_by", "variant", "typed")


def record_of(row: Any) -> Record:
    row = {name: [] for name in DETAIL} | dict(row)
    return Record(
        id=row["id"], trainee=row["trainee"], scenario=row["scenario"],
        scenario_version=row["scenario_version"], digest=row["digest"], lang=row["lang"],
        status=row["status"], ending=row["ending"], outcome=row["outcome"],
        success=bool(row["success"]), passed=bool(row["passed"]),
        scores=_scores(row),
        pass_mark=float(row["pass_mark"]), critical_errors=list(row["critical_errors"]),
        findings=list(row["findings"]), path=list(row["path"]),
        best_path=list(row["best_path"]), clock=float(row["clock"]), seed=int(row["seed"]),
        timed=bool(row["timed"]), started_at=row["started_at"], ended_at=row["ended_at"],
        ending_variant=row.get("ending_variant"), silences=list(row.get("silences") or []),
        practice=bool(row.get("practice")), retry_of=row.get("retry_of"),
        retry_from=row.get("retry_from"))


def turn_of(row: Any) -> Turn:
    return Turn(
        number=row["number"], state=row["state"], choice=row["choice"], reply=row["reply"],
        takes=float(row["takes"]), thinking=float(row["thinking"]), clock=float(row["clock"]),
        meters=dict(row["meters"]), actions=list(row["actions"]), next=row["next"],
        forced_by=row["forced_by"], variant=row.get("variant"), typed=row.get("typed"))


def note_of(row: Any) -> Note:
    return Note(id=int(row["id"]), session_id=row["session_id"], turn=row["turn"],
                author=row["author"], text=row["text"], written_at=row["written_at"])


def _scores(row: Any) -> dict[str, float]:
    """A record's scores: none for an abandoned call; accuracy only where it was scored."""
    if row["status"] != "completed":
        return {}
    names = ("empathy", "speed", "escalation", "accuracy", "overall")
    return {d: float(row[d]) for d in names if row.get(d) is not None}
