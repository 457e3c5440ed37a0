"""The scenario as a frozen model: built once from YAML, shared by every session.

Nothing here changes during a call; what changes lives in `simulator.session.Session`.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeVar

from simulator.errors import Location

FORMAT_VERSION = 1
FALLBACK_LANGUAGE = "en"

OUTCOMES = ("safe", "partial", "failed", "harmed")
DIFFICULTIES = ("easy", "medium", "hard")
DIMENSIONS = ("empathy", "speed", "escalation")
POSITIVE_BEHAVIOURS = (
    "acknowledge",
    "acknowledge-generic",
    "reassure",
    "ownership",
    "explore",
    "personalise",
    "apologise",
)
NEGATIVE_BEHAVIOURS = ("dismiss", "blame", "judge", "scripted", "break-cover")
BEHAVIOURS = POSITIVE_BEHAVIOURS + NEGATIVE_BEHAVIOURS

Comparison = Literal["below", "at_most", "at_least", "above"]
COMPARISONS: tuple[Comparison, ...] = ("below", "at_most", "at_least", "above")

_NOWHERE = Location("<built-in>")


K = TypeVar("K")
V = TypeVar("V")


def frozen_map(items: Mapping[K, V] | None = None) -> Mapping[K, V]:
    """A read-only mapping, safe to share between sessions."""
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class Text:
    """Text in several languages; English is the fallback."""

    values: Mapping[str, str] = field(default_factory=frozen_map)

    def get(self, lang: str) -> str:
        """The text in `lang`, else in English, else in any language given, else ''."""
        if lang in self.values:
            return self.values[lang]
        if FALLBACK_LANGUAGE in self.values:
            return self.values[FALLBACK_LANGUAGE]
        return next(iter(self.values.values()), "")

    def __bool__(self) -> bool:
        return any(self.values.values())

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls(frozen_map({FALLBACK_LANGUAGE: text}))


@dataclass(frozen=True, slots=True)
class Limit:
    """A meter value that ends the call: `{at_most: 0, ending: call-dropped}`."""

    comparison: Comparison
    value: float
    ending: str
    loc: Location = _NOWHERE

    def reached(self, current: float) -> bool:
        return compare(current, self.comparison, self.value)


@dataclass(frozen=True, slots=True)
class Meter:
    """A number the call carries: a battery, distress, suspicion."""

    id: str
    label: Text
    start: float
    min: float = 0.0
    max: float = 100.0
    unit: str = ""
    per_minute: float = 0.0
    shown: bool = True
    ends: tuple[Limit, ...] = ()
    loc: Location = _NOWHERE

    def clamp(self, value: float) -> float:
        return min(self.max, max(self.min, value))


@dataclass(frozen=True, slots=True)
class Test:
    """A condition on a meter: `battery: {at_least: 5}`."""

    meter: str
    comparison: Comparison
    value: float
    loc: Location = _NOWHERE

    def holds(self, meters: Mapping[str, float]) -> bool:
        return compare(meters[self.meter], self.comparison, self.value)


def compare(current: float, comparison: Comparison, value: float) -> bool:
    """Apply one of the four comparisons the format allows."""
    if comparison == "below":
        return current < value
    if comparison == "at_most":
        return current <= value
    if comparison == "at_least":
        return current >= value
    return current > value


@dataclass(frozen=True, slots=True)
class Action:
    """Something the agent does beyond talking: order a taxi, call the ambulance.

    `label` names it as done ("Ambulance called"); `verb` says it as a verb phrase for
    sentences ("call the ambulance"), which the debrief uses when it is given.
    """

    id: str
    label: Text
    party: Text = field(default_factory=Text)
    verb: Text = field(default_factory=Text)
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Choice:
    """One reply a trainee can give at a state."""

    id: str
    state: str
    text: Text
    next: str
    takes: float = 15.0
    requires: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    when: tuple[Test, ...] = ()
    set: frozenset[str] = frozenset()
    clear: frozenset[str] = frozenset()
    change: Mapping[str, float] = field(default_factory=frozen_map)
    actions: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    critical: str | None = None
    feedback: Text = field(default_factory=Text)
    loc: Location = _NOWHERE

    def allowed(self, flags: AbstractSet[str], meters: Mapping[str, float]) -> bool:
        """Whether this reply is on offer given the call's flags and meters."""
        return (
            self.requires <= flags
            and not (self.unless & flags)
            and all(test.holds(meters) for test in self.when)
        )


@dataclass(frozen=True, slots=True)
class State:
    """A moment in the call: what the customer says and the replies on offer."""

    id: str
    customer: Text
    narration: Text
    choices: tuple[Choice, ...]
    emotion: str | None = None
    loc: Location = _NOWHERE

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Ending:
    """How a call ends, and whether that counts as success."""

    id: str
    outcome: str
    success: bool
    text: Text
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Customer:
    """Who is calling, as the agent's screen shows them."""

    name: str
    profile: Text = field(default_factory=Text)
    mood: Text = field(default_factory=Text)


@dataclass(frozen=True, slots=True)
class CriticalAction:
    """A time-critical action with its grace (None: the profile's) and deadline, in seconds."""

    action: str
    grace: float | None
    deadline: float
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class CriticalError:
    """An auto-fail gate: committed by a reply, or by ending the call without an action."""

    id: str
    label: Text
    why: Text = field(default_factory=Text)
    missing: tuple[str, ...] = ()
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Scoring:
    """What the scorer rates; unset values come from the scoring profile."""

    weights: Mapping[str, float] = field(default_factory=frozen_map)
    pass_mark: float | None = None
    critical_actions: Mapping[str, CriticalAction] = field(default_factory=frozen_map)
    required: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()
    unnecessary: tuple[str, ...] = ()
    critical_errors: Mapping[str, CriticalError] = field(default_factory=frozen_map)


@dataclass(frozen=True, slots=True)
class Walkthrough:
    """A golden path and what replaying it must give."""

    name: str
    choices: tuple[str, ...]
    ending: str
    passed: bool | None = None
    critical_errors: tuple[str, ...] = ()
    scores: Mapping[str, tuple[float, float]] = field(default_factory=frozen_map)
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole call: the frozen result of loading one scenario file."""

    id: str
    title: Text
    summary: Text
    customer: Customer
    start: str
    states: Mapping[str, State]
    endings: Mapping[str, Ending]
    meters: Mapping[str, Meter] = field(default_factory=frozen_map)
    actions: Mapping[str, Action] = field(default_factory=frozen_map)
    scoring: Scoring = field(default_factory=Scoring)
    walkthroughs: tuple[Walkthrough, ...] = ()
    version: int = 1
    story: str = ""
    difficulty: str = "medium"
    languages: tuple[str, ...] = (FALLBACK_LANGUAGE,)
    trainer_note: Text = field(default_factory=Text)
    shuffle: bool = True
    digest: str = ""
    loc: Location = _NOWHERE

    @property
    def choice_count(self) -> int:
        return sum(len(state.choices) for state in self.states.values())

    def is_ending(self, node: str) -> bool:
        return node in self.endings
