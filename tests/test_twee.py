"""Twee 3 import and export: every shipped scenario survives YAML -> Twee -> YAML as the same
model, validates as before and passes its walkthroughs; a real Twee parser (extwee) reads
what agentsim writes, and what extwee writes reads back; a plain Twine draft becomes a
playable draft that `validate` guides with warnings, never a traceback."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from simulator.cli import display, main
from simulator.errors import ScenarioError
from simulator.scenario import (
    Catalog,
    Scenario,
    compile_bytes,
    from_twee,
    load_scenario,
    to_twee,
)
from simulator.scenario import _keys as keys
from simulator.scenario._sugarcube import parse_body
from simulator.scenario._twee import parse_twee, write_twee
from simulator.scoring import check_file, load_profile, run_walkthroughs
from tests.conftest import SMALL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
SHIPPED = [*Catalog.builtin().files(), *sorted(EXAMPLES.glob("*.yaml"))]
DRAFT = EXAMPLES / "internet-down-draft.twee"


def differences(a: Any, b: Any, path: str = "scenario") -> list[str]:
    """Where two models differ, locations and the file's digest aside."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            return [f"{path}: {type(a).__name__} is {type(b).__name__}"]
        return [d for f in dataclasses.fields(a) if f.name not in ("loc", "digest")
                for d in differences(getattr(a, f.name), getattr(b, f.name),
                                     f"{path}.{f.name}")]
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            return [f"{path}: keys {sorted(set(a) ^ set(b))}"]
        return [d for k in a for d in differences(a[k], b[k], f"{path}[{k!r}]")]
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} is {b!r}"]


def back(twee: str, name: str = "story.twee") -> Scenario:
    """The scenario a Twee text reads back as (it must load)."""
    imported = from_twee(twee, name)
    scenario, diagnostics = compile_bytes(imported.yaml(name).encode(), "back.yaml")
    assert scenario is not None, [str(d) for d in diagnostics]
    return scenario


# -- the round trip ------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_yaml_twee_yaml_gives_back_the_same_scenario(path: Path, tmp_path: Path) -> None:
    """Same model, same diagnostics from validate, every walkthrough passes."""
    original = load_scenario(path)
    twee = tmp_path / f"{path.stem}.twee"
    again = tmp_path / f"{path.stem}.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(path), "-o", str(twee)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["convert", str(twee), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Wrote {again} from {twee}. Next: agentsim validate {again}\n")
    scenario, diagnostics = check_file(again)
    assert scenario is not None
    assert differences(original, scenario) == []
    _before, expected = check_file(path)
    # The same diagnostics, in the order of their lines (which differ between the files).
    assert sorted((d.severity, d.code, d.message) for d in diagnostics) == sorted(
        (d.severity, d.code, d.message) for d in expected)
    results = run_walkthroughs(scenario, load_profile())
    assert results
    assert all(r.ok for r in results), [r.problems for r in results if not r.ok]


def test_the_twee_is_a_twine_story_in_sugarcube() -> None:
    """Passages named by id, tags for emotion and outcome, replies as links with their
    flags, meters and id, the rest in AgentsimData."""
    twee = to_twee(load_scenario(EXAMPLES / "sim-swap.yaml"))
    passages, problems = parse_twee(twee, "sim-swap.twee")
    assert problems == []
    names = [p.name for p in passages]
    assert names[:3] == ["StoryTitle", "StoryData", "AgentsimData"]
    by_name = {p.name: p for p in passages}
    assert by_name["StoryTitle"].text == "No service, and a code from the bank"
    data = json.loads(by_name["StoryData"].text)
    assert data["start"] == "opening"
    assert data["format"] == "SugarCube"
    assert data["ifid"] == data["ifid"].upper()
    assert by_name["opening"].tags == ("emotion:dread",)
    assert by_name["blocked"].tags == ("worry",)
    assert by_name["secured"].tags == ("safe",)
    assert by_name["second-scam"].tags == ("harmed",)
    assert "[[That matches. I'm blocking the number now; from this moment no code can reach " \
        "the other SIM.|blocked][$sim_blocked to true]] /* block-now */" in by_name["verify"].text
    assert by_name["blocked"].text.startswith("//The other SIM drops off the network.//\n"
                                              "It's blocked? Thank God.")
    assert "Blocked... but the bank app says {money}" not in by_name["blocked"].text
    assert "  blocked:\n    customer:\n      id: Sudah diblokir? Syukurlah." in \
        by_name["AgentsimData"].text


def test_words_a_passage_cannot_hold_exactly_go_to_the_metadata() -> None:
    """Link markup, a pipe, line breaks, stray spaces, italics: they still come back."""
    tricky = (SMALL.replace('{en: Help me., id: Tolong saya.}',
                            '{en: "Help [[me]] // now\\n  please ", id: Tolong saya.}')
              .replace('{en: "Where are you?", id: "Di mana?"}',
                       '{en: "Where | are -> you?", id: "Di mana?"}')
              .replace('{en: By the bridge., id: Dekat jembatan.}',
                       '{en: "//By the bridge.//", id: Dekat jembatan.}')
              .replace("{en: Safe., id: Aman.}", '{en: "", id: Aman.}'))
    original, diagnostics = compile_bytes(tricky.encode(), "small.yaml")
    assert original is not None, diagnostics
    twee = to_twee(original)
    assert "[[ask-where|where]" in twee  # the link shows the id; the text is in the metadata
    assert differences(original, back(twee)) == []


def test_the_main_language_is_the_scenarios_first() -> None:
    text = SMALL.replace("languages: [en, id]", "languages: [id, en]").replace(
        "format: 1", "format: 2")
    original, _ = compile_bytes(text.encode(), "small.yaml")
    assert original is not None
    twee = to_twee(original)
    assert ":: StoryTitle\nPanggilan kecil\n" in twee
    assert "[[Di mana?|where][$located to true, $calm += 10]] /* ask-where */" in twee
    assert differences(original, back(twee)) == []


EVERY_KEY = """\
format: 2
id: every-key
version: 3
title: {en: Every key, id: Setiap kunci}
summary: {en: A call with every key., id: Panggilan dengan setiap kunci.}
story: test
difficulty: hard
languages: [en, id]
trainer_note: {en: "Notes.\n", id: "Catatan.\n"}
customer: {name: Ana, profile: {en: On file., id: Tercatat.}, mood: {en: Calm., id: Tenang.}}
shuffle: false
start: hello
emotions:
  dread: {label: {en: full of dread, id: dicekam rasa takut}}
meters:
  battery:
    label: {en: Battery, id: Baterai}
    start: 50
    min: -10
    max: 90
    unit: {en: "{value} %", id: "{value} persen"}
    per_minute: -1.5
    pace:
      - {in: [where], unless: [charging], when: {calm: {above: 10}}, per_minute: -3}
      - {requires: [charging], per_minute: 0}
    shown: true
    ends: [{at_most: 0, ending: dropped}, {above: 89, ending: safe}]
  calm: {label: Calm, start: 50, shown: false}
actions:
  send-help:
    label: {en: Help sent, id: Bantuan dikirim}
    party: {en: Rescue, id: Tim SAR}
    verb: {en: send help, id: mengirim bantuan}
  transfer: {label: {en: Transferred, id: Dialihkan}}
states:
  hello:
    customer: {en: "Help me. The battery says {battery}.", id: "Tolong. Baterai {battery}."}
    narration: {en: Wind., id: Angin.}
    emotion: dread
    variants:
      - {requires: [asked], unless: [charging], when: {calm: {below: 40}}, after: [chat],
         customer: {en: "Still here?", id: "Masih di sana?"}}
      - {after: [chat], narration: {en: A sigh., id: Desahan.}}
    silence:
      after: 1m30s
      customer: {en: "Hello?", id: "Halo?"}
      narration: {en: Static., id: Bunyi statis.}
      change: {calm: -5}
      next: where
    choices:
      - id: ask-where
        text: {en: "Where are you?", id: "Di mana?"}
        next:
          - {requires: [asked], unless: [charging], when: {calm: {at_least: 60}}, to: safe}
          - {to: where}
        takes: 30s
        set: [located, asked]
        change: {calm: 10, battery: -0.5}
        behaviours: [explore, ownership]
        feedback: {en: Good., id: Bagus.}
      - id: chat
        text: {en: Lovely weather., id: Cuaca bagus.}
        next: hello
        extra: 20
        unless: [located]
        when: {calm: {above: 10}, battery: {at_most: 80}}
        set: [asked]
        clear: [charging]
        behaviours: [dismiss]
        accuracy:
          - {kind: rule-breach, severity: minor, why: {en: Chit-chat., id: Basa-basi.}}
        feedback: {en: Not now., id: Bukan sekarang.}
  where:
    customer: {en: By the bridge., id: Dekat jembatan.}
    choices:
      - id: send
        text: {en: Help is coming., id: Bantuan datang.}
        next: safe
        requires: [located]
        actions: [send-help]
        behaviours: [reassure]
      - id: plug-in
        text: {en: Plug it in., id: Colokkan.}
        next: where
        unless: [charging]
        when: {battery: {below: 60}}
        set: [charging]
      - id: transfer-and-read
        text: {en: I'll transfer you and read out the number., id: Saya alihkan.}
        next: alone
        actions: [transfer]
        critical: [read-out, needless]
endings:
  safe:
    outcome: safe
    text: {en: Safe., id: Aman.}
    variants:
      - {requires: [charging], text: {en: Safe and charged., id: Aman dan terisi.}}
      - {after: [send], unless: [asked], when: {calm: {at_least: 1}},
         text: {en: Safe at last., id: Akhirnya aman.}}
  alone: {outcome: failed, text: {en: Alone., id: Sendirian.}}
  dropped: {outcome: harmed, success: false, text: {en: The line died., id: Sambungan putus.}}
scoring:
  weights: {empathy: 2, speed: 1, escalation: 1, accuracy: 0.5}
  pass_mark: 65.5
  critical_actions:
    send-help: {grace: 30, deadline: 10m}
  escalations:
    required: [send-help]
    order: [[send-help, transfer]]
    unnecessary: [transfer]
  critical_errors:
    read-out: {label: {en: Read out, id: Dibacakan}, why: {en: Never., id: Jangan.}}
    needless: {label: Needless, missing: [send-help]}
walkthroughs:
  - name: best
    choices: [ask-where, send]
    ending: safe
    passed: true
    scores: {overall: [0, 100]}
  - name: transfer
    choices: [ask-where, transfer-and-read]
    ending: alone
    passed: false
    critical_errors: [needless, read-out]
"""


def _names(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {n for value in node.values() for n in _names(value)}
    if isinstance(node, list):
        return {n for value in node for n in _names(value)}
    return set()


def test_a_scenario_with_every_key_of_format_2_round_trips() -> None:
    """Every key of every block, every comparison, conditions of every kind, several
    critical errors, a unit per language, decimals: the same model back."""
    assert _names(yaml.safe_load(EVERY_KEY)) >= {
        name for block in keys.BLOCKS for name in block.allowed()}
    original, diagnostics = compile_bytes(EVERY_KEY.encode(), "every-key.yaml")
    assert original is not None, [str(d) for d in diagnostics]
    twee = to_twee(original)
    assert ("<<if not $located and $calm gt 10 and $battery lte 80>>[[Lovely weather.|hello]"
            "[$asked to true, $charging to false]]<</if>> /* chat */") in twee
    assert "[[Where are you?|where][$asked to true, $located to true, $calm += 10, " \
        "$battery -= 0.5]] /* ask-where */" in twee
    assert differences(original, back(twee)) == []


# -- edited in Twine -----------------------------------------------------------------------

def test_edits_made_in_twine_are_read_and_the_metadata_follows_the_ids() -> None:
    """Reworded and reordered links keep their other languages and data by the id in their
    comment; a new link without one is a new reply with an id from its words."""
    original = load_scenario(EXAMPLES / "sim-swap.yaml")
    twee = to_twee(original)
    block = ("[[That matches. I'm blocking the number now; from this moment no code can reach "
             "the other SIM.|blocked][$sim_blocked to true]] /* block-now */")
    edited = twee.replace(block, "[[Confirmed: blocking now.|blocked][$sim_blocked to true]] "
                          "/* block-now */\n[[Please hold.|verify]]")
    scenario = back(edited)
    verify = scenario.states["verify"]
    assert [c.id for c in verify.choices] == [
        "block-now", "please-hold", "read-back-record", "hand-to-fraud-team"]
    now = verify.choice("block-now")
    assert now is not None
    assert now.text.values["en"] == "Confirmed: blocking now."
    assert now.text.values["id"] == original.states["verify"].choices[0].text.values["id"]
    assert now.actions == ("block-sim",)
    assert now.set == frozenset({"sim-blocked"})


# -- a real Twee parser --------------------------------------------------------------------

def _extwee() -> Path:
    tools = os.environ.get("AGENTSIM_NPM_TOOLS", "")
    found = Path(tools) / "node_modules" / "extwee" / "index.js"
    if not tools or not found.exists() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("CI installs extwee into AGENTSIM_NPM_TOOLS")
        pytest.skip("extwee is not installed (AGENTSIM_NPM_TOOLS)")
    return found


EXTWEE = """
import { readFileSync, writeFileSync } from 'node:fs';
const { parseTwee } = await import(process.argv[2]);
const story = parseTwee(readFileSync(process.argv[3], 'utf-8'));
writeFileSync(process.argv[4], story.toTwee());
console.log(JSON.stringify({name: story.name, start: story.start, ifid: story.IFID,
  format: story.format, passages: story.passages.map(p => ({name: p.name, tags: p.tags}))}));
"""


@pytest.mark.slow
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_extwee_reads_the_twee_and_its_own_twee_reads_back(path: Path, tmp_path: Path) -> None:
    extwee = _extwee()
    original = load_scenario(path)
    mine, theirs, script = tmp_path / "mine.twee", tmp_path / "theirs.twee", tmp_path / "x.mjs"
    mine.write_text(to_twee(original), encoding="utf-8")
    script.write_text(EXTWEE, encoding="utf-8")
    done = subprocess.run(["node", str(script), extwee.as_uri(), str(mine), str(theirs)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no warning: no duplicate name, a well-formed IFID
    story = json.loads(done.stdout)
    assert story["name"] == original.title.get(original.languages[0])
    assert story["start"] == original.start
    assert story["format"] == "SugarCube"
    passages = {p["name"]: p["tags"] for p in story["passages"]}
    assert set(passages) == {"AgentsimData", *original.states, *original.endings}
    for ending in original.endings.values():
        assert passages[ending.id] == [ending.outcome]
    assert differences(original, back(theirs.read_text(encoding="utf-8"))) == []


# -- a plain Twine draft -------------------------------------------------------------------

def test_a_plain_twine_draft_becomes_a_draft_validate_guides(tmp_path: Path) -> None:
    target = tmp_path / "internet-down.yaml"
    result = CliRunner().invoke(main, ["convert", str(DRAFT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    where = display(DRAFT)
    assert result.stdout.splitlines() == [
        f"{where}:15:1: warning: the scenario has no summary: one was written from the title; "
        "say in a sentence or two what the call is about ('summary')",
        f"{where}:15:1: warning: the caller has no name: 'Caller' was used ('customer: name')",
        f"{where}:15:1: warning: the number $patience became the meter 'patience' from 0 to 100: "
        "give it a label, limits and a rate if it needs them ('meters')",
        f"{where}:52:1: warning: the ending 'Hung up' has no outcome tag: 'safe' was guessed; "
        "tag it safe, partial, failed or harmed",
        f"{where}:55:1: warning: 'Notes to self' is not reached from the start: left out",
        f"Wrote {target} from {where}, a Twine draft: 5 guesses and omissions, listed above and "
        f"at the top of the file. Next: agentsim validate {target}",
    ]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Converted from internet-down-draft.twee by agentsim convert.\n"
                           "# A draft: `agentsim validate` checks it. What was guessed or left "
                           "out:\n#   - line 15: the scenario has no summary")
    scenario, diagnostics = check_file(target)
    assert scenario is not None
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert {d.code for d in diagnostics} >= {"S003"}  # it asks for the feedback Twine lacks
    assert scenario.id == "internet-down"
    assert scenario.start == "maya-calls"
    calls = scenario.states["maya-calls"]
    assert calls.narration.values == {"en": "A young woman, speaking fast."}
    assert [c.id for c in calls.choices] == [
        "ask-what-the-lights-on-the", "read-the-standard-script-about-outages",
        "book-a-technician-visit"]
    assert calls.choices[0].set == frozenset({"asked"})
    assert dict(calls.choices[1].change) == {"patience": -20.0}
    lights = scenario.states["router-lights"]
    assert lights.emotion == "anxiety"
    assert lights.choices[0].requires == frozenset({"asked"})
    assert [(t.meter, t.comparison, t.value) for t in lights.choices[2].when] == [
        ("patience", "below", 50.0)]
    assert scenario.meters["patience"].start == 60
    assert {e: scenario.endings[e].outcome for e in scenario.endings} == {
        "technician": "harmed", "good-luck": "safe", "hung-up": "safe"}
    assert "notes-to-self" not in scenario.states
    code = CliRunner().invoke(main, ["play", str(target), "--answers", "-"], input=(
        "ask-what-the-lights-on-the\nwalk-her-through-a-restart-of\n"
        "wish-her-luck-with-the-exam\n")).exit_code
    assert code == 0


def test_a_set_in_a_passage_is_done_by_every_reply_that_leads_there() -> None:
    """SugarCube sets it on arrival; agentsim sets flags with replies: the same call."""
    imported = from_twee(textwrap.dedent("""\
        :: Start
        Hello?
        [[Ask|Asked]]
        [[Wait|Asked][$calm += 5]]
        :: Asked
        <<set $asked to true>><<set $calm -= 2>>Yes.
        <<if $asked>>[[Bye|End]]<</if>>
        :: End [safe]
        Bye.
        """), "d.twee", "d")
    start = imported.data["states"]["start"]["choices"]
    assert [(c["id"], c.get("set"), c.get("change")) for c in start] == [
        ("ask", ["asked"], {"calm": -2}), ("wait", ["asked"], {"calm": 3})]
    assert imported.data["states"]["asked"]["choices"][0]["requires"] == ["asked"]
    assert compile_bytes(imported.yaml("d.twee").encode(), "d.yaml")[0] is not None


def test_sugarcube_markup_in_a_draft_is_read_as_flags_and_meters() -> None:
    body = parse_body(textwrap.dedent("""\
        //Rain on the line.//
        Hello? <<set $called to true>>

        <<if $met and not $angry and $calm gte 60>>[[Stay calm->Calm][$calm += 5; $x = true]]
        <<elseif $late>>[[Hurry|Rush]]
        <<else>>[[Go<-Wait]]<</if>>
        <<if $a or $b>>[[Either|E]]<</if>>
        [[Plain]] /* plain-id */
        <<goto "Elsewhere">>
        """))
    assert body.narration == "Rain on the line."
    assert body.customer == "Hello?"
    assert body.effects.set == ["called"]
    calm, hurry, wait, either, plain = body.links
    assert (calm.text, calm.target, calm.effects.set, calm.effects.change) == (
        "Stay calm", "Calm", ["x"], {"calm": 5.0})
    assert (calm.rule.requires, calm.rule.unless, calm.rule.when) == (
        ["met"], ["angry"], {"calm": ("at_least", 60.0)})
    assert not hurry.rule.ok  # else-if after a compound condition cannot be read
    assert (wait.text, wait.target) == ("Wait", "Go")
    assert not either.rule.ok
    assert (plain.text, plain.target, plain.id) == ("Plain", "Plain", "plain-id")
    assert body.notes == [
        "part of the <<if>> around the link to 'Rush' could not be read and is left out",
        "part of the <<if>> around the link to 'Go' could not be read and is left out",
        "part of the <<if>> around the link to 'E' could not be read and is left out",
        "the macro <<goto>> is not read and is left out"]


def test_twee_notation_escapes_and_bad_metadata() -> None:
    """The spec's escapes in names and tags, a content line that looks like a header, and a
    metadata block that is not JSON (a warning: the passage is kept)."""
    passages, problems = parse_twee(":: A \\[b\\] c\\\\d [t\\]ag other] {\"position\":\"1,2\"}\n"
                                    "text\n\\:: not a header\n\n:: Next {oops\nbody\n", "f.tw")
    first, second = passages
    assert (first.name, first.tags, first.metadata) == ("A [b] c\\d", ("t]ag", "other"),
                                                        {"position": "1,2"})
    assert first.text == "text\n:: not a header"
    assert second.name == "Next"
    assert [str(p) for p in problems] == [
        "f.tw:5:1: warning: the passage's metadata is not a JSON object: it is left out"]
    written = write_twee(passages)
    assert written.startswith(":: A \\[b\\] c\\\\d [t\\]ag other] {\"position\":\"1,2\"}\n"
                              "text\n\\:: not a header\n")
    assert parse_twee(written, "f.tw")[0] == [
        dataclasses.replace(p, line=q.line) for p, q in zip(
            passages, parse_twee(written, "f.tw")[0], strict=True)]


# -- bad input: clear errors, never a traceback --------------------------------------------

def test_convert_says_which_directions_it_knows(tmp_path: Path) -> None:
    source = ROOT / "scenarios" / "frozen-highway.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(source), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert result.stderr == ("error: convert goes from a scenario (.yaml, .yml) to Twee (.twee, "
                             ".tw) or back, not from '.yaml' to '.json'\n")
    result = runner.invoke(main, ["convert", str(source), "-o", str(tmp_path / "x.yml")])
    assert result.exit_code == 2
    out = tmp_path / "x.tw"
    assert runner.invoke(main, ["convert", str(source), "-o", str(out)]).exit_code == 0
    result = runner.invoke(main, ["convert", str(source), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (
        2, f"error: {out} already exists: choose another file or add --force\n")
    assert runner.invoke(main, ["convert", str(source), "-o", str(out), "--force"]).exit_code == 0


@pytest.mark.parametrize("content", [
    b"", b"just some text\n", b"\xff\xfe not utf-8", b":: \n", b":: AgentsimData\n- a\n",
    b":: AgentsimData\nkey: [unclosed\n:: a\n[[b]]\n", b":: StoryData\n{\n:: a\nhi\n"])
def test_broken_twee_is_a_clear_error_never_a_traceback(content: bytes, tmp_path: Path) -> None:
    source = tmp_path / "broken.twee"
    source.write_bytes(content)
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(tmp_path / "b.yaml")])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_metadata_passage_is_read_as_safely_as_a_scenario_file(tmp_path: Path) -> None:
    """No anchors or aliases (an alias bomb could not grow), no duplicate keys; each problem
    at its line in the Twee file."""
    source = tmp_path / "bomb.twee"
    source.write_text(":: StoryTitle\nx\n\n:: AgentsimData [agentsim]\nformat: 2\n"
                      "x: &a [1]\ny: *a\n\n:: a\nhi\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(tmp_path / "b.yaml")])
    assert (result.exit_code, result.stderr) == (1, (
        f"{source}:6:4: error[Y006]: anchors (&a) are not allowed in the AgentsimData "
        "passage\n1 error, 0 warnings\n"))


@pytest.mark.slow
def test_every_cut_of_an_exported_story_converts_without_a_traceback() -> None:
    """Lines cut one at a time from an export: each reads as a scenario or a clear error."""
    lines = to_twee(load_scenario(EXAMPLES / "sim-swap.yaml")).split("\n")
    for index in range(0, len(lines), 3):
        cut = "\n".join(lines[:index] + lines[index + 1:])
        try:
            imported = from_twee(cut, "cut.twee")
        except ScenarioError as err:
            diagnostics = list(err.diagnostics)
        else:
            diagnostics = compile_bytes(imported.yaml("cut.twee").encode(), "cut.yaml")[1]
        assert all(str(d).startswith("cut.") for d in diagnostics)
