"""A scored session: the scores, the verdict, critical errors and findings.

Findings and critical errors are data: a message key (`finding.<key>` in the word files)
with its parameters (ids, points, seconds), rendered in the language asked for when shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.scenario import frozen_map


@dataclass(frozen=True, slots=True)
class Finding:
    """Points lost at one turn, and what would have kept them."""

    dimension: str
    points: float
    overall: float
    turn: int | None
    state: str | None
    choice: str | None
    key: str
    params: Mapping[str, Any]
    better_choice: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, "points": self.points, "overall": self.overall,
            "turn": self.turn, "state": self.state, "choice": self.choice, "key": self.key,
            "params": dict(self.params), "better_choice": self.better_choice,
        }


@dataclass(frozen=True, slots=True)
class CriticalHit:
    """A critical error the trainee committed: the run fails whatever the scores.

    Committed by a reply (`state`, `choice`), or by ending the call with none of the
    `missing` actions done.
    """

    id: str
    turn: int | None
    state: str | None = None
    choice: str | None = None
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "turn": self.turn, "state": self.state, "choice": self.choice,
                "missing": list(self.missing)}


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The result of one session, ready for the debrief, the records and the reports."""

    scenario: str
    lang: str
    status: str
    ending: str | None
    outcome: str | None
    success: bool
    scores: Mapping[str, float]
    passed: bool
    pass_mark: float
    critical_errors: tuple[CriticalHit, ...]
    findings: tuple[Finding, ...]
    path: tuple[str, ...]
    best_path: tuple[str, ...]
    weights: Mapping[str, float] = field(default_factory=frozen_map)

    @property
    def complete(self) -> bool:
        """Whether the call reached an ending and was scored (an abandoned one is not)."""
        return self.status == "completed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "lang": self.lang, "status": self.status,
            "ending": self.ending, "outcome": self.outcome, "success": self.success,
            "scores": dict(self.scores), "passed": self.passed, "pass_mark": self.pass_mark,
            "weights": dict(self.weights),
            "critical_errors": [c.to_dict() for c in self.critical_errors],
            "findings": [f.to_dict() for f in self.findings],
            "path": list(self.path), "best_path": list(self.best_path),
        }
