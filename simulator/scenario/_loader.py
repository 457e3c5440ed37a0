"""Load a scenario file into the frozen model, like a compiler: read, build, resolve.

Every problem is collected, not just the first, and reported with its file, line and column.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.errors import Diagnostic, Location, ScenarioError, did_you_mean
from simulator.scenario import _keys as keys
from simulator.scenario import _yaml as _document
from simulator.scenario._model import (
    BEHAVIOURS,
    COMPARISONS,
    DIFFICULTIES,
    DIMENSIONS,
    FORMAT_VERSION,
    OUTCOMES,
    Action,
    Choice,
    Comparison,
    CriticalAction,
    CriticalError,
    Customer,
    Ending,
    Limit,
    Meter,
    Scenario,
    Scoring,
    State,
    Test,
    Text,
    Walkthrough,
    frozen_map,
)
from simulator.scenario._yaml import Map, Seq, quote, shown

_ID = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}\Z")
_DURATION = re.compile(r"(?:(\d{1,12})m)?\s*(?:(\d{1,12})s)?\Z")
MAX_DURATION = 86_400.0  # a day: any longer is a slip, and sums of durations stay finite
MAX_VERSION = 2**31 - 1  # what every records database stores as an integer
# "Did you mean" compares a name with every candidate: only for the first problems, and
# only among so many names, so a hostile file with 100,000 wrong names stays quick.
MAX_HINTS = 20
MAX_HINT_CANDIDATES = 1000

TOP_KEYS = keys.TOP.allowed()
CUSTOMER_KEYS = keys.CUSTOMER.allowed()
METER_KEYS = keys.METER.allowed()
ACTION_KEYS = keys.ACTION.allowed()
STATE_KEYS = keys.STATE.allowed()
CHOICE_KEYS = keys.CHOICE.allowed()
ENDING_KEYS = keys.ENDING.allowed()
SCORING_KEYS = keys.SCORING.allowed()
ESCALATION_KEYS = keys.ESCALATIONS.allowed()
CRITICAL_ERROR_KEYS = keys.CRITICAL_ERROR.allowed()
WALKTHROUGH_KEYS = keys.WALKTHROUGH.allowed()
DEFAULT_TAKES = 15.0


# The code of each kind of unresolved name (see docs/diagnostics/).
CODES = {"node": "R001", "state": "R001", "ending": "R001", "meter": "R002", "action": "R003",
         "critical": "R004", "flag": "R005", "choice": "R006"}


def load_scenario(path: Path | str, display: str | None = None) -> Scenario:
    """Load one scenario file; raise ScenarioError listing every error found."""
    scenario, diagnostics = compile_scenario(path, display)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors or scenario is None:
        raise ScenarioError(errors)
    return scenario


def compile_scenario(
    path: Path | str, display: str | None = None
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one file and return the scenario (None if it has errors) and every diagnostic."""
    path = Path(path)
    name = display or str(path)
    try:
        data = _document.read_bytes(path, name)
        return compile_bytes(data, name)
    except ScenarioError as err:
        return None, list(err.diagnostics)


def compile_bytes(data: bytes, name: str) -> tuple[Scenario | None, list[Diagnostic]]:
    """Compile scenario YAML given as bytes; `name` is the path shown in diagnostics."""
    try:
        document, problems = _document.parse(data, name)
    except ScenarioError as err:
        return None, list(err.diagnostics)
    builder = _Builder(name, problems)
    scenario = builder.scenario(document, hashlib.sha256(data).hexdigest())
    if scenario is not None:
        builder.resolve(scenario)
    diagnostics = sorted(builder.problems, key=lambda d: d.location)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return scenario, diagnostics


def valid_id(text: str) -> bool:
    """Whether `text` is a valid id: lower-case letters, digits and '-', a letter first."""
    return bool(_ID.match(text))


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


def _float(value: int | float) -> float:
    """A YAML number as a float; an integer too large for a float becomes an infinity."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _kind(value: Any) -> str:
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


@dataclass(frozen=True, slots=True)
class _Reference:
    """A name used somewhere that must be defined elsewhere; checked after building."""

    kind: str
    name: str
    loc: Location
    where: str


class _Builder:
    """Builds model objects from located YAML values, collecting problems on the way."""

    def __init__(self, name: str, problems: list[Diagnostic]) -> None:
        self.name = name
        self.problems = list(problems)
        self.references: list[_Reference] = []
        self.flags_set: set[str] = set()
        self.hints = 0

    # -- reporting -------------------------------------------------------------------------

    def error(self, code: str, loc: Location, message: str) -> None:
        self.problems.append(Diagnostic(loc, "error", message, code))

    def hint(self, name: str, candidates: Collection[str]) -> str:
        """did_you_mean(), while few problems have been found and among few candidates."""
        if self.hints >= MAX_HINTS or len(candidates) > MAX_HINT_CANDIDATES:
            return ""
        self.hints += 1
        return did_you_mean(name, candidates)

    def refer(self, kind: str, name: str, loc: Location, where: str) -> None:
        self.references.append(_Reference(kind, name, loc, where))

    # -- generic readers -------------------------------------------------------------------

    def fields(self, value: Any, loc: Location, what: str, allowed: Sequence[str],
               required: Sequence[str] = ()) -> Map | None:
        """Check that `value` is a mapping with known keys and the required ones."""
        if not isinstance(value, Map):
            self.error("F003", loc, f"{what} must be a mapping, not {_kind(value)}")
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

    def entries(self, m: Map, key: str, what: str) -> list[tuple[str, Any, Location, Location]]:
        """The (id, value, id location, value location) entries of a mapping of ids."""
        value = m.get(key)
        if value is None:
            return []
        loc = m.value_locs[key]
        if not isinstance(value, Map):
            self.error("F003", loc,
                       f"'{key}' must be a mapping of ids to {what}, not {_kind(value)}")
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
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, Seq):
            self.error("F003", m.value_locs[key], f"'{key}' must be a list, not {_kind(value)}")
            return []
        return list(zip(value, value.item_locs, strict=True))

    def text(self, m: Map, key: str) -> Text:
        value = m.get(key)
        if value is None:
            return Text()
        loc = m.value_locs[key]
        if isinstance(value, str):
            return Text.plain(value)
        if isinstance(value, Map):
            texts: dict[str, str] = {}
            for lang, item in value.items():
                if not _LANGUAGE.match(lang):
                    self.error("F005", value.key_locs[lang],
                               f"'{shown(lang)}' is not a language code (use e.g. en, id)")
                elif not isinstance(item, str):
                    self.error("F003", value.value_locs[lang],
                               f"text in '{lang}' must be a string, not {_kind(item)}")
                else:
                    texts[lang] = item
            return Text(frozen_map(texts))
        self.error("F003", loc,
                   f"'{key}' must be text: a string or a mapping of language to string, "
                   f"not {_kind(value)}")
        return Text()

    def string(self, m: Map, key: str, default: str = "") -> str:
        value = m.get(key, default)
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.error("F003", m.value_locs[key], f"'{key}' must be a string, not {_kind(value)}")
        return default

    def ident(self, m: Map, key: str) -> str:
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
        found = self.optional_number(m, key)
        return default if found is None else found

    def optional_number(self, m: Map, key: str, finite: bool = True) -> float | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error("F003", m.value_locs[key], f"'{key}' must be a number, not {_kind(value)}")
            return None
        number = _float(value)
        if finite and not math.isfinite(number):
            self.error("F005", m.value_locs[key], f"'{key}' must be a finite number, not "
                       f"{quote(value)}")
            return None
        return number

    def boolean(self, m: Map, key: str, default: bool) -> bool:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error("F003", m.value_locs[key],
                       f"'{key}' must be true or false, not {quote(value)}")
            return default
        return value

    def duration(self, value: Any, loc: Location, key: str) -> float | None:
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
        value = m.get(key, default)
        if value not in options:
            self.error("F005", m.value_locs[key], f"'{key}' must be one of {', '.join(options)}, "
                       f"not {quote(value)}{self.hint(str(value), options)}")
            return default
        return str(value)

    def ids(self, m: Map, key: str, kind: str | None, where: str) -> tuple[str, ...]:
        """A list of ids; each is recorded as a reference of `kind` when given."""
        out = []
        for item, loc in self.items(m, key):
            if not isinstance(item, str) or not _ID.match(item):
                self.error("F004", loc, f"'{key}' must list ids, not {quote(item)}")
                continue
            if kind is not None:
                self.refer(kind, item, loc, where)
            out.append(item)
        return tuple(out)

    # -- the scenario ----------------------------------------------------------------------

    def scenario(self, document: Any, digest: str) -> Scenario | None:
        top_loc = Location(self.name, 1, 1)
        if document is None:
            self.error("F007", top_loc, "the file is empty: a scenario is a mapping with "
                       "'format', 'id', 'title', 'states' and 'endings'")
            return None
        if (isinstance(document, Map) and "format" in document
                and (type(document["format"]) is not int or document["format"] != FORMAT_VERSION)):
            self.error("F006", document.value_locs["format"], f"unsupported format "
                       f"{quote(document['format'])}: this agentsim reads format {FORMAT_VERSION}")
            return None
        doc = self.fields(document, top_loc, "the scenario", TOP_KEYS,
                          ("format", "id", "title", "summary", "customer", "start", "states",
                           "endings"))
        if doc is None:
            return None
        states = {}
        for ident, value, _key_loc, loc in self.entries(doc, "states", "states"):
            state = self.state(ident, value, loc)
            if state is not None:
                states[ident] = state
        endings = {}
        for ident, value, key_loc, loc in self.entries(doc, "endings", "endings"):
            if ident in states:
                self.error("R007", key_loc, f"'{ident}' is both a state and an ending: "
                           "ids must be unique")
            ending = self.ending(ident, value, loc)
            if ending is not None:
                endings[ident] = ending
        if "states" in doc and not states and isinstance(doc["states"], Map):
            self.error("F008", doc.value_locs["states"], "a scenario needs at least one state")
        if "endings" in doc and not endings and isinstance(doc["endings"], Map):
            self.error("F008", doc.value_locs["endings"], "a scenario needs at least one ending")
        start = self.ident(doc, "start")
        if start:
            self.refer("state", start, doc.value_locs["start"], "'start'")
        version = self.optional_number(doc, "version", finite=False)
        if version is None:
            version = 1.0
        elif not (version.is_integer() and 1 <= version <= MAX_VERSION):
            upper = f" to {MAX_VERSION:,}" if version.is_integer() and version > 1 else ""
            self.error("F005", doc.value_locs["version"], f"'version' must be a whole number "
                       f"from 1{upper}, not {quote(doc['version'])}")
            version = 1.0
        return Scenario(
            id=self.ident(doc, "id"),
            version=int(version),
            title=self.text(doc, "title"),
            summary=self.text(doc, "summary"),
            story=self.string(doc, "story"),
            difficulty=self.choice_of(doc, "difficulty", DIFFICULTIES, "medium"),
            languages=self.languages(doc),
            trainer_note=self.text(doc, "trainer_note"),
            customer=self.customer(doc),
            shuffle=self.boolean(doc, "shuffle", True),
            start=start,
            meters=frozen_map(self.meters(doc)),
            actions=frozen_map(self.actions(doc)),
            states=frozen_map(states),
            endings=frozen_map(endings),
            scoring=self.scoring(doc),
            walkthroughs=self.walkthroughs(doc),
            digest=digest,
            loc=top_loc,
        )

    def languages(self, doc: Map) -> tuple[str, ...]:
        out = []
        for item, loc in self.items(doc, "languages"):
            if not isinstance(item, str) or not _LANGUAGE.match(item):
                self.error("F005", loc, f"{quote(item)} is not a language code (use e.g. en, id)")
            else:
                out.append(item)
        return tuple(out) or ("en",)

    def customer(self, doc: Map) -> Customer:
        if "customer" not in doc:
            return Customer(name="")
        m = self.fields(doc["customer"], doc.value_locs["customer"], "'customer'",
                        CUSTOMER_KEYS, ("name",))
        if m is None:
            return Customer(name="")
        return Customer(self.string(m, "name"), self.text(m, "profile"), self.text(m, "mood"))

    def meters(self, doc: Map) -> dict[str, Meter]:
        meters = {}
        for ident, value, _key_loc, loc in self.entries(doc, "meters", "meters"):
            m = self.fields(value, loc, f"meter '{ident}'", METER_KEYS, ("start",))
            if m is None:
                continue
            low, high = self.number(m, "min", 0.0), self.number(m, "max", 100.0)
            if low >= high:
                self.error("F005", m.loc, f"meter '{ident}' has min {low:g} not below max {high:g}")
            start = self.number(m, "start", low)
            if not low <= start <= high:
                self.error("F005", m.value_locs.get("start", m.loc),
                           f"meter '{ident}' starts at {start:g}, outside {low:g}..{high:g}")
            label = self.text(m, "label") or Text.plain(ident)
            meters[ident] = Meter(
                id=ident, label=label, start=start, min=low, max=high,
                unit=self.string(m, "unit"), per_minute=self.number(m, "per_minute", 0.0),
                shown=self.boolean(m, "shown", True), ends=self.limits(ident, m), loc=m.loc)
        return meters

    def limits(self, meter: str, m: Map) -> tuple[Limit, ...]:
        limits = []
        for item, loc in self.items(m, "ends"):
            test = self.comparison(item, loc, f"a limit of meter '{meter}'", ("ending",))
            if test is None or not isinstance(item, Map):
                continue
            ending = self.ident(item, "ending")
            if ending:
                self.refer("ending", ending, item.value_locs["ending"],
                           f"a limit of meter '{meter}'")
            limits.append(Limit(test[0], test[1], ending, loc))
        return tuple(limits)

    def comparison(self, value: Any, loc: Location, what: str,
                   extra: Sequence[str] = ()) -> tuple[Comparison, float] | None:
        """Read `{at_most: N}` (or below, at_least, above), plus any `extra` keys."""
        m = self.fields(value, loc, what, (*COMPARISONS, *extra), extra)
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

    def actions(self, doc: Map) -> dict[str, Action]:
        actions = {}
        for ident, value, _key_loc, loc in self.entries(doc, "actions", "actions"):
            m = self.fields(value, loc, f"action '{ident}'", ACTION_KEYS, ("label",))
            if m is not None:
                actions[ident] = Action(ident, self.text(m, "label"), self.text(m, "party"),
                                        m.loc)
        return actions

    def state(self, ident: str, value: Any, loc: Location) -> State | None:
        m = self.fields(value, loc, f"state '{ident}'", STATE_KEYS, ("choices",))
        if m is None:
            return None
        customer, narration = self.text(m, "customer"), self.text(m, "narration")
        if not customer and not narration:
            self.error("F008", m.loc, f"state '{ident}' needs 'customer' or 'narration': "
                       "what the agent hears")
        emotion = self.ident(m, "emotion") or None
        choices: list[Choice] = []
        seen: dict[str, Location] = {}
        for item, item_loc in self.items(m, "choices"):
            choice = self.choice(ident, item, item_loc)
            if choice is None:
                continue
            if choice.id and choice.id in seen:  # a missing or invalid id is reported already
                self.error("R007", choice.loc,
                           f"duplicate choice id '{choice.id}' in state '{ident}' "
                           f"(first at line {seen[choice.id].line})")
                continue
            seen[choice.id] = choice.loc
            choices.append(choice)
        if "choices" in m and not choices and isinstance(m["choices"], Seq):
            self.error("F008", m.value_locs["choices"], f"state '{ident}' offers no choices: "
                       "a state needs at least one reply (or make it an ending)")
        return State(ident, customer, narration, tuple(choices), emotion, m.loc)

    def choice(self, state: str, value: Any, loc: Location) -> Choice | None:
        m = self.fields(value, loc, f"a choice in state '{state}'", CHOICE_KEYS,
                        ("id", "text", "next"))
        if m is None:
            return None
        ident = self.ident(m, "id")
        where = f"choice '{ident}'"
        nxt = self.ident(m, "next")
        if nxt:
            self.refer("node", nxt, m.value_locs["next"], where)
        takes = DEFAULT_TAKES
        if "takes" in m:
            takes = self.duration(m["takes"], m.value_locs["takes"], "takes") or 0.0
        flags_set = self.ids(m, "set", None, where)
        self.flags_set.update(flags_set)
        when = []
        for meter, test_value, key_loc, value_loc in self.entries(m, "when", "tests"):
            self.refer("meter", meter, key_loc, where)
            test = self.comparison(test_value, value_loc, f"the test on '{meter}'")
            if test is not None:
                when.append(Test(meter, test[0], test[1], key_loc))
        change = {}
        for meter, amount, key_loc, value_loc in self.entries(m, "change", "numbers"):
            self.refer("meter", meter, key_loc, where)
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                self.error("F003", value_loc, f"a change to '{meter}' must be a number, "
                           f"not {_kind(amount)}")
            elif not math.isfinite(_float(amount)):
                self.error("F005", value_loc, f"a change to '{meter}' must be a finite number, "
                           f"not {quote(amount)}")
            else:
                change[meter] = float(amount)
        behaviours = []
        for item, item_loc in self.items(m, "behaviours"):
            if item not in BEHAVIOURS:
                self.error("F005", item_loc, f"unknown behaviour {quote(item)}"
                           f"{self.hint(str(item), BEHAVIOURS)}")
            else:
                behaviours.append(item)
        critical = self.ident(m, "critical") or None
        if critical:
            self.refer("critical", critical, m.value_locs["critical"], where)
        return Choice(
            id=ident, state=state, text=self.text(m, "text"), next=nxt, takes=takes,
            requires=frozenset(self.ids(m, "requires", "flag", where)),
            unless=frozenset(self.ids(m, "unless", "flag", where)),
            when=tuple(when), set=frozenset(flags_set),
            clear=frozenset(self.ids(m, "clear", None, where)), change=frozen_map(change),
            actions=self.ids(m, "actions", "action", where), behaviours=tuple(behaviours),
            critical=critical, feedback=self.text(m, "feedback"), loc=m.loc)

    def ending(self, ident: str, value: Any, loc: Location) -> Ending | None:
        m = self.fields(value, loc, f"ending '{ident}'", ENDING_KEYS, ("outcome", "text"))
        if m is None:
            return None
        outcome = self.choice_of(m, "outcome", OUTCOMES, "failed")
        success = self.boolean(m, "success", outcome == "safe")
        return Ending(ident, outcome, success, self.text(m, "text"), m.loc)

    def scoring(self, doc: Map) -> Scoring:
        if "scoring" not in doc:
            return Scoring()
        m = self.fields(doc["scoring"], doc.value_locs["scoring"], "'scoring'", SCORING_KEYS)
        if m is None:
            return Scoring()
        weights = {}
        for dim, value, key_loc, value_loc in self.entries(m, "weights", "numbers"):
            if dim not in DIMENSIONS:
                self.error("F005", key_loc,
                           f"unknown dimension '{shown(dim)}'{self.hint(dim, DIMENSIONS)}")
            elif (isinstance(value, bool) or not isinstance(value, int | float)
                  or not 0 <= _float(value) < math.inf):
                self.error("F003", value_loc, f"the weight of '{dim}' must be a number >= 0")
            else:
                weights[dim] = float(value)
        pass_mark = self.optional_number(m, "pass_mark")
        if pass_mark is not None and not 0 <= pass_mark <= 100:
            self.error("F005", m.value_locs["pass_mark"], "'pass_mark' must be between 0 and 100")
        return Scoring(
            weights=frozen_map(weights), pass_mark=pass_mark,
            critical_actions=frozen_map(self.critical_actions(m)),
            **self.escalations(m),
            critical_errors=frozen_map(self.critical_errors(m)))

    def critical_actions(self, m: Map) -> dict[str, CriticalAction]:
        out = {}
        for action, value, key_loc, loc in self.entries(m, "critical_actions", "deadlines"):
            self.refer("action", action, key_loc, "'critical_actions'")
            c = self.fields(value, loc, f"critical action '{action}'", ("grace", "deadline"),
                            ("deadline",))
            if c is None:
                continue
            grace = None
            if "grace" in c:
                grace = self.duration(c["grace"], c.value_locs["grace"], "grace")
            deadline = None
            if c.get("deadline") is not None:
                deadline = self.duration(c["deadline"], c.value_locs["deadline"], "deadline")
            if deadline is not None:
                out[action] = CriticalAction(action, grace, deadline, key_loc)
        return out

    def escalations(self, m: Map) -> dict[str, Any]:
        if "escalations" not in m:
            return {}
        e = self.fields(m["escalations"], m.value_locs["escalations"], "'escalations'",
                        ESCALATION_KEYS)
        if e is None:
            return {}
        order = []
        for item, loc in self.items(e, "order"):
            if (not isinstance(item, Seq) or len(item) != 2
                    or not all(isinstance(a, str) for a in item)):
                self.error("F005", loc,
                           "each entry of 'order' must be a pair [first, then] of actions")
                continue
            for action, action_loc in zip(item, item.item_locs, strict=True):
                self.refer("action", action, action_loc, "'order'")
            order.append((item[0], item[1]))
        return {
            "required": self.ids(e, "required", "action", "'required'"),
            "order": tuple(order),
            "unnecessary": self.ids(e, "unnecessary", "action", "'unnecessary'"),
        }

    def critical_errors(self, m: Map) -> dict[str, CriticalError]:
        out = {}
        for ident, value, _key_loc, loc in self.entries(m, "critical_errors", "critical errors"):
            c = self.fields(value, loc, f"critical error '{ident}'", CRITICAL_ERROR_KEYS,
                            ("label",))
            if c is not None:
                missing = self.ids(c, "missing", "action", f"critical error '{ident}'")
                out[ident] = CriticalError(ident, self.text(c, "label"), self.text(c, "why"),
                                           missing, c.loc)
        return out

    def walkthroughs(self, doc: Map) -> tuple[Walkthrough, ...]:
        out = []
        for value, loc in self.items(doc, "walkthroughs"):
            w = self.fields(value, loc, "a walkthrough", WALKTHROUGH_KEYS,
                            ("name", "choices", "ending"))
            if w is None:
                continue
            name = self.string(w, "name")
            where = f"walkthrough '{shown(name)}'"
            ending = self.ident(w, "ending")
            if ending:
                self.refer("ending", ending, w.value_locs["ending"], where)
            passed = self.boolean(w, "passed", True) if "passed" in w else None
            out.append(Walkthrough(
                name=name, choices=self.ids(w, "choices", "choice", where), ending=ending,
                passed=passed, critical_errors=self.ids(w, "critical_errors", "critical", where),
                scores=frozen_map(self.score_ranges(w)), loc=w.loc))
        return tuple(out)

    def score_ranges(self, w: Map) -> dict[str, tuple[float, float]]:
        out = {}
        names = (*DIMENSIONS, "overall")
        for dim, value, key_loc, value_loc in self.entries(w, "scores", "score ranges"):
            if dim not in names:
                self.error("F005", key_loc,
                           f"unknown score '{shown(dim)}'{self.hint(dim, names)}")
                continue
            if (not isinstance(value, Seq) or len(value) != 2
                    or not all(isinstance(v, int | float) and not isinstance(v, bool)
                               for v in value)
                    or not 0 <= value[0] <= value[1] <= 100):
                self.error("F005", value_loc, f"the range of '{dim}' must be [min, max] "
                           "with 0 <= min <= max <= 100")
                continue
            out[dim] = (float(value[0]), float(value[1]))
        return out

    # -- references ------------------------------------------------------------------------

    def resolve(self, scenario: Scenario) -> None:
        """Check that every name used is defined, suggesting the closest one when not."""
        nodes = dict.fromkeys([*scenario.states, *scenario.endings])  # ordered, quick to search
        choices = {c.id for s in scenario.states.values() for c in s.choices}
        known: dict[str, tuple[Collection[str], str]] = {
            "node": (nodes, "unknown state or ending '{name}' in {where}"),
            "state": (scenario.states, "unknown state '{name}' in {where}"),
            "ending": (scenario.endings, "unknown ending '{name}' in {where}"),
            "meter": (scenario.meters, "unknown meter '{name}' in {where}"),
            "action": (scenario.actions, "unknown action '{name}' in {where}"),
            "critical": (scenario.scoring.critical_errors,
                         "unknown critical error '{name}' in {where}"),
            "choice": (choices, "no state offers a choice '{name}' (in {where})"),
            "flag": (self.flags_set, "flag '{name}' in {where} is never set by any choice"),
        }
        for ref in self.references:
            names, template = known[ref.kind]
            if ref.name not in names:
                message = template.format(name=shown(ref.name), where=ref.where)
                self.error(CODES[ref.kind], ref.loc, message + self.hint(ref.name, names))
