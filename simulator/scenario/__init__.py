"""The scenario layer: the frozen model of a call, read from YAML, checked, and found by id.

Nothing here changes during a call; what changes lives in `simulator.play.Session`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_model": ("ALWAYS", "Action", "Choice", "Condition", "CriticalAction", "CriticalError",
        "Customer", "Emotion", "Ending", "Limit", "Mark", "Meter", "Pace", "Scenario", "Scoring",
        "Silence", "State", "Target", "Test", "Text", "Variant", "Walkthrough", "frozen_map",
        "pick", "BEHAVIOURS", "POSITIVE_BEHAVIOURS", "NEGATIVE_BEHAVIOURS", "DIMENSIONS",
        "OUTCOMES", "EMOTIONS", "MARK_KINDS", "SEVERITIES", "FALLBACK_LANGUAGE",
        "FORMAT_VERSION", "WORDS_PER_MINUTE"),
    "_loader": ("load_scenario", "compile_scenario", "compile_bytes", "valid_id", "parse_duration"),
    "_yaml": ("Map", "Seq", "parse", "read_bytes", "read_document"),
    "_fields": ("FieldReader",),
    "_catalog": ("Catalog", "Scenarios", "content_dir", "starter"),
    "_schema": ("scenario_schema",),
    "_text": ("speaking_time", "fill", "meter_text"),
    "_dump": ("scenario_data", "scenario_yaml"),
    "_twee_export": ("to_twee",),
    "_twee_import": ("Imported", "from_twee"),
}
__all__ = [
    "ALWAYS",
    "BEHAVIOURS",
    "DIMENSIONS",
    "EMOTIONS",
    "FALLBACK_LANGUAGE",
    "FORMAT_VERSION",
    "MARK_KINDS",
    "NEGATIVE_BEHAVIOURS",
    "OUTCOMES",
    "POSITIVE_BEHAVIOURS",
    "SEVERITIES",
    "WORDS_PER_MINUTE",
    "Action",
    "Catalog",
    "Choice",
    "Condition",
    "CriticalAction",
    "CriticalError",
    "Customer",
    "Emotion",
    "Ending",
    "FieldReader",
    "Imported",
    "Limit",
    "Map",
    "Mark",
    "Meter",
    "Pace",
    "Scenario",
    "Scenarios",
    "Scoring",
    "Seq",
    "Silence",
    "State",
    "Target",
    "Test",
    "Text",
    "Variant",
    "Walkthrough",
    "compile_bytes",
    "compile_scenario",
    "content_dir",
    "fill",
    "from_twee",
    "frozen_map",
    "load_scenario",
    "meter_text",
    "parse",
    "parse_duration",
    "pick",
    "read_bytes",
    "read_document",
    "scenario_data",
    "scenario_schema",
    "scenario_yaml",
    "speaking_time",
    "starter",
    "to_twee",
    "valid_id",
]

if TYPE_CHECKING:
    from simulator.scenario._catalog import Catalog, Scenarios, content_dir, starter
    from simulator.scenario._dump import scenario_data, scenario_yaml
    from simulator.scenario._fields import FieldReader
    from simulator.scenario._loader import (
        compile_bytes,
        compile_scenario,
        load_scenario,
        parse_duration,
        valid_id,
    )
    from simulator.scenario._model import (
        ALWAYS,
        BEHAVIOURS,
        DIMENSIONS,
        EMOTIONS,
        FALLBACK_LANGUAGE,
        FORMAT_VERSION,
        MARK_KINDS,
        NEGATIVE_BEHAVIOURS,
        OUTCOMES,
        POSITIVE_BEHAVIOURS,
        SEVERITIES,
        WORDS_PER_MINUTE,
        Action,
        Choice,
        Condition,
        CriticalAction,
        CriticalError,
        Customer,
        Emotion,
        Ending,
        Limit,
        Mark,
        Meter,
        Pace,
        Scenario,
        Scoring,
        Silence,
        State,
        Target,
        Test,
        Text,
        Variant,
        Walkthrough,
        frozen_map,
        pick,
    )
    from simulator.scenario._schema import scenario_schema
    from simulator.scenario._text import fill, meter_text, speaking_time
    from simulator.scenario._twee_export import to_twee
    from simulator.scenario._twee_import import Imported, from_twee
    from simulator.scenario._yaml import Map, Seq, parse, read_bytes, read_document
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
