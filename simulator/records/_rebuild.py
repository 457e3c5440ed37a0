"""A recorded call as the play and scoring layers know it again: its session and its
scorecard, for a review of the call long after it was played."""

from __future__ import annotations

from typing import Any

from simulator.play import Session
from simulator.records._tables import Record
from simulator.scoring import CriticalHit, Finding, Scorecard


def session_of(record: Record) -> Session:
    """The session of a recorded call: its replies, where it ended, and the meters after its
    last reply (the records keep no more than that of how the call stood)."""
    last = record.turns[-1] if record.turns else None
    return Session(
        scenario=record.scenario, digest=record.digest, seed=record.seed, lang=record.lang,
        trainee=record.trainee, timed=record.timed,
        state=record.ending or (last.next if last else ""), clock=record.clock,
        meters=dict(last.meters) if last else {}, turns=list(record.turns),
        status="completed" if record.complete else "abandoned", ending=record.ending,
        started_at=record.started_at, ended_at=record.ended_at, retry_of=record.retry_of,
        retry_from=record.retry_from, id=record.id)


def scorecard_of(record: Record) -> Scorecard:
    """The scorecard a recorded call was given, findings and critical errors included."""
    return Scorecard(
        scenario=record.scenario, lang=record.lang, status=record.status,
        ending=record.ending, outcome=record.outcome, success=record.success,
        scores=dict(record.scores), passed=record.passed, pass_mark=record.pass_mark,
        critical_errors=tuple(
            CriticalHit(id=e["id"], turn=e.get("turn"), state=e.get("state"),
                        choice=e.get("choice"), missing=tuple(e.get("missing", ())))
            for e in record.critical_errors),
        findings=tuple(_finding(f) for f in record.findings),
        path=tuple(record.path), best_path=tuple(record.best_path))


def _finding(data: dict[str, Any]) -> Finding:
    """A recorded finding; one recorded as prose, before findings were data, keeps its
    sentences in its parameters."""
    params = dict(data.get("params") or {})
    if not data.get("key"):
        params = {name: str(data.get(name, "")) for name in ("message", "did", "better")}
    return Finding(dimension=str(data.get("dimension", "")),
                   points=float(data.get("points", 0.0)),
                   overall=float(data.get("overall", data.get("points", 0.0))),
                   turn=data.get("turn"), state=data.get("state"), choice=data.get("choice"),
                   key=str(data.get("key", "")), params=params,
                   better_choice=data.get("better_choice"))
