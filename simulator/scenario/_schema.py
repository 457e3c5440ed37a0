"""A JSON Schema of the scenario format, built from the format's one list of keys and the
one list of what each key means (`meanings.yaml`, which docs/scenario-format.md copies).

Editors use it for completion, inline checks and a description on hover; `agentsim
validate` remains the judge (the schema cannot see references, reachability or scoring).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from simulator.scenario import _keys as keys
from simulator.scenario._keys import Block
from simulator.scenario._model import (
    BEHAVIOURS,
    COMPARISONS,
    DIFFICULTIES,
    DIMENSIONS,
    FORMAT_VERSION,
    MARK_KINDS,
    OUTCOMES,
    SEVERITIES,
)

# Stable and never fetched: the schema travels with agentsim (`agentsim schema`), and the
# project's web address is still a placeholder.
SCHEMA_ID = "urn:agentsim:schema:scenario"
MEANINGS = Path(__file__).with_name("meanings.yaml")

ID = {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,63}$"}
IDS = {"type": "array", "items": {"$ref": "#/$defs/id"}}
NUMBER = {"type": "number"}
# One type, so an editor says what is wrong with `takes: fast` (the pattern) rather than
# "expected integer", as it did while a duration was a `oneOf`. `minimum` and `maximum`
# apply to integers, `pattern` to strings (JSON Schema applies each to its own type).
DURATION = {"type": ["integer", "string"], "minimum": 0, "maximum": 86_400,
            "pattern": r"^\s*(\d{1,12}m\s*(\d{1,12}s)?|\d{1,12}s)\s*$",
            "description": "A duration: whole seconds (20) or minutes and seconds as a string "
                           "(\"20s\", \"2m\", \"1m30s\"); at most a day."}
TEXT = {"oneOf": [{"type": "string"},
                  {"type": "object", "propertyNames": {"pattern": "^[a-z]{2,3}$"},
                   "additionalProperties": {"type": "string"}}]}


@cache
def meanings() -> dict[str, dict[str, str]]:
    """What each key means, by block name and key (Markdown, as the docs' tables show it)."""
    found: dict[str, dict[str, str]] = yaml.safe_load(MEANINGS.read_text(encoding="utf-8"))
    return found


def plain(markdown: str) -> str:
    """A meaning as plain text: links become their words, code and emphasis lose their marks."""
    text = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", markdown)
    return text.replace("*(format 2)*", "(format 2)").replace("`", "")


def _object(names: tuple[str, ...], properties: dict[str, Any], required: tuple[str, ...] = (),
            meaning: str = "") -> dict[str, Any]:
    """An object of exactly these keys, each described by the meanings of `meaning`."""
    assert set(properties) == set(names), set(names) ^ set(properties)
    described = {}
    for name, value in properties.items():
        markdown = meanings()[meaning][name]
        described[name] = {**value, "description": plain(markdown)}
    return {"type": "object", "properties": described, "required": list(required),
            "additionalProperties": False}


def _block(block: Block, properties: dict[str, Any]) -> dict[str, Any]:
    """The object of one block of the format: exactly its keys, its required ones required,
    each with what it means."""
    return _object(block.allowed(), properties, block.required(), block.name)


def _map_of(value: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": value}


def _test(block: Block, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """`{at_most: N}` and its kin: exactly one comparison (plus `extra` keys)."""
    extra = extra or {}
    test = _block(block, {**dict.fromkeys(COMPARISONS, NUMBER), **extra})
    return {**test, "minProperties": 1 + len(extra), "maxProperties": 1 + len(extra)}


def _conditions(ref: dict[str, Any]) -> dict[str, Any]:
    """The condition keys of a variant, a target or a pace."""
    return {"requires": ref["ids"], "unless": ref["ids"], "when": _map_of(_test(keys.TEST))}


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the scenario format, versions 1 and 2 (a key of
    format 2 in a format-1 file is left to `agentsim validate`)."""
    ref = {name: {"$ref": f"#/$defs/{name}"} for name in
           ("id", "ids", "text", "duration", "choice", "state", "meter", "action", "ending",
            "scoring", "walkthrough", "customer")}
    conditions = _conditions(ref)
    target = _block(keys.TARGET, {**conditions, "to": ref["id"]})
    choice = _block(keys.CHOICE, {
        "id": ref["id"], "text": ref["text"],
        "next": {"oneOf": [ref["id"], {"type": "array", "items": target, "minItems": 1}]},
        "takes": ref["duration"], "extra": ref["duration"],
        "requires": ref["ids"], "unless": ref["ids"],
        "when": _map_of(_test(keys.TEST)), "set": ref["ids"], "clear": ref["ids"],
        "change": _map_of(NUMBER), "actions": ref["ids"],
        "behaviours": {"type": "array", "items": {"enum": list(BEHAVIOURS)}},
        "critical": {"oneOf": [ref["id"], ref["ids"]]}, "feedback": ref["text"],
        "accuracy": {"type": "array", "items": _block(keys.MARK, {
            "kind": {"enum": list(MARK_KINDS)}, "severity": {"enum": list(SEVERITIES)},
            "why": ref["text"]})},
    })
    state = _block(keys.STATE, {
        "customer": ref["text"], "narration": ref["text"], "emotion": ref["id"],
        "variants": {"type": "array", "items": _block(keys.STATE_VARIANT, {
            **conditions, "after": ref["ids"], "customer": ref["text"],
            "narration": ref["text"]})},
        "silence": _block(keys.SILENCE, {
            "after": ref["duration"], "customer": ref["text"], "narration": ref["text"],
            "change": _map_of(NUMBER), "next": ref["id"]}),
        "choices": {"type": "array", "items": ref["choice"], "minItems": 1},
    })
    meter = _block(keys.METER, {
        "label": ref["text"], "start": NUMBER, "min": NUMBER, "max": NUMBER,
        "unit": ref["text"], "per_minute": NUMBER, "shown": {"type": "boolean"},
        "pace": {"type": "array", "items": _block(keys.PACE, {
            **conditions, "in": ref["ids"], "per_minute": NUMBER})},
        "ends": {"type": "array", "items": _test(keys.LIMIT, {"ending": ref["id"]})},
    })
    ending = _block(keys.ENDING, {
        "outcome": {"enum": list(OUTCOMES)}, "success": {"type": "boolean"},
        "text": ref["text"],
        "variants": {"type": "array", "items": _block(keys.ENDING_VARIANT, {
            **conditions, "after": ref["ids"], "text": ref["text"]})},
    })
    escalations = _block(keys.ESCALATIONS, {
        "required": ref["ids"], "unnecessary": ref["ids"],
        "order": {"type": "array", "items": {"type": "array", "items": ref["id"],
                                             "minItems": 2, "maxItems": 2}},
    })
    critical_error = _block(keys.CRITICAL_ERROR, {
        "label": ref["text"], "why": ref["text"], "missing": ref["ids"]})
    scoring = _block(keys.SCORING, {
        "weights": _object(DIMENSIONS, {d: {"type": "number", "minimum": 0}
                                        for d in DIMENSIONS}, meaning="weights"),
        "pass_mark": {"type": "number", "minimum": 0, "maximum": 100},
        "critical_actions": _map_of(_block(keys.CRITICAL_ACTION, {
            "grace": ref["duration"], "deadline": ref["duration"]})),
        "escalations": escalations,
        "critical_errors": _map_of(critical_error),
    })
    score_range = {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100},
                   "minItems": 2, "maxItems": 2}
    walkthrough = _block(keys.WALKTHROUGH, {
        "name": {"type": "string"}, "choices": ref["ids"], "ending": ref["id"],
        "passed": {"type": "boolean"}, "critical_errors": ref["ids"],
        "scores": _object((*DIMENSIONS, "overall"),
                          dict.fromkeys((*DIMENSIONS, "overall"), score_range),
                          meaning="scores"),
    })
    customer = _block(keys.CUSTOMER, {
        "name": {"type": "string"}, "profile": ref["text"], "mood": ref["text"]})
    top = _block(keys.TOP, {
        "format": {"enum": list(range(1, FORMAT_VERSION + 1))}, "id": ref["id"],
        "version": {"type": "integer"},
        "title": ref["text"], "summary": ref["text"], "story": {"type": "string"},
        "difficulty": {"enum": list(DIFFICULTIES)},
        "languages": {"type": "array", "items": {"type": "string",
                                                 "pattern": "^[a-z]{2,3}$"}},
        "trainer_note": ref["text"], "customer": ref["customer"],
        "shuffle": {"type": "boolean"}, "start": ref["id"],
        "emotions": _map_of(_block(keys.EMOTION, {"label": ref["text"]})),
        "meters": _map_of(ref["meter"]), "actions": _map_of(ref["action"]),
        "states": {**_map_of(ref["state"]), "minProperties": 1},
        "endings": {**_map_of(ref["ending"]), "minProperties": 1},
        "scoring": ref["scoring"],
        "walkthroughs": {"type": "array", "items": ref["walkthrough"]},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "agentsim scenario, formats 1 and 2",
        "description": "A contact-centre call as a state machine. See docs/scenario-format.md.",
        **top,
        "$defs": {
            "id": ID, "ids": IDS, "text": TEXT, "duration": DURATION, "choice": choice,
            "state": state, "meter": meter, "ending": ending, "scoring": scoring,
            "walkthrough": walkthrough, "customer": customer,
            "action": _block(keys.ACTION, {"label": ref["text"], "party": ref["text"],
                                           "verb": ref["text"]}),
        },
    }
