"""The scenario layer: the frozen model of a call, read from YAML, checked, and found by id.

Nothing here changes during a call; what changes lives in `simulator.play.Session`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_model": ("Action", "Choice", "CriticalAction", "CriticalError", "Customer", "Ending",
        "Limit", "Meter", "Scenario", "Scoring", "State", "Test", "Text", "Walkthrough",
        "frozen_map", "BEHAVIOURS", "DIMENSIONS", "OUTCOMES", "FALLBACK_LANGUAGE",
        "FORMAT_VERSION"),
    "_loader": ("load_scenario", "compile_scenario", "compile_bytes", "valid_id", "parse_duration"),
    "_yaml": ("Map", "Seq", "parse", "read_bytes", "read_document"),
    "_fields": ("FieldReader",),
    "_catalog": ("Catalog", "Scenarios", "content_dir", "starter"),
    "_schema": ("scenario_schema",),
}
__all__ = [
    "BEHAVIOURS",
    "DIMENSIONS",
    "FALLBACK_LANGUAGE",
    "FORMAT_VERSION",
    "OUTCOMES",
    "Action",
    "Catalog",
    "Choice",
    "CriticalAction",
    "CriticalError",
    "Customer",
    "Ending",
    "FieldReader",
    "Limit",
    "Map",
    "Meter",
    "Scenario",
    "Scenarios",
    "Scoring",
    "Seq",
    "State",
    "Test",
    "Text",
    "Walkthrough",
    "compile_bytes",
    "compile_scenario",
    "content_dir",
    "frozen_map",
    "load_scenario",
    "parse",
    "parse_duration",
    "read_bytes",
    "read_document",
    "scenario_schema",
    "starter",
    "valid_id",
]

if TYPE_CHECKING:
    from simulator.scenario._catalog import Catalog, Scenarios, content_dir, starter
    from simulator.scenario._fields import FieldReader
    from simulator.scenario._loader import (
        compile_bytes,
        compile_scenario,
        load_scenario,
        parse_duration,
        valid_id,
    )
    from simulator.scenario._model import (
        BEHAVIOURS,
        DIMENSIONS,
        FALLBACK_LANGUAGE,
        FORMAT_VERSION,
        OUTCOMES,
        Action,
        Choice,
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
    from simulator.scenario._schema import scenario_schema
    from simulator.scenario._yaml import Map, Seq, parse, read_bytes, read_document
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
