"""The loader reads scenario YAML like a compiler: every problem, with its file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import compile_scenario, load_scenario
from tests.conftest import SMALL

Write = Callable[..., Path]


def messages(path: Path) -> list[str]:
    scenario, diagnostics = compile_scenario(path, path.name)
    assert scenario is None
    return [str(d) for d in diagnostics]


def test_small_scenario_loads_with_locations(write: Write) -> None:
    """Every model object remembers the line it came from."""
    scenario = load_scenario(write(SMALL, "small.yaml"))
    assert scenario.id == "small"
    assert list(scenario.states) == ["hello", "where"]
    hello = scenario.states["hello"]
    assert hello.loc.line == 17
    assert hello.choices[0].loc.line == 20
    assert scenario.endings["dropped"].loc.line == 51
    assert hello.choices[0].takes == 30.0
    assert hello.choices[1].takes == 60.0
    assert scenario.meters["battery"].ends[0].ending == "dropped"
    assert scenario.states["where"].choices[0].requires == frozenset({"located"})
    assert len(scenario.digest) == 64


def test_text_falls_back_to_english(write: Write) -> None:
    scenario = load_scenario(write(SMALL))
    title = scenario.title
    assert title.get("id") == "Panggilan kecil"
    assert title.get("fr") == "A small call"


def test_every_reference_error_is_reported_with_a_hint(write: Write) -> None:
    path = write("""\
        format: 1
        id: bad
        title: Bad
        summary: A bad one.
        customer: {name: X}
        start: helo
        states:
          hello:
            customer: Hi
            choices:
              - id: a
                text: A
                next: endd
                requires: [locatd]
                behaviours: [reasure]
                tkes: 10s
        endings:
          end: {outcome: safe, text: Done}
          end: {outcome: safe, text: Again}
        """, "bad.yaml")
    assert messages(path) == [
        "bad.yaml:6:8: error[R001]: unknown state 'helo' in 'start' (did you mean 'hello'?)",
        "bad.yaml:13:15: error[R001]: unknown state or ending 'endd' in choice 'a' "
        "(did you mean 'end'?)",
        "bad.yaml:14:20: error[R005]: flag 'locatd' in choice 'a' is never set by any choice",
        "bad.yaml:15:22: error[F005]: unknown behaviour 'reasure' (did you mean 'reassure'?)",
        "bad.yaml:16:9: error[F001]: unknown key 'tkes' in a choice in state 'hello' "
        "(did you mean 'takes'?)",
        "bad.yaml:19:3: error[Y010]: duplicate key 'end' (first defined at line 18)",
    ]


def test_missing_required_keys_and_wrong_types(write: Write) -> None:
    path = write("""\
        format: 1
        id: Bad Id
        title: [not, text]
        customer: {name: X}
        start: a
        meters:
          battery: {start: 120, per_minute: fast}
        states:
          a:
            choices:
              - {id: go, text: Go, next: done, takes: soon}
        endings:
          done: {outcome: fine, text: Ok}
        """, "types.yaml")
    assert messages(path) == [
        "types.yaml:1:1: error[F002]: the scenario is missing required key 'summary'",
        "types.yaml:2:5: error[F004]: 'id' must be an id (lower-case letters, digits and '-', "
        "starting with a letter), not 'Bad Id'",
        "types.yaml:3:8: error[F003]: 'title' must be text: a string or a mapping of language to "
        "string, not a list",
        "types.yaml:7:20: error[F005]: meter 'battery' starts at 120, outside 0..100",
        "types.yaml:7:37: error[F003]: 'per_minute' must be a number, not a string",
        "types.yaml:10:5: error[F008]: state 'a' needs 'customer' or 'narration': "
        "what the agent hears",
        "types.yaml:11:47: error[F005]: 'takes' must be a duration such as 20, \"20s\", \"2m\" "
        "or \"1m30s\", not 'soon'",
        "types.yaml:13:19: error[F005]: 'outcome' must be one of safe, partial, failed, harmed, "
        "not 'fine' (did you mean 'failed'?)",
    ]


def test_yaml_syntax_error_has_the_same_shape(write: Write) -> None:
    path = write("format: 1\nid: [x\n", "syntax.yaml")
    assert messages(path) == [
        "syntax.yaml:3:1: error[Y004]: invalid YAML: did not find expected ',' or ']'"]


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x [1]\nb: *x\n", "1:4: error[Y006]: anchors (&x) are not allowed in a scenario"),
    ("a: !!python/object:os.system x\n",
     "1:4: error[Y007]: tags (!!python/object:os.system) are not allowed in a scenario"),
    ("", "1:1: error[F007]: the file is empty: a scenario is a mapping with 'format', 'id', "
     "'title', 'states' and 'endings'"),
    ("- a\n- b\n", "1:1: error[F003]: the scenario must be a mapping, not a list"),
    ("a: 1\n---\nb: 2\n",
     "2:1: error[Y005]: a scenario file holds one YAML document; found a second"),
    ("format: 3\n", "1:9: error[F006]: unsupported format 3: this agentsim reads formats 1 to 2"),
    ("[1]: x\n", "1:1: error[Y009]: mapping keys must be plain strings"),
])
def test_refused_documents(write: Write, text: str, expected: str) -> None:
    path = write(text, "f.yaml")
    assert messages(path) == [f"f.yaml:{expected}"]


def test_alias_bomb_is_refused_before_expansion(write: Write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 30)]
    path = write("\n".join(lines) + "\n", "bomb.yaml")
    assert messages(path) == [
        "bomb.yaml:1:5: error[Y006]: anchors (&a0) are not allowed in a scenario"]


def test_deep_nesting_is_refused(write: Write) -> None:
    block = "".join(f"{'  ' * i}k:\n" for i in range(100))
    assert messages(write(block, "deep.yaml")) == [
        "deep.yaml:65:129: error[Y008]: the document is nested more than 64 levels deep"]
    flow = "a: " + "[" * 10_000 + "]" * 10_000 + "\n"
    assert messages(write(flow, "flow.yaml")) == [
        "flow.yaml:1:1003: error[Y004]: invalid YAML: exceeded maximum nesting depth"]


def test_invalid_utf8_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"format: 1\ntitle: caf\xe9\n")
    assert messages(path) == ["latin.yaml:2:11: error[Y003]: the file is not valid UTF-8 text"]


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(3_000_000)
    assert messages(path) == [
        "big.yaml: error[Y002]: the file is 3,000,000 bytes; a scenario may be at most "
        "2,000,000 bytes"]


def test_missing_file(tmp_path: Path) -> None:
    assert messages(tmp_path / "nope.yaml") == [
        "nope.yaml: error[Y001]: cannot read the file: No such file or directory"]


def test_keys_stay_strings(write: Write) -> None:
    """YAML 1.1 would turn a key `no:` into False; ids must stay as written."""
    text = SMALL.replace("  where:\n", "  no:\n").replace("next: where", "next: no")
    scenario = load_scenario(write(text))
    assert "no" in scenario.states


def test_load_scenario_raises_with_all_errors(write: Write) -> None:
    path = write(SMALL.replace("next: safe", "next: saef").replace("start: hello",
                                                                 "start: hullo"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert len(caught.value.diagnostics) == 2
    assert caught.value.render().endswith("2 errors, 0 warnings")


@pytest.mark.parametrize(("change", "expected"), [
    (("version: 1\n", "version: .inf\n"),
     "error[F005]: 'version' must be a whole number from 1, not inf"),
    (("        next: where\n        takes: 30s\n", "        next:\n        takes: 30s\n"),
     "error[F002]: 'next' is empty in a choice in state 'hello': it needs a value"),
    (("format: 1\n", "format: true\n"),
     "error[F006]: unsupported format True: this agentsim reads formats 1 to 2"),
])
def test_values_found_by_reviewing_the_diagnostics(write: Write, change: tuple[str, str],
                                                   expected: str) -> None:
    """Each of these once crashed or slipped through; now each is one clear error."""
    text = SMALL.replace("shuffle: false\n", "version: 1\nshuffle: false\n")
    path = write(text.replace(*change), "f.yaml")
    assert any(m.endswith(expected) for m in messages(path)), messages(path)


# -- found by fuzzing (tests/test_fuzz.py) ---------------------------------------------------

LONG = "1" + "0" * 400  # an integer too large for a float
SHOWN = "1" + "0" * 59 + "..."  # how a message shows it


@pytest.mark.parametrize(("change", "expected"), [
    (("version: 1\n", f"version: {'9' * 5000}\n"),
     "error[F003]: 'version' must be a number, not a string"),
    (("version: 1\n", f"version: {LONG}\n"),
     f"error[F005]: 'version' must be a whole number from 1, not {SHOWN}"),
    (("version: 1\n", "version: 10000000000000000000\n"),
     "error[F005]: 'version' must be a whole number from 1 to 2,147,483,647, not "
     "10000000000000000000"),
    (("per_minute: -2", f"per_minute: -{LONG}"),
     f"error[F005]: 'per_minute' must be a finite number, not -{SHOWN[:-4]}..."),
    (("per_minute: -2", "per_minute: .inf"),
     "error[F005]: 'per_minute' must be a finite number, not inf"),
    (("change: {calm: 10}", f"change: {{calm: {LONG}}}"),
     f"error[F005]: a change to 'calm' must be a finite number, not {SHOWN}"),
    (("takes: 30s", f"takes: {'9' * 5000}m"),
     "error[F005]: 'takes' must be a duration such as 20, \"20s\", \"2m\" or \"1m30s\", not "
     f"'{'9' * 60}... (5,001 characters)'"),
    (("takes: 30s", f"takes: {LONG}"),
     f"error[F005]: 'takes' must be at most a day (86400 seconds), not {SHOWN}"),
    (("takes: 30s", "takes: 1441m"),
     "error[F005]: 'takes' must be at most a day (86400 seconds), not '1441m'"),
    (("shuffle: false\n", "shuffle: false\nscoring: {weights: {empathy: .nan}}\n"),
     "error[F003]: the weight of 'empathy' must be a number >= 0"),
    (("format: 1\n", f"format: 1\n{'k' * 1000}: 1\n"),
     f"error[F001]: unknown key '{'k' * 60}... (1,000 characters)' in the scenario"),
    (("id: small", f"id: \"a\\nb{'c' * 100}\""),
     f"error[F004]: 'id' must be an id (lower-case letters, digits and '-', starting with a "
     f"letter), not 'a\\nb{'c' * 57}... (103 characters)'"),
])
def test_values_found_by_fuzzing(write: Write, change: tuple[str, str], expected: str) -> None:
    """Each of these crashed the loader (or the scoring or the records after it), or gave a
    message as long as the file; now each is one short, located error."""
    text = SMALL.replace("shuffle: false\n", "version: 1\nshuffle: false\n")
    path = write(text.replace(*change), "f.yaml")
    found = messages(path)
    assert any(m.endswith(expected) for m in found), found
    assert all(len(m) < 300 for m in found)


@pytest.mark.parametrize("title", ["0x_", "0b_", "0o_", "9" * 5000])
def test_numbers_python_cannot_build_stay_words(write: Write, title: str) -> None:
    """YAML 1.1 calls `0x_` an integer, but it has no digits: like YAML 1.2, it is a word."""
    text = SMALL.replace("title: {en: A small call, id: Panggilan kecil}", f"title: {title}")
    assert load_scenario(write(text)).title.get("en") == title


def test_choices_without_ids_are_not_duplicates(write: Write) -> None:
    """Two replies missing their ids are two missing ids, not a duplicate id ''."""
    text = SMALL.replace("      - id: ask-where\n        text:", "      - text:").replace(
        "      - id: chat\n        text:", "      - text:")
    assert messages(write(text, "f.yaml")) == [
        "f.yaml:20:9: error[F002]: a choice in state 'hello' is missing required key 'id'",
        "f.yaml:25:9: error[F002]: a choice in state 'hello' is missing required key 'id'"]


@pytest.mark.parametrize(("data", "expected"), [
    (b"format: 1\nid: a\x01b\n", "f.yaml:2:6: error[Y004]: invalid YAML: unacceptable "
     "character #x0001: control characters are not allowed"),
    (b"format: 1\ntitle: \xc3\xa9\xc3\xa9 \x00\n", "f.yaml:2:11: error[Y004]: invalid YAML: "
     "unacceptable character #x0000: control characters are not allowed"),
    (b"k" * 1025 + b": v\n", "f.yaml:1:1026: error[Y004]: invalid YAML: mapping values are "
     "not allowed in this context (a key may be at most 1024 characters)"),
])
def test_unreadable_characters_and_keys_have_a_place(tmp_path: Path, data: bytes,
                                                     expected: str) -> None:
    """The YAML reader reports a bad character by offset only; we give its line and column."""
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert messages(path) == [expected]


def test_a_mapping_of_100000_keys_is_refused_at_its_10001st(write: Write) -> None:
    """A hostile file of tiny entries is stopped early, not built and echoed back."""
    text = "format: 1\nstates:\n" + "".join(f"  s{i}: x\n" for i in range(100_000))
    assert messages(write(text, "f.yaml")) == [
        "f.yaml:10003:3: error[Y002]: a mapping or list holds more than 10,000 entries; a "
        "scenario's hold at most 10,000"]


def test_did_you_mean_is_offered_for_the_first_problems_only(write: Write) -> None:
    """Each hint compares a name with every candidate: a file of typos stays quick."""
    text = SMALL + "".join(f"titl{i}: x\n" for i in range(50))
    found = messages(write(text, "f.yaml"))
    assert len(found) == 50
    assert sum("did you mean" in m for m in found) == 20
