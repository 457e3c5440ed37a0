"""Names a scenario uses before it defines them: recorded while reading, checked once built.

Like a compiler's second pass: a choice may name a state further down the file, so every
name is checked against the finished scenario, with the closest defined name as a hint.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from simulator.errors import Diagnostic, Location
from simulator.scenario._fields import FieldReader
from simulator.scenario._keys import Block
from simulator.scenario._model import EMOTIONS, Scenario
from simulator.scenario._yaml import Map, shown

# The code of each kind of unresolved name (see docs/diagnostics/).
CODES = {"node": "R001", "state": "R001", "ending": "R001", "meter": "R002", "action": "R003",
         "critical": "R004", "flag": "R005", "choice": "R006", "emotion": "R008"}


@dataclass(frozen=True, slots=True)
class Reference:
    """A name used somewhere that must be defined elsewhere; checked after building."""

    kind: str
    name: str
    loc: Location
    where: str


class ScenarioReader(FieldReader):
    """A field reader for one scenario file that also records every name the file uses."""

    def __init__(self, name: str, problems: Collection[Diagnostic] = ()) -> None:
        super().__init__(list(problems))
        self.name = name
        self.references: list[Reference] = []
        self.flags_set: set[str] = set()
        self.format = 1

    def block(self, value: Any, loc: Location, what: str, block: Block) -> Map | None:
        """fields() with the keys the file's format allows in one block; a key of a newer
        format says which format it needs."""
        if isinstance(value, Map):
            for key in value:
                since = block.since(key)
                if since is not None and since > self.format:
                    self.error("F009", value.key_locs[key], f"'{key}' in {what} needs format "
                               f"{since}: write 'format: {since}' at the top of the file")
        allowed = list(block.allowed(self.format))
        allowed += [k.name for k in block.keys if k.since > self.format]  # reported above
        return self.fields(value, loc, what, allowed, block.required(self.format))

    def newer(self, loc: Location, what: str, since: int = 2) -> bool:
        """Report `what` (a shape of value) as needing a newer format; True if it does."""
        if self.format >= since:
            return False
        self.error("F009", loc, f"{what} needs format {since}: write 'format: {since}' at the "
                   "top of the file")
        return True

    def refer(self, kind: str, name: str, loc: Location, where: str) -> None:
        """Record that `where` uses `name`, which must be defined as a `kind`."""
        self.references.append(Reference(kind, name, loc, where))

    def id_list(self, m: Map, key: str, kind: str | None, where: str) -> tuple[str, ...]:
        """A list of ids; each is recorded as a name of `kind` when one is given."""
        found = self.ids(m, key)
        if not found:
            return ()
        if kind is not None:
            self.references.extend(Reference(kind, name, loc, where) for name, loc in found)
        return tuple(name for name, _loc in found)

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
            "emotion": ({*EMOTIONS, *scenario.emotions},
                        "unknown emotion '{name}' in {where}: declare it under 'emotions' "
                        "with its label in each language"),
        }
        for ref in self.references:
            names, template = known[ref.kind]
            if ref.name not in names:
                message = template.format(name=shown(ref.name), where=ref.where)
                self.error(CODES[ref.kind], ref.loc, message + self.hint(ref.name, names))
