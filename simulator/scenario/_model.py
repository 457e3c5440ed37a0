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

FORMAT_VERSION = 2  # the newest format this version reads; format 1 files still load
FALLBACK_LANGUAGE = "en"

OUTCOMES = ("safe", "partial", "failed", "harmed")
DIFFICULTIES = ("easy", "medium", "hard")
DIMENSIONS = ("empathy", "speed", "escalation", "accuracy")
# What a reply can get wrong in what it says, and how badly (see `Mark`).
MARK_KINDS = ("wrong-information", "unsafe-advice", "rule-breach")
SEVERITIES = ("minor", "major", "severe")
# Emotions a state may show without declaring them (format 2 declares any other).
EMOTIONS = ("fear", "panic", "anger", "distress", "relief", "worry", "anxiety", "confusion",
            "sadness", "shame", "frustration", "embarrassment", "gratitude", "exhaustion",
            "suspicion", "hope", "grief", "overwhelm", "doubt", "shock", "impatience")
# Speaking time of a reply with no `takes` (format 2): its words at this rate, in English.
WORDS_PER_MINUTE = 150.0
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
    unit: Text = field(default_factory=Text)
    per_minute: float = 0.0
    shown: bool = True
    ends: tuple[Limit, ...] = ()
    pace: tuple[Pace, ...] = ()
    loc: Location = _NOWHERE

    def clamp(self, value: float) -> float:
        return min(self.max, max(self.min, value))

    def rate(self, flags: AbstractSet[str], meters: Mapping[str, float], state: str) -> float:
        """The change per simulated minute while the call is at `state`."""
        for pace in self.pace:
            if pace.condition.holds(flags, meters, state=state):
                return pace.per_minute
        return self.per_minute


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
class Condition:
    """When something applies: flags set and not set, meter tests, and (for variants) the
    reply just given or (for a meter's pace) the state the call is in. Empty: always."""

    requires: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    when: tuple[Test, ...] = ()
    after: frozenset[str] = frozenset()
    within: frozenset[str] = frozenset()
    loc: Location = _NOWHERE

    def holds(self, flags: AbstractSet[str], meters: Mapping[str, float] | None,
              previous: str | None = None, state: str | None = None) -> bool:
        """Whether it holds; with `meters` None (not known), its meter tests are taken to."""
        return (self.requires <= flags and not (self.unless & flags)
                and (meters is None or all(test.holds(meters) for test in self.when))
                and (not self.after or previous in self.after)
                and (not self.within or state in self.within))

    @property
    def on_meters(self) -> bool:
        """Whether it depends on a meter's value."""
        return bool(self.when)


ALWAYS = Condition()


@dataclass(frozen=True, slots=True)
class Pace:
    """A meter's rate per simulated minute while a condition holds (0: it stops)."""

    condition: Condition
    per_minute: float


@dataclass(frozen=True, slots=True)
class Target:
    """Where a reply leads while a condition holds (a reply's `next` as a list, format 2)."""

    condition: Condition
    to: str
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Variant:
    """Other words for a state (what the customer says, the narration) or an ending (its
    text), shown while a condition holds; the first that holds wins, then the default."""

    condition: Condition
    customer: Text = field(default_factory=Text)
    narration: Text = field(default_factory=Text)
    text: Text = field(default_factory=Text)
    loc: Location = _NOWHERE


def pick(variants: tuple[Variant, ...], flags: AbstractSet[str], meters: Mapping[str, float],
         previous: str | None) -> int | None:
    """The index of the first variant whose condition holds, None for the default."""
    for index, variant in enumerate(variants):
        if variant.condition.holds(flags, meters, previous):
            return index
    return None


@dataclass(frozen=True, slots=True)
class Mark:
    """Something a reply says that is wrong, unsafe or against the rules, and why: it costs
    accuracy points by its severity."""

    kind: str
    severity: str
    why: Text = field(default_factory=Text)
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Silence:
    """What happens when the trainee says nothing for `after` seconds (timed play only): the
    customer speaks again, meters jump, and the call may move on."""

    after: float
    customer: Text = field(default_factory=Text)
    narration: Text = field(default_factory=Text)
    change: Mapping[str, float] = field(default_factory=frozen_map)
    next: str | None = None
    loc: Location = _NOWHERE


@dataclass(frozen=True, slots=True)
class Emotion:
    """An emotion a state can show, named in each language ("frightened")."""

    id: str
    label: Text
    loc: Location = _NOWHERE


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
    critical: tuple[str, ...] = ()
    feedback: Text = field(default_factory=Text)
    marks: tuple[Mark, ...] = ()
    targets: tuple[Target, ...] = ()
    extra: float = 0.0
    loc: Location = _NOWHERE

    def allowed(self, flags: AbstractSet[str], meters: Mapping[str, float]) -> bool:
        """Whether this reply is on offer given the call's flags and meters."""
        return (
            self.requires <= flags
            and not (self.unless & flags)
            and all(test.holds(meters) for test in self.when)
        )

    def target(self, flags: AbstractSet[str], meters: Mapping[str, float] | None) -> str:
        """Where the reply leads from a call with these flags and meters (before its own
        effects): the first conditional target that holds, else `next`. With `meters` None
        (not known), a target's meter tests are taken to hold."""
        for target in self.targets:
            if target.condition.holds(flags, meters):
                return target.to
        return self.next

    @property
    def destinations(self) -> tuple[str, ...]:
        """Every state or ending the reply can lead to."""
        return (*dict.fromkeys(t.to for t in self.targets), self.next)

    @property
    def harmful(self) -> bool:
        """Whether it commits a critical error or says something wrong or unsafe: such a
        reply earns no empathy however warm its words."""
        return bool(self.critical) or any(
            m.kind in ("wrong-information", "unsafe-advice") for m in self.marks)


@dataclass(frozen=True, slots=True)
class State:
    """A moment in the call: what the customer says and the replies on offer."""

    id: str
    customer: Text
    narration: Text
    choices: tuple[Choice, ...]
    emotion: str | None = None
    variants: tuple[Variant, ...] = ()
    silence: Silence | None = None
    loc: Location = _NOWHERE

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def words(self, variant: int | None) -> tuple[Text, Text]:
        """What the customer says and the narration, in the variant shown (None: the
        state's own); a variant that gives only one of them keeps the state's other."""
        if variant is None or not 0 <= variant < len(self.variants):
            return self.customer, self.narration
        shown = self.variants[variant]
        return shown.customer or self.customer, shown.narration or self.narration


@dataclass(frozen=True, slots=True)
class Ending:
    """How a call ends, and whether that counts as success."""

    id: str
    outcome: str
    success: bool
    text: Text
    variants: tuple[Variant, ...] = ()
    loc: Location = _NOWHERE

    def told(self, variant: int | None) -> Text:
        """The ending's text in the variant the call ended with (None: its own)."""
        if variant is None or not 0 <= variant < len(self.variants):
            return self.text
        return self.variants[variant].text


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
    emotions: Mapping[str, Emotion] = field(default_factory=frozen_map)
    format: int = 1
    digest: str = ""
    loc: Location = _NOWHERE

    @property
    def choice_count(self) -> int:
        return sum(len(state.choices) for state in self.states.values())

    def is_ending(self, node: str) -> bool:
        return node in self.endings
