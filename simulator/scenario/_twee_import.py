"""A Twee 3 story read back as a scenario: `agentsim convert FILE.twee -o FILE.yaml`.

A story agentsim wrote (`_twee_export`) reads back as the scenario it came from: passages
give the words in the main language, the replies and their flags and meters, and the
`AgentsimData` passage the rest, by id. A plain Twine draft (no `AgentsimData`) reads as a
playable draft: passages with links are states, passages without are endings, SugarCube's
`<<if>>` and setters are flags and meters, and what a draft cannot say is guessed and
noted (`_twee_draft`). Nothing is run; problems are warnings with the passage's line.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from simulator.errors import Diagnostic, Location, ScenarioError
from simulator.scenario import _keys as keys
from simulator.scenario import _twee_draft as draft
from simulator.scenario import _yaml as _document
from simulator.scenario._dump import Data, scenario_yaml
from simulator.scenario._fields import valid_id
from simulator.scenario._model import EMOTIONS, OUTCOMES
from simulator.scenario._sugarcube import Body, Link, ident, parse_body
from simulator.scenario._twee import Passage, parse_twee
from simulator.scenario._twee_export import DATA_PASSAGE, DATA_TAG, split_text

# SugarCube's special passages and Twine's special tags: not moments of a call.
SPECIAL = {"StoryTitle", "StoryData", "StoryInit", "StoryCaption", "StoryMenu", "StoryBanner",
           "StorySubtitle", "StoryAuthor", "StoryDisplayTitle", "StoryShare", "StoryInterface",
           "PassageReady", "PassageDone", "PassageHeader", "PassageFooter", "StoryJavaScript",
           "StoryStylesheet", DATA_PASSAGE}
SPECIAL_TAGS = {"script", "stylesheet", "widget", "Twine.image", "Twine.audio", "Twine.video",
                "Twine.vtt", "Twine.private", DATA_TAG}
_SETTING = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*(?:to|=)\s*(-?\d+(?:\.\d+)?)")


@dataclass(frozen=True, slots=True)
class Imported:
    """A scenario read from Twee: its data, the notes on what was guessed or left out, and
    whether it was a plain draft (no agentsim metadata)."""

    data: Data
    notes: tuple[Diagnostic, ...]
    draft: bool

    def yaml(self, source: str) -> str:
        """The scenario file: a comment saying where it came from (and, for a draft, what
        is left to do), then the scenario."""
        lines = [f"# Converted from {source} by agentsim convert."]
        if self.draft and self.notes:
            lines.append("# A draft: `agentsim validate` checks it. What was guessed or left out:")
            lines += [f"#   - line {n.location.line}: {n.message}" for n in self.notes]
        return "\n".join(lines) + "\n" + scenario_yaml(self.data)


def from_twee(source: str, path: str, scenario_id: str | None = None) -> Imported:
    """Read a Twee 3 file; `scenario_id` names a draft (else its title does)."""
    return _Reader(source, path).read(scenario_id)


class _Reader:
    """Reads one Twee file into scenario data, collecting notes as it goes."""

    def __init__(self, source: str, path: str) -> None:
        self.path = path
        passages, problems = parse_twee(source, path)
        self.notes = list(problems)
        self.by_name: dict[str, Passage] = {}
        for passage in passages:
            if passage.name in self.by_name:
                self.note(passage, f"a second passage named '{passage.name}' is left out")
            else:
                self.by_name[passage.name] = passage
        self.meta = self._metadata()
        self.draft = DATA_PASSAGE not in self.by_name
        self.story = [p for p in self.by_name.values() if p.name not in SPECIAL
                      and not SPECIAL_TAGS & set(p.tags)]
        for passage in self.by_name.values():
            if passage not in self.story and passage.name not in SPECIAL:
                self.note(passage, f"'{passage.name}' is a script, stylesheet or other "
                           "special passage: left out")
        if not self.story:
            raise ScenarioError([Diagnostic(Location(path, 1, 1), "error",
                                            "no story passages: a Twee file has passages "
                                            "whose headers start with '::'")])
        self.main = _first(self.meta.get("languages")) or "en"
        self.bodies = {p.name: parse_body(p.text) for p in self.story}
        for passage in self.story:
            for message in self.bodies[passage.name].notes:
                self.note(passage, message)

    def read(self, scenario_id: str | None) -> Imported:
        ids = draft.passage_ids(p.name for p in self.story)
        start = self._start(ids)
        links = {ids[p.name]: [ids.get(link.target, "") for link in self.bodies[p.name].links]
                 for p in self.story}
        keep = set(ids.values())
        if self.draft:  # a passage no link reaches can never be played (G001)
            keep = set(draft.reachable(start, links)) - {""}
            for passage in self.story:
                if ids[passage.name] not in keep:
                    self.note(passage, f"'{passage.name}' is not reached from the start: "
                               "left out")
        states, endings = _Nodes(self).read(ids, keep)
        title = _text_in(self.by_name.get("StoryTitle"))
        doc = {k: v for k, v in self.meta.items() if k not in ("title", "states", "endings")}
        merged_title = _merge(title, self.meta.get("title"), self.main)
        if merged_title is not None:
            doc["title"] = merged_title
        if self.draft:
            first = self.story[0]
            doc = draft.top_level(doc, title, scenario_id or draft.slug(title or "imported"),
                                  lambda message: self.note(first, message))
            draft.unset_flags(states, lambda message: self.note(first, message))
            meters = draft.meters_used(states, self._starts(),
                                       lambda message: self.note(first, message))
            if meters:
                doc["meters"] = meters
        doc.update(start=start, states=states, endings=endings)
        order = [*keys.TOP.allowed(), *doc]
        data = {k: doc[k] for k in dict.fromkeys(order) if k in doc}
        notes = sorted(self.notes, key=lambda n: n.location.line)
        return Imported(data, tuple(notes), self.draft)

    # -- the parts -------------------------------------------------------------------------

    def _metadata(self) -> Data:
        """The AgentsimData passage, read as a scenario file is (no anchors or aliases, the
        same limits), its problems placed at their lines in the Twee file."""
        passage = self.by_name.get(DATA_PASSAGE)
        if passage is None:
            return {}
        where = f"the {DATA_PASSAGE} passage"
        try:
            found, problems = _document.parse(passage.text.encode(), self.path, where)
        except ScenarioError as err:
            raise ScenarioError([_below(d, passage.line) for d in err.diagnostics]) from None
        errors = [_below(d, passage.line) for d in problems if d.severity == "error"]
        if errors:
            raise ScenarioError(errors)
        if not isinstance(found, dict):
            raise ScenarioError([Diagnostic(Location(self.path, passage.line, 1), "error",
                                            f"{where} must be a mapping of the scenario's "
                                            "keys")])
        plain: Data = _plain(found)
        return plain

    def _start(self, ids: dict[str, str]) -> str:
        data = self.by_name.get("StoryData")
        story_data: Any = {}
        if data is not None:
            try:
                story_data = json.loads(data.text)
            except ValueError:
                self.note(data, "StoryData is not JSON: it is left out")
        named = story_data.get("start") if isinstance(story_data, dict) else None
        story_format = story_data.get("format") if isinstance(story_data, dict) else None
        if isinstance(story_format, str) and story_format.lower() != "sugarcube" \
                and data is not None:
            self.note(data, f"the story is written for {story_format}: its links are read, "
                       "its macros are not (agentsim reads SugarCube's <<if>> and <<set>>)")
        if isinstance(named, str) and named in ids:
            return ids[named]
        if named is not None and data is not None:
            self.note(data, f"StoryData names the start '{named}', which no passage is")
        return ids["Start"] if "Start" in ids else ids[self.story[0].name]

    def _starts(self) -> dict[str, float]:
        """The numbers StoryInit sets (`<<set $calm to 50>>`): where a draft's meters start."""
        init = self.by_name.get("StoryInit")
        starts: dict[str, float] = {}
        for name, value in _SETTING.findall(init.text if init is not None else ""):
            meter = ident(name)
            if meter:
                starts[meter] = float(value)
        return starts

    def note(self, passage: Passage, message: str) -> None:
        self.notes.append(Diagnostic(Location(self.path, passage.line, 1), "warning",
                                     message))


class _Nodes:
    """Builds the states and endings of a story from its passages and metadata."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.note = reader.note
        self.main = reader.main

    def read(self, ids: dict[str, str], keep: set[str]) -> tuple[Data, Data]:
        """States (passages with links) and endings (passages without), in file order, and
        an ending for each link to a passage that does not exist."""
        states: Data = {}
        endings: Data = {}
        meta_states = _mapping(self.reader.meta.get("states"))
        meta_endings = _mapping(self.reader.meta.get("endings"))
        for passage in self.reader.story:
            node = ids[passage.name]
            if node not in keep:
                continue
            body = self.reader.bodies[passage.name]
            if body.links:
                states[node] = self._state(passage, body, ids, _mapping(meta_states.get(node)))
            else:
                endings[node] = self._ending(passage, body, _mapping(meta_endings.get(node)))
        for state in states.values():
            for choice in state["choices"]:
                target = choice["next"] if isinstance(choice["next"], str) else ""
                if target and target not in states and target not in endings:
                    endings[target] = {"outcome": draft.GUESSED_OUTCOME,
                                       "text": draft.PLACEHOLDER_ENDING}
        return states, endings

    def _state(self, passage: Passage, body: Body, ids: dict[str, str], meta: Data) -> Data:
        state: Data = {}
        for key in ("customer", "narration"):
            merged = _merge(getattr(body, key), meta.get(key), self.main)
            if merged is not None:
                state[key] = merged
        if "customer" not in state and "narration" not in state:
            state["customer"] = draft.PLACEHOLDER_CUSTOMER
            self.note(passage, f"'{passage.name}' has no words: write what the customer says")
        emotion = self._emotion(passage)
        if emotion:
            state["emotion"] = emotion
        state.update((k, v) for k, v in meta.items() if k not in ("customer", "narration",
                                                                   "choices"))
        meta_choices = _mapping(meta.get("choices"))
        choices: list[Data] = []
        for link in body.links:
            taken = [c["id"] for c in choices]
            cid = link.id if link.id and link.id not in taken else draft.slug(link.text, taken)
            choices.append(self._choice(passage, link, cid, ids, _mapping(meta_choices.get(cid))))
        for missing in set(meta_choices) - {c["id"] for c in choices}:
            self.note(passage, f"reply '{missing}' of '{passage.name}' has no link: left out")
        state["choices"] = choices
        return _ordered(state, keys.STATE)

    def _choice(self, passage: Passage, link: Link, cid: str, ids: dict[str, str],
                meta: Data) -> Data:
        target = ids.get(link.target)
        if target is None:
            target = draft.slug(link.target, ids.values())
            self.note(passage, f"the link '{link.text}' leads to '{link.target}', which no "
                       f"passage is: it became the ending '{target}', to write")
        arriving = self.reader.bodies.get(link.target, Body()).effects
        choice: Data = {"id": cid, "text": _merge(link.text, meta.get("text"), self.main) or ""}
        conditional = meta.get("next")
        choice["next"] = [*conditional, {"to": target}] if isinstance(conditional, list) \
            else target
        rule, effects = link.rule, link.effects
        for key, values in (("requires", rule.requires), ("unless", rule.unless),
                            ("set", [*effects.set, *arriving.set]),
                            ("clear", [*effects.clear, *arriving.clear])):
            if values:
                choice[key] = sorted(set(values))
        if rule.when:
            choice["when"] = {m: {c: _number(v)} for m, (c, v) in rule.when.items()}
        change = dict(effects.change)
        for meter, amount in arriving.change.items():
            change[meter] = change.get(meter, 0.0) + amount
        if change:
            choice["change"] = {m: _number(v) for m, v in change.items()}
        choice.update((k, v) for k, v in meta.items() if k not in ("text", "next"))
        return _ordered(choice, keys.CHOICE)

    def _ending(self, passage: Passage, body: Body, meta: Data) -> Data:
        outcome = next((t for t in passage.tags if t in OUTCOMES), None)
        if outcome is None:
            outcome = draft.GUESSED_OUTCOME
            self.note(passage, f"the ending '{passage.name}' has no outcome tag: "
                       f"'{outcome}' was guessed; tag it safe, partial, failed or harmed")
        told = "\n".join(filter(None, (body.narration, body.customer)))
        text = _merge(told, meta.get("text"), self.main)
        if text is None:
            text = draft.PLACEHOLDER_ENDING
            self.note(passage, f"the ending '{passage.name}' has no words: write what "
                       "happened")
        ending: Data = {"outcome": outcome, "text": text}
        ending.update((k, v) for k, v in meta.items() if k != "text")
        return _ordered(ending, keys.ENDING)

    def _emotion(self, passage: Passage) -> str | None:
        declared = _mapping(self.reader.meta.get("emotions"))
        for tag in passage.tags:
            if tag.startswith("emotion:") and valid_id(tag[8:]):
                return tag[8:]
            if tag in EMOTIONS or tag in declared:
                return tag
        for tag in passage.tags:
            self.note(passage, f"the tag '{tag}' is not an emotion: left out")
        return None


def _below(diagnostic: Diagnostic, line: int) -> Diagnostic:
    """A problem in a passage's text, at its line in the Twee file (the header is `line`)."""
    loc = diagnostic.location
    return dataclasses.replace(diagnostic, location=Location(loc.path, loc.line + line if
                                                             loc.line else line, loc.col))


def _plain(node: Any) -> Any:
    """Read YAML as plain mappings and lists, as the YAML writer takes them."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


def _merge(main_text: str, meta: Any, main: str) -> str | Data | None:
    """A text from the passage's words in the main language and the metadata's other
    languages (the metadata's own main-language text wins: the passage could not hold it)."""
    rest = split_text(meta, main)[1] if meta is not None else {}
    if isinstance(meta, dict) and main in meta:
        rest[main] = meta[main]
    values = {**({main: main_text} if main_text else {}), **rest}
    if not values:
        return None
    return values["en"] if list(values) == ["en"] else values


def _ordered(entry: Data, block: keys.Block) -> Data:
    order = [*block.allowed(), *entry]
    return {k: entry[k] for k in dict.fromkeys(order) if k in entry}


def _mapping(value: Any) -> Data:
    return value if isinstance(value, dict) else {}


def _first(value: Any) -> str | None:
    return value[0] if isinstance(value, list) and value and isinstance(value[0], str) else None


def _text_in(passage: Passage | None) -> str:
    return passage.text.strip() if passage is not None else ""


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value
