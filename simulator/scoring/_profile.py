"""The scoring profile: behaviour points, default weights, grace, pass mark, what a wrong or
unsafe reply and an ending that is not a success cost, and optional labels."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import Diagnostic, Location, ScenarioError
from simulator.scenario import (
    BEHAVIOURS,
    DIMENSIONS,
    OUTCOMES,
    SEVERITIES,
    FieldReader,
    Map,
    frozen_map,
    read_bytes,
)
from simulator.scenario import parse as parse_yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "default-profile.yaml"
_WHAT = "a scoring profile"  # how the YAML reader's messages name the file
# `escalation` is the name profiles used before the block took the scenario's word,
# `escalations`; both are read.
_KEYS = ("format", "behaviours", "weights", "pass_mark", "speed", "escalations", "escalation",
         "accuracy", "endings", "labels")
# A profile written before accuracy and endings counted gets these (the default profile's).
ACCURACY_POINTS = {"minor": 20.0, "major": 40.0, "severe": 70.0}
ENDING_POINTS = {"partial": 30.0, "failed": 50.0, "harmed": 70.0}
_SPEED = ("grace", "handle_time_share", "handle_time_full", "handle_time_zero")
_ESCALATION = ("required", "order", "unnecessary")


@dataclass(frozen=True, slots=True)
class Profile:
    """How points are counted; shared by every scenario scored with it."""

    behaviours: Mapping[str, float]
    weights: Mapping[str, float]
    pass_mark: float
    grace: float
    handle_time_share: float
    handle_time_full: float
    handle_time_zero: float
    required_points: float
    order_points: float
    unnecessary_penalty: float
    accuracy: Mapping[str, float] = field(default_factory=lambda: frozen_map(ACCURACY_POINTS))
    endings: Mapping[str, float] = field(default_factory=lambda: frozen_map(ENDING_POINTS))
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=frozen_map)
    digest: str = ""


_cache: dict[Path, Profile] = {}


def load_profile(path: Path | None = None) -> Profile:
    """Load a profile file (the shipped default when `path` is None); cached per path."""
    path = (path or DEFAULT_PATH).resolve()
    if path not in _cache:
        data = read_bytes(path, str(path), _WHAT)
        _cache[path] = parse_profile(data, str(path))
    return _cache[path]


def parse_profile(data: bytes, name: str) -> Profile:
    """Build a profile from YAML bytes; raise ScenarioError with every problem found."""
    document, problems = parse_yaml(data, name, _WHAT)
    reader = _Reader(problems)
    profile = reader.profile(document, Location(name, 1, 1), hashlib.sha256(data).hexdigest())
    if reader.problems or profile is None:
        raise ScenarioError(reader.problems)
    return profile


class _Reader(FieldReader):
    """Reads a profile with the shared field readers; every problem it finds is a P001.

    A profile's numbers are all required, and a missing or mistyped one reads "'x' must be
    a number", as docs/diagnostics/P001.md shows.
    """

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__(problems, code="P001")

    def wrong_kind(self, key: str, wanted: str, value: Any) -> str:
        return f"'{key}' must be {wanted}"

    def section(self, m: Map, key: str, allowed: Collection[str]) -> Map | None:
        """A mapping the profile must have, with only the `allowed` keys (any, when empty)."""
        value = m.get(key)
        if not isinstance(value, Map):
            self.error("P001", m.value_locs.get(key, m.loc), f"the profile needs a mapping '{key}'")
            return None
        return self.fields(value, value.loc, f"'{key}'", allowed) if allowed else value

    def amount(self, m: Map | None, key: str, low: float | None = 0.0,
               high: float | None = None) -> float:
        """A finite number the profile must give, from `low` to `high` unless `low` is None;
        0 when it cannot be read (the problem is reported)."""
        if m is None:
            return 0.0  # the missing section is reported already
        if m.get(key) is None:
            self.error("P001", m.value_locs.get(key, m.loc), self.wrong_kind(key, "a number", None))
            return 0.0
        found = self.optional_number(m, key) if low is None else self.between(m, key, low, high)
        return found or 0.0

    def grace(self, speed: Map | None) -> float:
        """The default grace: a duration ("30s"), or a number of seconds."""
        if speed is not None and isinstance(speed.get("grace"), str):
            return self.duration(speed["grace"], speed.value_locs["grace"], "grace") or 0.0
        return self.amount(speed, "grace")

    def weights(self, m: Map | None) -> dict[str, float]:
        """The default weights: at least one above 0, or every overall score would be 0."""
        before = len(self.problems)
        # A profile written before accuracy counted weighs it like the others.
        weights = {d: 1.0 if d == "accuracy" and m is not None and d not in m
                   else self.amount(m, d) for d in DIMENSIONS}
        if m is not None and len(self.problems) == before and not any(weights.values()):
            self.error("P001", m.loc, "the weights are all 0: at least one must be above 0, "
                       "or every overall score is 0")
        return weights

    def points(self, doc: Map, key: str, names: tuple[str, ...],
               default: Mapping[str, float]) -> dict[str, float]:
        """An optional section of points from 0 to 100 by name (defaults where it is absent)."""
        if key not in doc:
            return dict(default)
        section = self.section(doc, key, names)
        return {name: self.amount(section, name, 0, 100) for name in names}

    def endings(self, doc: Map) -> dict[str, float]:
        """What an ending that is not a success costs: harmed more than partial."""
        before = len(self.problems)
        costs = self.points(doc, "endings", tuple(o for o in OUTCOMES if o != "safe"),
                            ENDING_POINTS)
        if len(self.problems) == before and not costs["partial"] < costs["harmed"]:
            self.error("P001", doc.value_locs.get("endings", doc.loc),
                       "'harmed' must cost more than 'partial': a call where the customer "
                       "came to harm cannot score as well as one that was half done")
        return costs

    def profile(self, document: Any, loc: Location, digest: str) -> Profile | None:
        doc = self.fields(document, loc, "the profile", _KEYS)
        if doc is None:
            return None
        if type(doc.get("format")) is not int or doc["format"] != 1:
            self.error("P001", doc.value_locs.get("format", doc.loc),
                       "a scoring profile needs 'format: 1'")
        behaviours = self.section(doc, "behaviours", BEHAVIOURS)
        weights = self.section(doc, "weights", DIMENSIONS)
        speed = self.section(doc, "speed", _SPEED)
        block = "escalation" if "escalation" in doc and "escalations" not in doc else "escalations"
        escalation = self.section(doc, block, _ESCALATION)
        # Optional: a dimension's name per language, in place of the word files' own.
        labels = (self.section(doc, "labels", ()) if "labels" in doc else None) or Map(doc.loc)
        return Profile(
            behaviours=frozen_map({b: self.amount(behaviours, b, low=None) for b in BEHAVIOURS}),
            weights=frozen_map(self.weights(weights)),
            pass_mark=self.amount(doc, "pass_mark", 0, 100),
            grace=self.grace(speed),
            handle_time_share=self.amount(speed, "handle_time_share", 0, 1),
            handle_time_full=self.amount(speed, "handle_time_full", 1),
            handle_time_zero=self.amount(speed, "handle_time_zero", 1),
            required_points=self.amount(escalation, "required"),
            order_points=self.amount(escalation, "order"),
            unnecessary_penalty=self.amount(escalation, "unnecessary", 0, 100),
            accuracy=frozen_map(self.points(doc, "accuracy", SEVERITIES, ACCURACY_POINTS)),
            endings=frozen_map(self.endings(doc)),
            labels=frozen_map({lang: frozen_map({str(k): str(v) for k, v in table.items()})
                               for lang, table in labels.items() if isinstance(table, Map)}),
            digest=digest,
        )
