"""Read YAML safely into plain data that remembers where each value came from.

We build values straight from the parser's event stream instead of calling `yaml.load`: a
single pass with no recursion, so deep nesting cannot exhaust the stack, and anchors,
aliases and tags are refused before any alias could be expanded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from simulator.errors import Diagnostic, Location, ScenarioError

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_ENTRIES = 10_000  # keys in one mapping or items in one list; a real scenario has far fewer
MAX_KEY = 1024  # characters: YAML's limit on a key written without `? `
MAX_SHOWN = 60  # characters of an author's value or key a message repeats
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks, as YAML counts them

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = Resolver()
_constructor = SafeConstructor()
_BOOL = "tag:yaml.org,2002:bool"
# The first characters that can start an implicitly typed scalar (null, bool, int, ...).
_IMPLICIT_FIRST = {*Resolver.yaml_implicit_resolvers, ""}
_SCALAR_TYPES = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
}


class Map(dict[str, Any]):
    """A YAML mapping with the location of the mapping, of each key and of each value."""

    __slots__ = ("key_locs", "loc", "value_locs")

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Location] = {}
        self.value_locs: dict[str, Location] = {}


class Seq(list[Any]):
    """A YAML sequence with the location of the sequence and of each item."""

    __slots__ = ("item_locs", "loc")

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = loc
        self.item_locs: list[Location] = []


def read_bytes(path: Path, name: str, what: str = "a scenario") -> bytes:
    """Read a file of at most MAX_BYTES; raise ScenarioError if it cannot be read.

    `what` names the kind of file in messages: "a scenario", "a scoring profile".
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _fail("Y002", Location(name), f"the file is {size:,} bytes; {what} may be at most "
                  f"{MAX_BYTES:,} bytes")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        _fail("Y001", Location(name), f"cannot read the file: {err.strerror or err}")
    if len(data) > MAX_BYTES:
        _fail("Y002", Location(name), f"the file is larger than {MAX_BYTES:,} bytes")
    return data


def parse(data: bytes, name: str, what: str = "a scenario") -> tuple[Any, list[Diagnostic]]:
    """Parse YAML bytes into Map, Seq and scalars; return the value and non-fatal problems.

    `what` names the kind of file in messages, as for read_bytes().
    """
    text = _decode(data, name)
    builder = _Builder(name, what)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except ReaderError as err:  # a character YAML does not allow: no mark
        what = (f"unacceptable character #x{err.character:04x}" if isinstance(err.character, int)
                else "unacceptable character")
        _fail("Y004", _offset_location(name, text, err.position),
              f"invalid YAML: {what}: {err.reason}")
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = err.problem or err.context or "invalid YAML"
        if mark is not None and mark.column > MAX_KEY and "mapping values" in message:
            message += f" (a key may be at most {MAX_KEY} characters)"
        _fail("Y004", _location(name, mark), f"invalid YAML: {message}")
    except yaml.YAMLError as err:
        _fail("Y004", Location(name), f"invalid YAML: {err}")
    return builder.result, builder.problems


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        _fail("Y003", Location(name, line, col), "the file is not valid UTF-8 text")


def shown(text: str) -> str:
    """An author's key or id as a one-line message repeats it: escaped and shortened."""
    if text.isprintable() and len(text) <= MAX_SHOWN:
        return text
    escaped = repr(text[:MAX_SHOWN])[1:-1]
    return escaped + (f"... ({len(text):,} characters)" if len(text) > MAX_SHOWN else "")


def quote(value: Any) -> str:
    """An author's value as a message shows it: like repr(), but one short line."""
    if isinstance(value, str):
        return f"'{shown(value)}'"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "..."


def _offset_location(name: str, text: str, position: int) -> Location:
    """The line and column of a reader error, which gives only an offset into the text."""
    if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    before = text[:position]
    breaks = list(_BREAKS.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Location(name, len(breaks) + 1, position - start + 1)


def _location(name: str, mark: Any) -> Location:
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


def _fail(code: str, loc: Location, message: str) -> NoReturn:
    raise ScenarioError([Diagnostic(loc, "error", message, code)])


def _too_many(loc: Location, what: str) -> NoReturn:
    _fail("Y002", loc, f"a mapping or list holds more than {MAX_ENTRIES:,} entries; "
          f"{what}'s hold at most {MAX_ENTRIES:,}")


class _Builder:
    """Turns parser events into located values, one event at a time."""

    def __init__(self, name: str, what: str) -> None:
        self.name = name
        self.what = what
        self.result: Any = None
        self.problems: list[Diagnostic] = []
        self._stack: list[Map | Seq] = []
        self._keys: list[tuple[str, Location] | None] = []
        self._documents = 0

    def feed(self, event: yaml.Event) -> None:
        if type(event) is yaml.ScalarEvent:  # by far the most common: straight through
            if event.anchor is not None or event.tag is not None:
                self._check_node(event)
            self._add(self._scalar(event), event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self._documents += 1
            if self._documents > 1:
                _fail("Y005", self._loc(event),
                      f"{self.what} file holds one YAML document; found a second")
        elif isinstance(event, yaml.AliasEvent):
            _fail("Y006", self._loc(event),
                  f"aliases (*{event.anchor}) are not allowed in {self.what}")
        elif isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent
                        | yaml.SequenceStartEvent):
            self._check_node(event)
            if isinstance(event, yaml.ScalarEvent):
                self._add(self._scalar(event), event)
            else:
                self._open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            done = self._stack.pop()
            self._keys.pop()
            self._attach(done, done.loc)

    def _loc(self, event: yaml.Event) -> Location:
        return _location(self.name, event.start_mark)

    def _check_node(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            _fail("Y006", self._loc(event),
                  f"anchors (&{event.anchor}) are not allowed in {self.what}")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            _fail("Y007", self._loc(event), f"tags ({shown}) are not allowed in {self.what}")

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        if not event.implicit[0]:
            return event.value  # quoted or block scalars are always strings
        if event.value[:1] not in _IMPLICIT_FIRST:
            return event.value  # no implicit type starts with this character: a word
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _BOOL and event.value.lower() not in ("true", "false"):
            return event.value  # YAML 1.2 booleans only: `no` and `on` stay words
        construct = _SCALAR_TYPES.get(tag)
        if construct is None:
            return event.value
        try:
            return construct(yaml.ScalarNode(tag, event.value))
        except ValueError:  # `0x_`, or more digits than Python converts: a word, as in YAML 1.2
            return event.value

    def _open(self, event: yaml.NodeEvent) -> None:
        loc = self._loc(event)
        if len(self._stack) >= MAX_DEPTH:
            _fail("Y008", loc, f"the document is nested more than {MAX_DEPTH} levels deep")
        if self._stack and isinstance(self._stack[-1], Map) and self._keys[-1] is None:
            _fail("Y009", loc, "mapping keys must be plain strings")
        container: Map | Seq = Map(loc) if isinstance(event, yaml.MappingStartEvent) else Seq(loc)
        self._stack.append(container)
        self._keys.append(None)

    def _add(self, value: Any, event: yaml.ScalarEvent) -> None:
        loc = self._loc(event)
        top = self._stack[-1] if self._stack else None
        if isinstance(top, Map) and self._keys[-1] is None:
            self._keys[-1] = (event.value, loc)  # keys stay strings: `no:` is not False
            return
        self._attach(value, loc)

    def _attach(self, value: Any, loc: Location) -> None:
        if not self._stack:
            self.result = value
            return
        top = self._stack[-1]
        if isinstance(top, Seq):
            if len(top) >= MAX_ENTRIES:
                _too_many(loc, self.what)
            top.append(value)
            top.item_locs.append(loc)
            return
        pending = self._keys[-1]
        assert pending is not None
        key, key_loc = pending
        self._keys[-1] = None
        if len(top) >= MAX_ENTRIES or len(self.problems) >= MAX_ENTRIES:  # or duplicates
            _too_many(key_loc, self.what)
        if key in top:
            first = top.key_locs[key]
            self.problems.append(Diagnostic(
                key_loc, "error",
                f"duplicate key '{shown(key)}' (first defined at line {first.line})",
                "Y010"))
            return
        top[key] = value
        top.key_locs[key] = key_loc
        top.value_locs[key] = loc


def read_document(path: Path, what: str) -> Map:
    """A small YAML file of ours (a word file, say) as located data; raise on any problem.

    `what` names the file in the message ("a word file").
    """
    document, problems = parse(read_bytes(path, str(path), what), str(path), what)
    if problems or not isinstance(document, Map):
        raise ScenarioError(problems or [Diagnostic(Location(str(path), 1, 1), "error",
                                                    f"{what} must be a mapping", "Y004")])
    return document
