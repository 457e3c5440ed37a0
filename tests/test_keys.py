"""The format's keys live in one list, and docs/scenario-format.md documents exactly them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.scenario import _keys as keys
from simulator.scenario._keys import Block, Key
from simulator.scenario._loader import compile_bytes
from simulator.scenario._schema import meanings
from tests.conftest import SMALL

FORMAT_DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"

# Where the docs list each block's keys: (section, table in it, prefix of the key names).
TABLES: dict[Block, tuple[str, int, str]] = {
    keys.TOP: ("Top level", 0, ""),
    keys.CUSTOMER: ("Customer", 0, ""),
    keys.METER: ("Meters", 0, ""),
    keys.ACTION: ("Actions", 0, ""),
    keys.STATE: ("States", 0, ""),
    keys.CHOICE: ("Choices", 0, ""),
    keys.ENDING: ("Endings", 0, ""),
    keys.SCORING: ("Scoring", 0, ""),
    keys.ESCALATIONS: ("Scoring", 0, "escalations."),
    keys.CRITICAL_ERROR: ("Scoring", 1, ""),
    keys.WALKTHROUGH: ("Walkthroughs", 0, ""),
    keys.EMOTION: ("Emotions", 0, ""),
    keys.PACE: ("Meters", 1, ""),
    keys.STATE_VARIANT: ("Variants", 0, ""),
    keys.ENDING_VARIANT: ("Variants", 1, ""),
    keys.SILENCE: ("Silence", 0, ""),
    keys.TARGET: ("Choices", 1, ""),
    keys.MARK: ("Accuracy marks", 0, ""),
}
# Small blocks the docs describe in the row of the key that holds them: (section, row).
ROWS: dict[Block, tuple[str, str]] = {
    keys.TEST: ("Choices", "when"),
    keys.LIMIT: ("Meters", "ends"),
    keys.CRITICAL_ACTION: ("Scoring", "critical_actions"),
}


def tables(section: str) -> list[list[list[str]]]:
    """The tables under a `## section` heading, each a list of rows of stripped cells."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    found: list[list[list[str]]] = []
    previous = ""
    for line in body.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                found.append([])
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not set(cells[0]) <= set("-"):  # the rule under the header
                found[-1].append(cells)
        previous = line
    return [table[1:] for table in found]  # without the header row


def documented(block: Block) -> dict[str, str]:
    """The keys the docs' table lists for `block`, each with its 'default' column."""
    section, index, prefix = TABLES[block]
    rows = {}
    for name, _type, default, *_meaning in tables(section)[index]:
        match = re.fullmatch(r"`([a-z_.]+)`", name)
        assert match, f"{section}: {name} is not a backticked key"
        key = match[1]
        if key.startswith(prefix) and (prefix or "." not in key):
            rows[key.removeprefix(prefix)] = default
    return rows


def test_every_block_is_documented_somewhere() -> None:
    assert set(TABLES) | set(ROWS) == set(keys.BLOCKS)
    assert len(keys.BLOCKS) == len({block.name for block in keys.BLOCKS})


@pytest.mark.parametrize("block", list(TABLES), ids=lambda block: block.name)
def test_the_docs_table_lists_exactly_the_blocks_keys(block: Block) -> None:
    """Each key the loader allows is in its table, and each key in the table is allowed."""
    rows = documented(block)
    assert list(rows) == list(block.allowed())


@pytest.mark.parametrize("block", list(TABLES), ids=lambda block: block.name)
def test_the_docs_call_exactly_the_required_keys_required(block: Block) -> None:
    required = [key for key, default in documented(block).items() if default == "required"]
    assert required == list(block.required())


@pytest.mark.parametrize("block", list(ROWS), ids=lambda block: block.name)
def test_keys_described_in_a_row_are_named_there(block: Block) -> None:
    section, key = ROWS[block]
    [row] = [row for row in tables(section)[0] if row[0] == f"`{key}`"]
    named = {word for span in re.findall(r"`([^`]*)`", " ".join(row[1:]))
             for word in re.findall(r"[a-z_]+", span)}
    assert set(block.allowed()) <= named, set(block.allowed()) - named


def test_a_key_records_the_format_that_introduced_it() -> None:
    """A later format adds keys to a block; a file of an earlier format may not use them."""
    block = Block("example", (Key("name", required=True), Key("mood"),
                              Key("voice", since=2), Key("accent", required=True, since=2)))
    assert block.allowed(1) == ("name", "mood")
    assert block.required(1) == ("name",)
    assert block.allowed(2) == ("name", "mood", "voice", "accent")
    assert block.required(2) == ("name", "accent")
    assert (block.since("voice"), block.since("name"), block.since("pitch")) == (2, 1, None)


FORMAT_2 = {("top level", "emotions"), ("meter", "pace"), ("state", "variants"),
            ("state", "silence"), ("choice", "extra"), ("ending", "variants")}


def test_format_2_added_exactly_its_keys() -> None:
    """The blocks only format 2 has are reached through its keys, so they carry none."""
    assert {(b.name, k.name) for b in keys.BLOCKS for k in b.keys if k.since == 2} == FORMAT_2


def test_the_docs_mark_every_format_2_key() -> None:
    for block, (section, index, _prefix) in TABLES.items():
        for row in tables(section)[index]:
            name = row[0].strip("`")
            if (block.name, name) in FORMAT_2:
                assert "(format 2)" in row[3], (block.name, name)


def test_a_format_2_key_in_a_format_1_file_says_which_format_it_needs() -> None:
    text = SMALL.replace("    emotion: fear\n", "    emotion: fear\n    variants: []\n")
    _scenario, diagnostics = compile_bytes(text.encode(), "f.yaml")
    assert any("error[F009]: 'variants' in state 'hello' needs format 2: write 'format: 2' "
               "at the top of the file" in str(d) for d in diagnostics), diagnostics


@pytest.mark.parametrize("key", keys.TOP.required())
def test_the_loader_requires_what_the_list_requires(key: str) -> None:
    """Renaming a required top-level key of a valid scenario leaves it missing."""
    text = SMALL.replace(f"\n{key}:", f"\nx{key}:") if key != "format" else "x" + SMALL
    _scenario, diagnostics = compile_bytes(text.encode(), "f.yaml")
    assert "f.yaml:1:1: error[F002]: the scenario is missing required key " \
        f"'{key}'" in [str(d) for d in diagnostics]


def test_every_key_has_one_meaning() -> None:
    """meanings.yaml gives every key of every block a sentence, and names no other key."""
    found = meanings()
    assert [name for name in found if name not in ("weights", "scores")] == [
        block.name for block in keys.BLOCKS]
    for block in keys.BLOCKS:
        assert list(found[block.name]) == list(block.allowed()), block.name
        assert all(found[block.name].values()), block.name
    assert list(found["weights"]) == ["empathy", "speed", "escalation", "accuracy"]
    assert list(found["scores"]) == ["empathy", "speed", "escalation", "accuracy", "overall"]


@pytest.mark.parametrize("block", list(TABLES), ids=lambda block: block.name)
def test_the_docs_meaning_column_is_the_one_in_meanings_yaml(block: Block) -> None:
    """The docs' tables copy what simulator/scenario/meanings.yaml says, word for word: the
    schema's descriptions (hover in an editor) and the docs never disagree."""
    section, index, prefix = TABLES[block]
    for row in tables(section)[index]:
        name = row[0].strip("`")
        if name.startswith(prefix) and (prefix or "." not in name):
            key = name.removeprefix(prefix)
            assert row[3] == meanings()[block.name][key], (
                f"docs/scenario-format.md, section {section!r}, key {name!r}: the meaning "
                f"must read as in meanings.yaml: {meanings()[block.name][key]}")
