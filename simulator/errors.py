"""The one exception hierarchy, and the diagnostics a scenario author reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Location(NamedTuple):
    """Where something came from: a file, a 1-based line and column.

    A named tuple rather than a dataclass: the loader makes one for every YAML value, and
    tuples are made fastest.
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a scenario, printed like a compiler's message."""

    location: Location
    severity: Severity
    message: str
    code: str = ""

    def __str__(self) -> str:
        kind = f"{self.severity}[{self.code}]" if self.code else self.severity
        return f"{self.location}: {kind}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.location.path, "line": self.location.line,
                "col": self.location.col, "severity": self.severity, "code": self.code,
                "message": self.message}


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    import difflib

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """'2 errors, 1 warning' for a collection of diagnostics."""
    items = list(diagnostics)
    errors = sum(d.severity == "error" for d in items)
    warnings = len(items) - errors
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class AgentsimError(Exception):
    """A problem caused by what a user or author gave us: shown without a traceback."""

    exit_code = 1

    def render(self) -> str:
        return f"error: {self}"


class ScenarioError(AgentsimError):
    """A scenario file that cannot be used, with every problem found in it."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def render(self) -> str:
        lines = [str(d) for d in self.diagnostics]
        lines.append(summary(self.diagnostics))
        return "\n".join(lines)


class UsageError(AgentsimError):
    """The command was called wrongly: an unknown scenario, a bad answers file."""

    exit_code = 2


class ChoiceError(AgentsimError):
    """A reply that cannot be chosen now: unknown, not offered here, or the call has ended."""

    exit_code = 2


class SessionError(AgentsimError):
    """A saved session that this version of agentsim cannot read."""


class StoreError(AgentsimError):
    """The records database cannot be opened or used."""


class NotFoundError(AgentsimError):
    """A report asked for a trainee or scenario the records do not have."""


class LrsError(AgentsimError):
    """The learning record store cannot be reached, or did not accept the statements."""


class OutputError(AgentsimError):
    """A file agentsim was asked to write cannot be written: a missing folder, no
    permission, a full disk."""
