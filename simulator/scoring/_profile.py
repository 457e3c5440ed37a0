"""The scoring profile: behaviour points, default weights, grace, pass mark and labels."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import Diagnostic, Location, ScenarioError, did_you_mean
from simulator.scenario import BEHAVIOURS, DIMENSIONS, Map, frozen_map, parse_duration
from simulator.scenario import _yaml as _document

DEFAULT_PATH = Path(__file__).resolve().parent / "default-profile.yaml"
_DURATION_KEYS = ("grace",)


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
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=frozen_map)
    digest: str = ""

    def label(self, lang: str, key: str) -> str:
        table = self.labels.get(lang) or self.labels.get("en") or {}
        return table.get(key) or self.labels.get("en", {}).get(key, key)


_cache: dict[Path, Profile] = {}


def load_profile(path: Path | None = None) -> Profile:
    """Load a profile file (the shipped default when `path` is None); cached per path."""
    path = (path or DEFAULT_PATH).resolve()
    if path not in _cache:
        data = _document.read_bytes(path, str(path))
        _cache[path] = parse_profile(data, str(path))
    return _cache[path]


def parse_profile(data: bytes, name: str) -> Profile:
    """Build a profile from YAML bytes; raise ScenarioError with every problem found."""
    document, problems = _document.parse(data, name)
    reader = _Reader(name, problems)
    profile = reader.profile(document, hashlib.sha256(data).hexdigest())
    if reader.problems or profile is None:
        raise ScenarioError(reader.problems)
    return profile


class _Reader:
    def __init__(self, name: str, problems: list[Diagnostic]) -> None:
        self.name = name
        self.problems = list(problems)

    def error(self, loc: Location, message: str) -> None:
        self.problems.append(Diagnostic(loc, "error", message, "P001"))

    def section(self, m: Map, key: str, allowed: tuple[str, ...]) -> Map:
        value = m.get(key)
        if not isinstance(value, Map):
            self.error(m.value_locs.get(key, m.loc), f"the profile needs a mapping '{key}'")
            return Map(m.loc)
        for name in value:
            if allowed and name not in allowed:
                self.error(value.key_locs[name], f"unknown key '{name}' in '{key}'")
        return value

    def number(self, m: Map, key: str, low: float = 0.0, high: float | None = None,
               signed: bool = False) -> float:
        value: Any = m.get(key)
        loc = m.value_locs.get(key, m.loc)
        if key in _DURATION_KEYS and parse_duration(value) is not None:
            return parse_duration(value) or 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(loc, f"'{key}' must be a number")
            return 0.0
        if not signed and (value < low or (high is not None and value > high)):
            bound = f"between {low:g} and {high:g}" if high is not None else f">= {low:g}"
            self.error(loc, f"'{key}' must be {bound}")
        return float(value)

    def profile(self, document: Any, digest: str) -> Profile | None:
        if not isinstance(document, Map):
            self.error(Location(self.name, 1, 1), "a scoring profile must be a mapping")
            return None
        keys = ("format", "behaviours", "weights", "pass_mark", "speed", "escalation", "labels")
        for key in document:
            if key not in keys:
                self.error(document.key_locs[key], f"unknown key '{key}' in the profile"
                           f"{did_you_mean(key, keys)}")
        if type(document.get("format")) is not int or document["format"] != 1:
            self.error(document.value_locs.get("format", document.loc),
                       "a scoring profile needs 'format: 1'")
        behaviours = self.section(document, "behaviours", BEHAVIOURS)
        weights = self.section(document, "weights", DIMENSIONS)
        speed = self.section(document, "speed", ("grace", "handle_time_share",
                                                 "handle_time_full", "handle_time_zero"))
        escalation = self.section(document, "escalation", ("required", "order", "unnecessary"))
        labels = self.section(document, "labels", ())
        return Profile(
            behaviours=frozen_map({b: self.number(behaviours, b, signed=True)
                                   for b in BEHAVIOURS}),
            weights=frozen_map({d: self.number(weights, d) for d in DIMENSIONS}),
            pass_mark=self.number(document, "pass_mark", 0, 100),
            grace=self.number(speed, "grace"),
            handle_time_share=self.number(speed, "handle_time_share", 0, 1),
            handle_time_full=self.number(speed, "handle_time_full", 1),
            handle_time_zero=self.number(speed, "handle_time_zero", 1),
            required_points=self.number(escalation, "required"),
            order_points=self.number(escalation, "order"),
            unnecessary_penalty=self.number(escalation, "unnecessary", 0, 100),
            labels=frozen_map({lang: frozen_map({str(k): str(v) for k, v in table.items()})
                               for lang, table in labels.items() if isinstance(table, Map)}),
            digest=digest,
        )
