"""Load a scenario file into the frozen model, like a compiler: read, build, resolve.

Every problem is collected, not just the first, and reported with its file, line and column.
This module reads the top level, the customer, the meters and the actions; the states
(`_read_states`) and the scoring (`_read_scoring`) have modules of their own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from simulator.errors import Diagnostic, Location, ScenarioError
from simulator.scenario import _keys as keys
from simulator.scenario import _yaml as _document
from simulator.scenario._fields import parse_duration, valid_id, valid_language
from simulator.scenario._model import (
    DIFFICULTIES,
    FORMAT_VERSION,
    Action,
    Customer,
    Emotion,
    Limit,
    Meter,
    Scenario,
    Text,
    frozen_map,
)
from simulator.scenario._read_conditions import pace
from simulator.scenario._read_scoring import read_scoring, read_walkthroughs
from simulator.scenario._read_states import read_endings, read_states
from simulator.scenario._references import ScenarioReader
from simulator.scenario._yaml import Map, quote

__all__ = ["compile_bytes", "compile_scenario", "load_scenario", "parse_duration", "valid_id"]

MAX_VERSION = 2**31 - 1  # what every records database stores as an integer


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
    reader = ScenarioReader(name, problems)
    scenario = _scenario(reader, document, hashlib.sha256(data).hexdigest())
    if scenario is not None:
        reader.resolve(scenario)
    diagnostics = sorted(reader.problems, key=lambda d: d.location)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return scenario, diagnostics


def _scenario(r: ScenarioReader, document: Any, digest: str) -> Scenario | None:
    top_loc = Location(r.name, 1, 1)
    if document is None:
        r.error("F007", top_loc, "the file is empty: a scenario is a mapping with "
                "'format', 'id', 'title', 'states' and 'endings'")
        return None
    if isinstance(document, Map) and "format" in document:
        found = document["format"]
        if type(found) is not int or not 1 <= found <= FORMAT_VERSION:
            r.error("F006", document.value_locs["format"], f"unsupported format "
                    f"{quote(found)}: this agentsim reads formats 1 to {FORMAT_VERSION}")
            return None
        r.format = found
    doc = r.block(document, top_loc, "the scenario", keys.TOP)
    if doc is None:
        return None
    # "Did you mean" hints go to the first problems found: this order decides which get one.
    states = read_states(r, doc)
    endings = read_endings(r, doc, states)
    start = r.ident(doc, "start")
    if start:
        r.refer("state", start, doc.value_locs["start"], "'start'")
    version = _version(r, doc)
    return Scenario(
        id=r.ident(doc, "id"),
        version=version,
        title=r.text(doc, "title"),
        summary=r.text(doc, "summary"),
        story=r.string(doc, "story"),
        difficulty=r.choice_of(doc, "difficulty", DIFFICULTIES, "medium"),
        languages=_languages(r, doc),
        trainer_note=r.text(doc, "trainer_note"),
        customer=_customer(r, doc),
        shuffle=r.boolean(doc, "shuffle", True),
        emotions=frozen_map(_emotions(r, doc)),
        format=r.format,
        start=start,
        meters=frozen_map(_meters(r, doc)),
        actions=frozen_map(_actions(r, doc)),
        states=frozen_map(states),
        endings=frozen_map(endings),
        scoring=read_scoring(r, doc),
        walkthroughs=read_walkthroughs(r, doc),
        digest=digest,
        loc=top_loc,
    )


def _version(r: ScenarioReader, doc: Map) -> int:
    version = r.optional_number(doc, "version", finite=False)
    if version is None:
        return 1
    if not (version.is_integer() and 1 <= version <= MAX_VERSION):
        upper = f" to {MAX_VERSION:,}" if version.is_integer() and version > 1 else ""
        r.error("F005", doc.value_locs["version"], f"'version' must be a whole number "
                f"from 1{upper}, not {quote(doc['version'])}")
        return 1
    return int(version)


def _languages(r: ScenarioReader, doc: Map) -> tuple[str, ...]:
    out = []
    for item, loc in r.items(doc, "languages"):
        if not isinstance(item, str) or not valid_language(item):
            r.error("F005", loc, f"{quote(item)} is not a language code (use e.g. en, id)")
        else:
            out.append(item)
    return tuple(out) or ("en",)


def _customer(r: ScenarioReader, doc: Map) -> Customer:
    if "customer" not in doc:
        return Customer(name="")
    m = r.block(doc["customer"], doc.value_locs["customer"], "'customer'", keys.CUSTOMER)
    if m is None:
        return Customer(name="")
    return Customer(r.string(m, "name"), r.text(m, "profile"), r.text(m, "mood"))


def _meters(r: ScenarioReader, doc: Map) -> dict[str, Meter]:
    meters = {}
    for ident, value, _key_loc, loc in r.entries(doc, "meters", "meters"):
        m = r.block(value, loc, f"meter '{ident}'", keys.METER)
        if m is None:
            continue
        low, high = r.number(m, "min", 0.0), r.number(m, "max", 100.0)
        if low >= high:
            r.error("F005", m.loc, f"meter '{ident}' has min {low:g} not below max {high:g}")
        start = r.number(m, "start", low)
        if not low <= start <= high:
            r.error("F005", m.value_locs.get("start", m.loc),
                    f"meter '{ident}' starts at {start:g}, outside {low:g}..{high:g}")
        label = r.text(m, "label") or Text.plain(ident)
        meters[ident] = Meter(
            id=ident, label=label, start=start, min=low, max=high, unit=_unit(r, m, ident),
            per_minute=r.number(m, "per_minute", 0.0), shown=r.boolean(m, "shown", True),
            ends=_limits(r, ident, m), pace=pace(r, m, ident), loc=m.loc)
    return meters


def _unit(r: ScenarioReader, m: Map, meter: str) -> Text:
    """A meter's `unit`: a string after the number; in format 2, text in each language that
    may place the number itself (`{value}`): "Rp {value} juta"."""
    if isinstance(m.get("unit"), Map):
        if r.newer(m.value_locs["unit"], f"the 'unit' of meter '{meter}' in several languages"):
            return Text()
        return r.text(m, "unit")
    return Text.plain(r.string(m, "unit")) if "unit" in m else Text()


def _emotions(r: ScenarioReader, doc: Map) -> dict[str, Emotion]:
    """`emotions` (format 2): emotions beyond the built-in ones, with their labels."""
    out = {}
    for ident, value, _key_loc, loc in r.entries(doc, "emotions", "emotions"):
        m = r.block(value, loc, f"emotion '{ident}'", keys.EMOTION)
        if m is not None:
            out[ident] = Emotion(ident, r.text(m, "label"), m.loc)
    return out


def _limits(r: ScenarioReader, meter: str, m: Map) -> tuple[Limit, ...]:
    limits = []
    where = f"a limit of meter '{meter}'"
    for item, loc in r.items(m, "ends"):
        test = r.comparison(item, loc, where, keys.LIMIT)
        if test is None or not isinstance(item, Map):
            continue
        ending = r.ident(item, "ending")
        if ending:
            r.refer("ending", ending, item.value_locs["ending"], where)
        limits.append(Limit(test[0], test[1], ending, loc))
    return tuple(limits)


def _actions(r: ScenarioReader, doc: Map) -> dict[str, Action]:
    actions = {}
    for ident, value, _key_loc, loc in r.entries(doc, "actions", "actions"):
        m = r.block(value, loc, f"action '{ident}'", keys.ACTION)
        if m is not None:
            actions[ident] = Action(ident, r.text(m, "label"), r.text(m, "party"),
                                    r.text(m, "verb"), m.loc)
    return actions
