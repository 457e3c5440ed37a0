"""Typed field readers over located YAML values, shared by the scenario loader and the
scoring profile: each reads one kind of value and reports a located, coded problem when the
value is not that kind, then carries on so every problem in a file is found.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from typing import Any

from simulator.errors import Diagnostic, Location, did_you_mean
from simulator.scenario._keys import Block
from simulator.scenario._model import COMPARISONS, Comparison, Text, frozen_map
from simulator.scenario._yaml import Map, Seq, quote, shown

_ID = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}\Z")
_DURATION = re.compile(r"(?:(\d{1,12})m)?\s*(?:(\d{1,12})s)?\Z")
# Control characters a terminal acts on (C0 but tab and newline, DEL, C1): an escape such
# as "\e]0;title\a" in a customer's line would rename the trainee's window.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_DURATION = 86_400.0  # a day: any longer is a slip, and sums of durations stay finite
# "Did you mean" compares a name with every candidate: only for the first problems, and
# only among so many names, so a hostile file with 100,000 wrong names stays quick.
MAX_HINTS = 20
MAX_HINT_CANDIDATES = 1000


def valid_id(text: str) -> bool:
    """Whether `text` is a valid id: lower-case letters, digits and '-', a letter first."""
    return bool(_ID.match(text))


def valid_language(text: str) -> bool:
    """Whether `text` looks like a language code: two or three lower-case letters."""
    return bool(_LANGUAGE.match(text))


def parse_duration(value: Any) -> float | None:
    """Seconds in a duration (`20`, `"20s"`, `"2m"`, `"1m30s"`) of at most a day, or None if
    it is not one."""
    seconds = _seconds(value)
    return seconds if seconds is not None and seconds <= MAX_DURATION else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return float(min(value, 2**53))
    if isinstance(value, str):
        match = _DURATION.match(value.strip())
        if match and any(match.groups()):
            minutes, seconds = (int(g or 0) for g in match.groups())
            return float(minutes * 60 + seconds)
    return None


def is_number(value: Any) -> bool:
    """Whether a YAML value is a number (true and false are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_float(value: int | float) -> float:
    """A YAML number as a float; an integer too large for a float becomes an infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def kind(value: Any) -> str:
    """What a YAML value is, as a message names it: 'a string', 'a list', ..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


class Reporter:
    """Collects the problems found in one file, each located and coded."""

    def __init__(self, problems: Sequence[Diagnostic] = (), code: str | None = None) -> None:
        """`code`, when given, replaces every problem's own code (a profile's P001)."""
        self.problems = list(problems)
        self.code = code
        self.hints = 0

    def error(self, code: str, loc: Location, message: str) -> None:
        self.problems.append(Diagnostic(loc, "error", message, self.code or code))

    def hint(self, name: str, candidates: Collection[str]) -> str:
        """did_you_mean(), while few problems have been found and among few candidates."""
        if self.hints >= MAX_HINTS or len(candidates) > MAX_HINT_CANDIDATES:
            return ""
        self.hints += 1
        return did_you_mean(name, candidates)

    def wrong_kind(self, key: str, wanted: str, value: Any) -> str:
        """The message for a value of `key` that is not `wanted` ('a number', ...)."""
        return f"'{key}' must be {wanted}, not {kind(value)}"


class _Containers(Reporter):
    """Reads mappings and lists: their keys, entries and items."""

    def fields(self, value: Any, loc: Location, what: str, allowed: Collection[str],
               required: Sequence[str] = ()) -> Map | None:
        """Check that `value` is a mapping with known keys and the required ones."""
        if not isinstance(value, Map):
            self.error("F003", loc, f"{what} must be a mapping, not {kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.error("F001", value.key_locs[key],
                           f"unknown key '{shown(key)}' in {what}{self.hint(key, allowed)}")
        for key in required:
            if key not in value:
                self.error("F002", value.loc, f"{what} is missing required key '{key}'")
            elif value[key] is None:
                self.error("F002", value.key_locs[key], f"'{key}' is empty in {what}: it needs "
                           "a value")
        return value

    def block(self, value: Any, loc: Location, what: str, block: Block) -> Map | None:
        """fields() with the keys one block of the scenario format allows and requires."""
        return self.fields(value, loc, what, block.allowed(), block.required())

    def entries(self, m: Map, key: str, what: str) -> list[tuple[str, Any, Location, Location]]:
        """The (id, value, id location, value location) entries of a mapping of ids."""
        value = m.get(key)
        if value is None:
            return []
        loc = m.value_locs[key]
        if not isinstance(value, Map):
            self.error("F003", loc,
                       f"'{key}' must be a mapping of ids to {what}, not {kind(value)}")
            return []
        out = []
        for ident, item in value.items():
            key_loc, value_loc = value.key_locs[ident], value.value_locs[ident]
            if not _ID.match(ident):
                self.error("F004", key_loc, f"'{shown(ident)}' is not a valid id: use lower-case "
                           "letters, digits and '-', starting with a letter")
                ident = shown(ident)  # the file will not load: this name is only for messages
            out.append((ident, item, key_loc, value_loc))
        return out

    def items(self, m: Map, key: str) -> list[tuple[Any, Location]]:
        """The (item, location) pairs of a list."""
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, Seq):
            self.error("F003", m.value_locs[key], f"'{key}' must be a list, not {kind(value)}")
            return []
        return list(zip(value, value.item_locs, strict=True))

    def ids(self, m: Map, key: str) -> list[tuple[str, Location]]:
        """The (id, location) pairs of a list of ids; anything else in it is reported."""
        out = []
        for item, loc in self.items(m, key):
            if not isinstance(item, str) or not _ID.match(item):
                self.error("F004", loc, f"'{key}' must list ids, not {quote(item)}")
            else:
                out.append((item, loc))
        return out


class FieldReader(_Containers):
    """Reads the fields of located YAML mappings as typed values, collecting problems.

    A reader asked for a value it cannot read reports why and returns a harmless default,
    so the caller carries on and every problem in the file is reported at once. Messages
    name the key, so they read the same in whatever file the mapping came from.
    """

    def text(self, m: Map, key: str) -> Text:
        """Text: a string, or a mapping of language code to string."""
        value = m.get(key)
        if value is None:
            return Text()
        if isinstance(value, str):
            return Text.plain(self.printable(value, m.value_locs[key], f"'{key}'"))
        if isinstance(value, Map):
            texts: dict[str, str] = {}
            for lang, item in value.items():
                if not _LANGUAGE.match(lang):
                    self.error("F005", value.key_locs[lang],
                               f"'{shown(lang)}' is not a language code (use e.g. en, id)")
                elif not isinstance(item, str):
                    self.error("F003", value.value_locs[lang],
                               f"text in '{lang}' must be a string, not {kind(item)}")
                else:
                    texts[lang] = self.printable(item, value.value_locs[lang],
                                                 f"'{key}' in '{lang}'")
            return Text(frozen_map(texts))
        self.error("F003", m.value_locs[key],
                   f"'{key}' must be text: a string or a mapping of language to string, "
                   f"not {kind(value)}")
        return Text()

    def printable(self, text: str, loc: Location, what: str) -> str:
        """`text`, reported when it holds a control character (newline and tab are fine)."""
        found = _CONTROL.search(text)
        if found is not None:
            self.error("F010", loc, f"{what} holds a control character, "
                       f"{repr(found.group())[1:-1]}, at character {found.start() + 1}: text "
                       "cannot carry escapes such as \\e, \\a or \\0")
        return text

    def string(self, m: Map, key: str, default: str = "") -> str:
        """A string; a number is taken as written (`unit: 2` is "2")."""
        value = m.get(key, default)
        if isinstance(value, str):
            return self.printable(value, m.value_locs[key], f"'{key}'") if key in m else value
        if is_number(value):
            return str(value)
        self.error("F003", m.value_locs[key], self.wrong_kind(key, "a string", value))
        return default

    def ident(self, m: Map, key: str) -> str:
        """An id, or "" when the key is missing or the value is not an id."""
        value = m.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not _ID.match(value):
            self.error("F004", m.value_locs[key],
                       f"'{key}' must be an id (lower-case letters, digits "
                       f"and '-', starting with a letter), not {quote(value)}")
            return ""
        return value

    def number(self, m: Map, key: str, default: float) -> float:
        """A finite number, or `default` when the key is missing or the value is not one."""
        found = self.optional_number(m, key)
        return default if found is None else found

    def optional_number(self, m: Map, key: str, finite: bool = True) -> float | None:
        """A number (finite unless told otherwise), or None when missing or not one."""
        value = m.get(key)
        if value is None:
            return None
        if not is_number(value):
            self.error("F003", m.value_locs[key], self.wrong_kind(key, "a number", value))
            return None
        number = as_float(value)
        if finite and not math.isfinite(number):
            self.error("F005", m.value_locs[key], f"'{key}' must be a finite number, not "
                       f"{quote(value)}")
            return None
        return number

    def between(self, m: Map, key: str, low: float, high: float | None = None) -> float | None:
        """A finite number from `low` to `high` (no upper bound when None), or None."""
        number = self.optional_number(m, key)
        if number is not None and (number < low or (high is not None and number > high)):
            bound = f"between {low:g} and {high:g}" if high is not None else f">= {low:g}"
            self.error("F005", m.value_locs[key], f"'{key}' must be {bound}")
            return None
        return number

    def boolean(self, m: Map, key: str, default: bool) -> bool:
        """true or false (YAML 1.2: `yes` and `no` are words), or `default` when missing."""
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error("F003", m.value_locs[key],
                       f"'{key}' must be true or false, not {quote(value)}")
            return default
        return value

    def duration(self, value: Any, loc: Location, key: str) -> float | None:
        """Seconds in a duration of at most a day (see parse_duration), or None."""
        seconds = _seconds(value)
        if seconds is not None and seconds <= MAX_DURATION:
            return seconds
        if seconds is not None:
            self.error("F005", loc, f"'{key}' must be at most a day ({MAX_DURATION:.0f} seconds), "
                       f"not {quote(value)}")
            return None
        self.error("F005", loc, f"'{key}' must be a duration such as 20, \"20s\", \"2m\" or "
                   f"\"1m30s\", not {quote(value)}")
        return None

    def choice_of(self, m: Map, key: str, options: Sequence[str], default: str) -> str:
        """One of `options`, or `default` when missing or not one of them."""
        value = m.get(key, default)
        if value not in options:
            self.error("F005", m.value_locs[key], f"'{key}' must be one of {', '.join(options)}, "
                       f"not {quote(value)}{self.hint(str(value), options)}")
            return default
        return str(value)

    def comparison(self, value: Any, loc: Location, what: str,
                   block: Block) -> tuple[Comparison, float] | None:
        """Read `{at_most: N}` (or below, at_least, above), plus the block's other keys."""
        m = self.block(value, loc, what, block)
        if m is None:
            return None
        found = [c for c in COMPARISONS if c in m]
        if len(found) != 1:
            self.error("F005", m.loc, f"{what} needs exactly one of {', '.join(COMPARISONS)}")
            return None
        number = self.optional_number(m, found[0])
        if number is None:
            return None
        return found[0], number
