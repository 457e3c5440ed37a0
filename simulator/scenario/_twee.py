"""Twee 3 notation (iftechfoundation/twine-specs, twee-3-specification.md): passages with a
header of name, tags and inline JSON metadata, read and written.

Only the notation lives here; what the passages mean to agentsim is `_twee_export` and
`_twee_import`, and SugarCube's markup inside them is `_sugarcube`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import Diagnostic, Location

_HEADER = re.compile(r"^::(?!:)")
# A content line that would read as a header is written with a backslash before it, as
# Twine's own tools do (extwee's Passage.toTwee), and read back without it.
_ESCAPED_HEADER = re.compile(r"^\\(?=::)", re.MULTILINE)
_LOOKS_LIKE_HEADER = re.compile(r"^(?=::)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Passage:
    """One passage: its name, tags, metadata (position, size) and text; `line` is where its
    header is in the file (0 for one not read from a file)."""

    name: str
    text: str = ""
    tags: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0


def escape(name: str) -> str:
    """A name or tag with the header's metacharacters escaped (`[`, `]`, `{`, `}`, `\\`)."""
    return re.sub(r"([\\\[\]{}])", r"\\\1", name)


def unescape(name: str) -> str:
    """The spec's decoding: any escaped character yields the character (`\\q` is `q`)."""
    return re.sub(r"\\(.)", r"\1", name)


def write_twee(passages: Iterable[Passage]) -> str:
    """Passages as Twee 3: each header, its text, and a blank line between passages."""
    out = []
    for passage in passages:
        header = ":: " + escape(passage.name)
        if passage.tags:
            header += " [" + " ".join(escape(tag) for tag in passage.tags) + "]"
        if passage.metadata:
            header += " " + json.dumps(dict(passage.metadata), separators=(",", ":"))
        body = _LOOKS_LIKE_HEADER.sub("\\\\", passage.text.rstrip("\n"))
        out.append(f"{header}\n{body}\n" if body else f"{header}\n")
    return "\n".join(out)


def parse_twee(source: str, path: str) -> tuple[list[Passage], list[Diagnostic]]:
    """The passages of a Twee 3 file, and a warning for each header part that could not be
    read (the spec's advice: warn, drop the part, go on). Text before the first header is
    not part of any passage and is left out."""
    problems: list[Diagnostic] = []
    passages: list[Passage] = []
    header: tuple[str, int] | None = None
    lines: list[str] = []

    def close() -> None:
        if header is not None:
            text = "\n".join(lines).strip("\n")
            passages.append(_passage(header[0], header[1], text, path, problems))

    for number, line in enumerate(source.replace("\r\n", "\n").split("\n"), 1):
        if _HEADER.match(line):
            close()
            header, lines = (line[2:], number), []
        else:
            lines.append(line)
    close()
    return passages, problems


def _passage(header: str, line: int, text: str, path: str,
             problems: list[Diagnostic]) -> Passage:
    """One passage from its header (without `::`) and its text."""
    name, rest = _until_unescaped(header, "[{")
    tags: tuple[str, ...] = ()
    if rest.startswith("["):
        inside, rest = _until_unescaped(rest[1:], "]")
        if rest.startswith("]"):
            tags = tuple(unescape(tag) for tag in inside.split())
            rest = rest[1:]
        else:
            problems.append(_warning(path, line, "the tag block has no closing ']': "
                                     "its tags are left out"))
            rest = ""
    metadata: dict[str, Any] = {}
    rest = rest.strip()
    if rest:
        try:
            found = json.loads(rest)
            if not isinstance(found, dict):
                raise ValueError("not an object")
            metadata = found
        except ValueError:
            problems.append(_warning(path, line, "the passage's metadata is not a JSON "
                                     "object: it is left out"))
    return Passage(unescape(name.strip()), _ESCAPED_HEADER.sub("", text), tags, metadata,
                   line)


def _until_unescaped(text: str, stops: str) -> tuple[str, str]:
    """`text` split before the first unescaped character of `stops`."""
    index = 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in stops:
            return text[:index], text[index:]
        index += 1
    return text, ""


def _warning(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(Location(path, line, 1), "warning", message)
