"""A trainee's run through a scenario: everything that changes, as plain JSON-ready data.

A session carries its seed and a format version; a saved session can be loaded and
continued, and a version it cannot read is refused with a clear message.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from simulator.errors import SessionError

# 2: turns keep the variant shown; silences; the ending's variant
# 3: the words a trainee typed before choosing (type-first play); a retry names its call
SESSION_FORMAT = 3

Status = Literal["playing", "completed", "abandoned"]
STATUSES: tuple[Status, ...] = ("playing", "completed", "abandoned")


@dataclass(slots=True)
class Turn:
    """One reply and what followed it: the same in a live call and in the records.

    `number` counts from 1; `reply` is the reply's text as the trainee saw it; `typed` is
    what they typed in their own words before the replies were shown (type-first play),
    None where they were not asked.
    """

    state: str
    choice: str
    takes: float
    thinking: float
    clock: float
    meters: dict[str, float]
    actions: list[str] = field(default_factory=list)
    next: str = ""
    forced_by: str | None = None
    number: int = 0
    reply: str = ""
    variant: int | None = None
    typed: str | None = None

    @property
    def started(self) -> float:
        """The simulated clock when the reply began."""
        return self.clock - self.takes - self.thinking


@dataclass(slots=True)
class Silenced:
    """A time the trainee said nothing for as long as the state's silence allows: `turn`
    replies had been given; `next` is where the call then was."""

    state: str
    clock: float
    turn: int
    meters: dict[str, float]
    next: str = ""
    forced_by: str | None = None


@dataclass
class Session:
    """The mutable state of one play-through. The engine moves it; nothing else should.

    `state` is kept by the engine's state machine, whose model the session is. A retry
    (`retry_of` another session's id) replayed that call's first `retry_from - 1` replies
    and handed over at reply `retry_from`: it is a practice attempt.
    """

    scenario: str
    digest: str
    seed: int
    lang: str = "en"
    trainee: str = ""
    timed: bool = False
    state: str = ""
    clock: float = 0.0
    meters: dict[str, float] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    turns: list[Turn] = field(default_factory=list)
    silences: list[Silenced] = field(default_factory=list)
    status: Status = "playing"
    ending: str | None = None
    ending_variant: int | None = None
    started_at: str | None = None
    ended_at: str | None = None
    retry_of: str | None = None
    retry_from: int | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def actions(self) -> list[tuple[str, float]]:
        """Every action performed, with the simulated clock when its reply finished."""
        return [(action, turn.clock) for turn in self.turns for action in turn.actions]

    @property
    def practice(self) -> bool:
        """Whether this is a practice attempt (a retry), not a first attempt at the call."""
        return self.retry_of is not None

    @property
    def path(self) -> list[str]:
        """The ids of the replies chosen, in order."""
        return [turn.choice for turn in self.turns]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": SESSION_FORMAT,
            "id": self.id,
            "scenario": self.scenario,
            "digest": self.digest,
            "seed": self.seed,
            "lang": self.lang,
            "trainee": self.trainee,
            "timed": self.timed,
            "state": self.state,
            "clock": self.clock,
            "meters": dict(self.meters),
            "flags": sorted(self.flags),
            "turns": [asdict(turn) for turn in self.turns],
            "silences": [asdict(silence) for silence in self.silences],
            "status": self.status,
            "ending": self.ending,
            "ending_variant": self.ending_variant,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "retry_of": self.retry_of,
            "retry_from": self.retry_from,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> Session:
        """Rebuild a session saved by `to_dict`; refuse formats we cannot read."""
        if not isinstance(data, dict):
            raise SessionError("a saved session must be a JSON object")
        version = data.get("format")
        if not isinstance(version, int):
            raise SessionError("a saved session needs an integer 'format'")
        if version > SESSION_FORMAT:
            raise SessionError(f"this session was saved in format {version}, newer than this "
                               f"agentsim reads ({SESSION_FORMAT}): upgrade agentsim")
        if version < 1:
            raise SessionError(f"unknown session format {version}")
        try:
            status = data["status"]
            if status not in STATUSES:
                raise SessionError(f"unknown session status {status!r}")
            return cls(
                scenario=str(data["scenario"]),
                digest=str(data["digest"]),
                seed=int(data["seed"]),
                lang=str(data["lang"]),
                trainee=str(data["trainee"]),
                timed=bool(data["timed"]),
                state=str(data["state"]),
                clock=float(data["clock"]),
                meters={str(k): float(v) for k, v in data["meters"].items()},
                flags={str(f) for f in data["flags"]},
                turns=[Turn(**{"number": number, **turn})
                       for number, turn in enumerate(data["turns"], 1)],
                silences=[Silenced(**s) for s in data.get("silences", [])],
                status=status,
                ending=data["ending"],
                ending_variant=data.get("ending_variant"),
                started_at=data.get("started_at"),
                ended_at=data.get("ended_at"),
                retry_of=_optional(data.get("retry_of"), str),
                retry_from=_optional(data.get("retry_from"), int),
                id=str(data["id"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise SessionError(f"a saved session is incomplete or damaged: {err}") from None

    @classmethod
    def from_json(cls, text: str) -> Session:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SessionError(f"a saved session is not valid JSON: {err}") from None
        return cls.from_dict(data)


def _optional(value: Any, kind: type[Any]) -> Any:
    """A field older formats lack: None stays None."""
    return None if value is None else kind(value)
