"""A scenario as a Twee 3 story for Twine, in SugarCube 2 markup: `agentsim convert`.

Each state and each ending is a passage named by its id; each reply is a link, with the
flags and meters it reads in an `<<if>>` around it and what it sets in the link's setter,
and its id in a comment after it. A state's emotion and an ending's outcome are passage
tags. The main language's words (the scenario's first language) are the passages' text;
everything Twine has no word for (other languages, durations, behaviours, feedback,
actions, meters, variants, silence, scoring, walkthroughs) is kept in one metadata
passage, `AgentsimData`, as YAML, keyed by state, ending and reply id. Reading it back
(`_twee_import`) gives the same scenario.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from simulator.scenario._dump import Data, scenario_data, scenario_yaml
from simulator.scenario._model import EMOTIONS, Choice, Ending, Scenario, State
from simulator.scenario._sugarcube import Effects, Rule, condition, link, parse_body
from simulator.scenario._twee import Passage, write_twee

DATA_PASSAGE = "AgentsimData"
DATA_TAG = "agentsim"
STORY_FORMAT = {"format": "SugarCube", "format-version": "2.37.3"}
TAG_COLOURS = {"safe": "green", "partial": "yellow", "failed": "orange", "harmed": "red"}
# What the passages carry of a state, a reply and an ending; the rest goes to the metadata.
IN_PASSAGE = {"state": ("customer", "narration", "emotion", "choices"),
              "choice": ("id", "text", "next", "requires", "unless", "when", "set", "clear",
                         "change"),
              "ending": ("outcome", "text")}
DATA_NOTE = """\
# agentsim: what Twine has no word for, read back by `agentsim convert FILE.twee -o FILE.yaml`.
# The passages hold the words in the main language, the replies (links), their flags and
# meters; this holds the rest, by state, ending and reply id (the comment after each link).
# Keep the ids when you edit in Twine; a passage or link without one is read as a draft.
"""


def to_twee(scenario: Scenario) -> str:
    """The scenario as a Twee 3 file."""
    doc = scenario_data(scenario)
    main = scenario.languages[0]
    title, rest = split_text(doc.pop("title"), main)
    meta: Data = {"title": rest} if rest else {}
    meta.update((k, v) for k, v in doc.items() if k not in ("start", "states", "endings"))
    states: Data = {}
    endings: Data = {}
    stories: list[Passage] = []
    places = _layout(scenario)
    for state in scenario.states.values():
        passage, entry = _state(state, doc["states"][state.id], main, scenario)
        stories.append(Passage(passage.name, passage.text, passage.tags,
                               _place(places, state.id)))
        if entry:
            states[state.id] = entry
    for ending in scenario.endings.values():
        passage, entry = _ending(ending, doc["endings"][ending.id], main)
        stories.append(Passage(passage.name, passage.text, passage.tags,
                               _place(places, ending.id)))
        if entry:
            endings[ending.id] = entry
    if states:
        meta["states"] = states
    if endings:
        meta["endings"] = endings
    story_data = {"ifid": _ifid(scenario.id), **STORY_FORMAT, "start": scenario.start,
                  "tag-colors": TAG_COLOURS, "zoom": 1}
    return write_twee([
        Passage("StoryTitle", title or scenario.id),
        Passage("StoryData", json.dumps(story_data, indent=2, ensure_ascii=False)),
        Passage(DATA_PASSAGE, DATA_NOTE + scenario_yaml(meta), (DATA_TAG,)),
        *stories,
    ])


def split_text(value: Any, main: str) -> tuple[str, dict[str, str]]:
    """Text as written in a file, split into its words in `main` and the other languages
    (always a mapping, so an English-only rest stays English whatever the main language)."""
    if value is None:
        return "", {}
    values = {"en": value} if isinstance(value, str) else dict(value)
    return values.pop(main, ""), values


def rule_of_choice(choice: Choice) -> Rule:
    return Rule(sorted(choice.requires), sorted(choice.unless),
                {t.meter: (t.comparison, t.value) for t in choice.when})


def effects_of_choice(choice: Choice) -> Effects:
    return Effects(sorted(choice.set), sorted(choice.clear), dict(choice.change))


def _state(state: State, data: Data, main: str, scenario: Scenario) -> tuple[Passage, Data]:
    """A state's passage, and what its metadata entry holds."""
    customer = split_text(data.get("customer"), main)[0]
    narration = split_text(data.get("narration"), main)[0]
    texts = {c.id: split_text(c_data["text"], main)
             for c, c_data in zip(state.choices, data["choices"], strict=True)}
    # What the passage can hold exactly: tried, read back, and moved to the metadata if not.
    shown = {"customer": bool(customer), "narration": bool(narration),
             **{c.id: bool(texts[c.id][0]) for c in state.choices}}
    for _round in range(3):
        text = _state_text(state, customer if shown["customer"] else "",
                           narration if shown["narration"] else "",
                           {c: t[0] if shown[c] else c for c, t in texts.items()})
        wrong = _misread(text, state, customer if shown["customer"] else "",
                         narration if shown["narration"] else "",
                         {c: t[0] if shown[c] else c for c, t in texts.items()})
        if not wrong:
            break
        for field in wrong:
            shown[field] = False
    else:  # ids and numbers always read back: only words can be misread, and they moved
        raise AssertionError(f"state '{state.id}' does not read back from Twee")
    entry: Data = {}
    for key in ("customer", "narration"):
        if (rest := _rest(data.get(key), main, shown[key])) is not None:
            entry[key] = rest
    entry.update((k, v) for k, v in data.items() if k not in IN_PASSAGE["state"])
    choices = {}
    for choice, c_data in zip(state.choices, data["choices"], strict=True):
        extra: Data = {}
        if (rest := _rest(c_data["text"], main, shown[choice.id])) is not None:
            extra["text"] = rest
        if choice.targets:
            extra["next"] = c_data["next"][:-1]
        extra.update((k, v) for k, v in c_data.items() if k not in IN_PASSAGE["choice"])
        if extra:
            choices[choice.id] = extra
    if choices:
        entry["choices"] = choices
    tags = () if state.emotion is None else (
        (state.emotion,) if state.emotion in EMOTIONS else (f"emotion:{state.emotion}",))
    return Passage(state.id, text, tags), entry


def _state_text(state: State, customer: str, narration: str, texts: dict[str, str]) -> str:
    lines = [f"//{narration}//"] if narration else []
    if customer:
        lines.append(customer)
    lines.append("")
    for choice in state.choices:
        shown = link(texts[choice.id], choice.next, effects_of_choice(choice))
        rule = rule_of_choice(choice)
        if rule.requires or rule.unless or rule.when:
            shown = f"<<if {condition(rule)}>>{shown}<</if>>"
        lines.append(f"{shown} /* {choice.id} */")
    return "\n".join(lines)


def _misread(text: str, state: State, customer: str, narration: str,
             texts: dict[str, str]) -> set[str]:
    """The words that do not read back from the passage as they were written."""
    body = parse_body(text)
    wrong = set()
    if body.customer != customer:
        wrong.add("customer")
    if body.narration != narration:
        wrong.add("narration")
    links = {found.id: found for found in body.links}
    for choice in state.choices:
        found = links.get(choice.id)
        if (found is None or found.text != texts[choice.id] or found.target != choice.next
                or _effects(found.effects) != _effects(effects_of_choice(choice))
                or _rule(found.rule) != _rule(rule_of_choice(choice))):
            wrong.add(choice.id)
    if len(body.links) != len(state.choices) or body.notes:
        wrong.update(texts)
    return wrong


def _effects(effects: Effects) -> tuple[Any, ...]:
    return set(effects.set), set(effects.clear), effects.change


def _rule(rule: Rule) -> tuple[Any, ...]:
    return set(rule.requires), set(rule.unless), rule.when, rule.ok


def _ending(ending: Ending, data: Data, main: str) -> tuple[Passage, Data]:
    """An ending's passage, and what its metadata entry holds."""
    told = split_text(data["text"], main)[0]
    body = parse_body(told)
    shown = bool(told) and body.customer == told and not body.links and not body.narration \
        and not body.notes
    entry: Data = {}
    if (kept := _rest(data["text"], main, shown)) is not None:
        entry["text"] = kept
    entry.update((k, v) for k, v in data.items() if k not in IN_PASSAGE["ending"])
    return Passage(ending.id, told if shown else "", (ending.outcome,)), entry


def _rest(value: Any, main: str, shown: bool) -> dict[str, str] | None:
    """What the metadata keeps of a text: every language but the one the passage shows
    (all of them when it shows none, an empty main-language text included); None: nothing."""
    if value is None:
        return None
    values = {"en": value} if isinstance(value, str) else dict(value)
    if shown:
        values.pop(main, None)
    return values or None


def _layout(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Where each passage sits on Twine's map: a column per step from the start."""
    columns: dict[str, int] = {scenario.start: 0}
    queue = [scenario.start]
    for node in queue:
        state = scenario.states.get(node)
        for target in _targets(state.choices if state else ()):
            if target not in columns:
                columns[target] = columns[node] + 1
                queue.append(target)
    last = max(columns.values(), default=0) + 1
    for node in [*scenario.states, *scenario.endings]:
        columns.setdefault(node, last)
    rows: dict[int, int] = {}
    places = {}
    for node, column in columns.items():
        rows[column] = rows.get(column, -1) + 1
        places[node] = (100 + 200 * column, 100 + 150 * rows[column])
    return places


def _targets(choices: Iterable[Choice]) -> list[str]:
    return [t for choice in choices for t in choice.destinations]


def _place(places: dict[str, tuple[int, int]], node: str) -> dict[str, str]:
    x, y = places[node]
    return {"position": f"{x},{y}", "size": "100,100"}


def _ifid(scenario_id: str) -> str:
    """The story's IFID: a version-4-shaped UUID, in capitals as Twine writes it, made from
    the scenario id so the same scenario is the same story in a Twine library."""
    digest = hashlib.sha256(f"agentsim:{scenario_id}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4)).upper()
