"""Write a scenario back as the format's plain data and as YAML: the loader's inverse.

Loading what `scenario_data` gives back yields the same model (locations and the digest
aside): every value the model holds is written, and only defaults the loader would fill in
the same way are left out (a format-2 reply's spoken `takes`, an ending's usual `success`).
The Twee export builds on it, and its import ends in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from simulator.scenario._model import (
    Choice,
    Condition,
    Ending,
    Meter,
    Scenario,
    Scoring,
    Silence,
    State,
    Test,
    Text,
    Variant,
    Walkthrough,
)
from simulator.scenario._read_states import DEFAULT_TAKES
from simulator.scenario._text import speaking_time

Data = dict[str, Any]


def scenario_data(scenario: Scenario) -> Data:
    """The scenario as the mappings and lists of its YAML file, keys in the docs' order."""
    doc: Data = {"format": scenario.format, "id": scenario.id, "version": scenario.version,
                 "title": text(scenario.title), "summary": text(scenario.summary)}
    _put(doc, "story", scenario.story or None)
    doc["difficulty"] = scenario.difficulty
    doc["languages"] = list(scenario.languages)
    _put(doc, "trainer_note", text(scenario.trainer_note))
    customer: Data = {"name": scenario.customer.name}
    _put(customer, "profile", text(scenario.customer.profile))
    _put(customer, "mood", text(scenario.customer.mood))
    doc["customer"] = customer
    doc["shuffle"] = scenario.shuffle
    doc["start"] = scenario.start
    _put(doc, "emotions", {e.id: {"label": text(e.label)}
                           for e in scenario.emotions.values()})
    _put(doc, "meters", {m.id: _meter(m, scenario.format) for m in scenario.meters.values()})
    actions = {}
    for action in scenario.actions.values():
        actions[action.id] = entry = {"label": text(action.label)}
        _put(entry, "party", text(action.party))
        _put(entry, "verb", text(action.verb))
    _put(doc, "actions", actions)
    doc["states"] = {s.id: _state(s, scenario.format) for s in scenario.states.values()}
    doc["endings"] = {e.id: _ending(e) for e in scenario.endings.values()}
    _put(doc, "scoring", _scoring(scenario.scoring))
    _put(doc, "walkthroughs", [_walkthrough(w) for w in scenario.walkthroughs])
    return doc


def scenario_yaml(data: Data) -> str:
    """Scenario data as YAML the loader reads: short lists and mappings of plain values on
    one line (`languages: [en, id]`), the rest in blocks; no anchors; text as written."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)


class _Dumper(yaml.SafeDumper):
    """A safe dumper that never writes anchors and aliases (a scenario file refuses them)
    and writes a short collection of scalars in flow style, as people write scenarios."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_list(self, data: Any) -> yaml.SequenceNode:
        node = super().represent_list(data)
        node.flow_style = _short(data)
        return node

    def represent_dict(self, data: Any) -> yaml.MappingNode:
        node = super().represent_dict(data)
        node.flow_style = _short(list(data.values()))
        return node


_Dumper.add_representer(list, _Dumper.represent_list)
_Dumper.add_representer(dict, _Dumper.represent_dict)


def _short(values: list[Any]) -> bool:
    """Whether a collection is plain values only, short enough to read on one line."""
    return not any(isinstance(v, list | dict) for v in values) and len(str(values)) < 60


def text(value: Text) -> str | Data | None:
    """Text as the format writes it: a plain string when it is English only, else a mapping
    of language to string; None when it has no language at all."""
    values = dict(value.values)
    if not values:
        return None
    if list(values) == ["en"]:
        return values["en"]
    return values


def duration(seconds: float) -> int | float | str:
    """A whole-second duration as people write it: `45`, `"2m"`, `"1m30s"`."""
    if seconds < 60 or not seconds.is_integer():
        return number(seconds)
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest}s" if rest else f"{minutes}m"


def number(value: float) -> int | float:
    """A whole number as an integer (`9`, not `9.0`), any other as it is."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def condition(rule: Condition) -> Data:
    """The condition keys of a variant, a target or a pace, empty ones left out."""
    out: Data = {}
    _put(out, "in", sorted(rule.within))
    _put(out, "requires", sorted(rule.requires))
    _put(out, "unless", sorted(rule.unless))
    _put(out, "when", tests(rule.when))
    _put(out, "after", sorted(rule.after))
    return out


def tests(found: tuple[Test, ...]) -> Data:
    return {t.meter: {t.comparison: number(t.value)} for t in found}


def default_takes(choice: Choice, format: int) -> float:
    """What the loader makes of a reply with no `takes`."""
    return DEFAULT_TAKES if format < 2 else speaking_time(choice.text) + choice.extra


def choice_data(choice: Choice, format: int) -> Data:
    """One reply as the format writes it."""
    out: Data = {"id": choice.id, "text": text(choice.text)}
    if choice.targets:
        out["next"] = [{**condition(t.condition), "to": t.to} for t in choice.targets]
        out["next"].append({"to": choice.next})
    else:
        out["next"] = choice.next
    if choice.takes != default_takes(choice, format):
        out["takes"] = duration(choice.takes)
    if choice.extra:
        out["extra"] = duration(choice.extra)
    _put(out, "requires", sorted(choice.requires))
    _put(out, "unless", sorted(choice.unless))
    _put(out, "when", tests(choice.when))
    _put(out, "set", sorted(choice.set))
    _put(out, "clear", sorted(choice.clear))
    _put(out, "change", {m: number(v) for m, v in choice.change.items()})
    _put(out, "actions", list(choice.actions))
    _put(out, "behaviours", list(choice.behaviours))
    if len(choice.critical) == 1 and format < 2:
        out["critical"] = choice.critical[0]
    else:
        _put(out, "critical", list(choice.critical))
    marks = []
    for mark in choice.marks:
        marks.append(entry := {"kind": mark.kind, "severity": mark.severity})
        _put(entry, "why", text(mark.why))
    _put(out, "accuracy", marks)
    _put(out, "feedback", text(choice.feedback))
    return out


def _meter(meter: Meter, format: int) -> Data:
    out: Data = {"label": text(meter.label), "start": number(meter.start),
                 "min": number(meter.min), "max": number(meter.max)}
    unit = text(meter.unit)
    if isinstance(unit, dict) and format < 2:  # format 1 has a unit in one language only
        unit = next(iter(unit.values()))
    _put(out, "unit", unit)
    out["per_minute"] = number(meter.per_minute)
    _put(out, "pace", [{**condition(p.condition), "per_minute": number(p.per_minute)}
                       for p in meter.pace])
    out["shown"] = meter.shown
    _put(out, "ends", [{limit.comparison: number(limit.value), "ending": limit.ending}
                       for limit in meter.ends])
    return out


def _variant(variant: Variant, *keys: str) -> Data:
    out = condition(variant.condition)
    for key in keys:
        _put(out, key, text(getattr(variant, key)))
    return out


def _silence(silence: Silence) -> Data:
    out: Data = {"after": duration(silence.after)}
    _put(out, "customer", text(silence.customer))
    _put(out, "narration", text(silence.narration))
    _put(out, "change", {m: number(v) for m, v in silence.change.items()})
    _put(out, "next", silence.next)
    return out


def _state(state: State, format: int) -> Data:
    out: Data = {}
    _put(out, "customer", text(state.customer))
    _put(out, "narration", text(state.narration))
    _put(out, "emotion", state.emotion)
    _put(out, "variants", [_variant(v, "customer", "narration") for v in state.variants])
    if state.silence is not None:
        out["silence"] = _silence(state.silence)
    out["choices"] = [choice_data(c, format) for c in state.choices]
    return out


def _ending(ending: Ending) -> Data:
    out: Data = {"outcome": ending.outcome}
    if ending.success != (ending.outcome == "safe"):
        out["success"] = ending.success
    out["text"] = text(ending.text)
    _put(out, "variants", [_variant(v, "text") for v in ending.variants])
    return out


def _scoring(scoring: Scoring) -> Data:
    out: Data = {}
    _put(out, "weights", {d: number(w) for d, w in scoring.weights.items()})
    if scoring.pass_mark is not None:
        out["pass_mark"] = number(scoring.pass_mark)
    actions: Data = {}
    for action in scoring.critical_actions.values():
        actions[action.action] = entry = {}
        if action.grace is not None:
            entry["grace"] = duration(action.grace)
        entry["deadline"] = duration(action.deadline)
    _put(out, "critical_actions", actions)
    escalations: Data = {}
    _put(escalations, "required", list(scoring.required))
    _put(escalations, "order", [list(pair) for pair in scoring.order])
    _put(escalations, "unnecessary", list(scoring.unnecessary))
    _put(out, "escalations", escalations)
    errors: Data = {}
    for error in scoring.critical_errors.values():
        errors[error.id] = gate = {"label": text(error.label)}
        _put(gate, "why", text(error.why))
        _put(gate, "missing", list(error.missing))
    _put(out, "critical_errors", errors)
    return out


def _walkthrough(walkthrough: Walkthrough) -> Data:
    out: Data = {"name": walkthrough.name, "choices": list(walkthrough.choices),
                 "ending": walkthrough.ending}
    if walkthrough.passed is not None:
        out["passed"] = walkthrough.passed
    _put(out, "critical_errors", list(walkthrough.critical_errors))
    _put(out, "scores", {d: [number(low), number(high)]
                         for d, (low, high) in walkthrough.scores.items()})
    return out


def _put(out: Data, key: str, value: Any) -> None:
    """Set `key` unless `value` is None or an empty list or mapping: the loader's default.
    An empty string is written: `narration: ""` is text in English, not no text at all."""
    if value is not None and not (isinstance(value, list | Mapping) and not value):
        out[key] = value
