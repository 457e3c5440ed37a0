"""The keys of the scenario format, block by block: the one list the loader, the schema and
the docs test read.

Each key records the format that introduced it, so a later format can add keys to a block
and the loader can tell "unknown key" from "this key needs format N".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.scenario._model import COMPARISONS, FORMAT_VERSION


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a block: its name, whether a file must give it, and since which format."""

    name: str
    required: bool = False
    since: int = 1


@dataclass(frozen=True, slots=True)
class Block:
    """One kind of mapping in a scenario file, with its keys in the order the docs list them."""

    name: str
    keys: tuple[Key, ...]
    # The loader asks for every mapping it reads: the names are worked out once per format.
    _names: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def allowed(self, format: int = FORMAT_VERSION) -> tuple[str, ...]:
        """The keys a file of `format` may use in this block."""
        return self._names_in(format)[0]

    def required(self, format: int = FORMAT_VERSION) -> tuple[str, ...]:
        """The keys a file of `format` must give in this block."""
        return self._names_in(format)[1]

    def _names_in(self, format: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = self._names.get(format)
        if names is None:
            keys = [k for k in self.keys if k.since <= format]
            names = tuple(k.name for k in keys), tuple(k.name for k in keys if k.required)
            self._names[format] = names
        return names

    def since(self, name: str) -> int | None:
        """The first format with key `name` in this block, or None if no format has it."""
        return next((k.since for k in self.keys if k.name == name), None)


def _block(name: str, *keys: str | Key) -> Block:
    """A block from plain names (optional, format 1) and Key entries for everything else."""
    return Block(name, tuple(k if isinstance(k, Key) else Key(k) for k in keys))


def _required(name: str) -> Key:
    return Key(name, required=True)


def _new(name: str, required: bool = False) -> Key:
    """A key format 2 added."""
    return Key(name, required=required, since=2)


TOP = _block(
    "top level", _required("format"), _required("id"), "version", _required("title"),
    _required("summary"), "story", "difficulty", "languages", "trainer_note",
    _required("customer"), "shuffle", _required("start"), _new("emotions"), "meters", "actions",
    _required("states"), _required("endings"), "scoring", "walkthroughs")
CUSTOMER = _block("customer", _required("name"), "profile", "mood")
METER = _block("meter", "label", _required("start"), "min", "max", "unit", "per_minute",
               _new("pace"), "shown", "ends")
# A meter's rate while a condition holds (format 2): in some states, with some flags.
PACE = _block("pace", "in", "requires", "unless", "when", _required("per_minute"))
EMOTION = _block("emotion", _required("label"))
# A test is exactly one comparison with its number; the loader checks "exactly one".
TEST = _block("test", *COMPARISONS)
LIMIT = _block("limit", *COMPARISONS, _required("ending"))
ACTION = _block("action", _required("label"), "party", "verb")
STATE = _block("state", "customer", "narration", "emotion", _new("variants"), _new("silence"),
               _required("choices"))
# Other words for a state while a condition holds (format 2).
STATE_VARIANT = _block("state variant", "requires", "unless", "when", "after", "customer",
                       "narration")
SILENCE = _block("silence", _required("after"), "customer", "narration", "change", "next")
CHOICE = _block(
    "choice", _required("id"), _required("text"), _required("next"), "takes", _new("extra"),
    "requires", "unless", "when", "set", "clear", "change", "actions", "behaviours",
    "critical", "accuracy", "feedback")
# One target of a `next` given as a list (format 2).
TARGET = _block("target", "requires", "unless", "when", _required("to"))
MARK = _block("accuracy mark", _required("kind"), _required("severity"), "why")
ENDING = _block("ending", _required("outcome"), "success", _required("text"), _new("variants"))
ENDING_VARIANT = _block("ending variant", "requires", "unless", "when", "after",
                        _required("text"))
SCORING = _block("scoring", "weights", "pass_mark", "critical_actions", "escalations",
                 "critical_errors")
CRITICAL_ACTION = _block("critical action", "grace", _required("deadline"))
ESCALATIONS = _block("escalations", "required", "order", "unnecessary")
CRITICAL_ERROR = _block("critical error", _required("label"), "why", "missing")
WALKTHROUGH = _block("walkthrough", _required("name"), _required("choices"),
                     _required("ending"), "passed", "critical_errors", "scores")

BLOCKS = (TOP, CUSTOMER, EMOTION, METER, PACE, TEST, LIMIT, ACTION, STATE, STATE_VARIANT,
          SILENCE, CHOICE, TARGET, MARK, ENDING, ENDING_VARIANT, SCORING, CRITICAL_ACTION,
          ESCALATIONS, CRITICAL_ERROR, WALKTHROUGH)
