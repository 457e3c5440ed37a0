"""Interactive play through a real pseudo-terminal, as a trainee meets it."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from simulator.catalog import Catalog
from simulator.loader import load_scenario
from simulator.profile import load_profile
from simulator.search import best_plan
from tests.conftest import SMALL


@pytest.fixture
def spawn(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "small.yaml").write_text(SMALL, encoding="utf-8")
    children = []

    def spawn(*args: str, **env: str) -> pexpect.spawn:
        child = pexpect.spawn(
            sys.executable, ["-m", "simulator", "--scenarios", str(folder), *args],
            env={**os.environ, "COLUMNS": "80", **env}, encoding="utf-8", timeout=20,
            dimensions=(40, 80))
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.close(force=True)


def test_a_full_call_with_a_wrong_key(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn("play", "small", "--untimed", NO_COLOR="1")
    child.expect("Ana: Help me.")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("5")
    child.expect("Please type a number from 1 to 2.")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("1")
    child.expect("You: Where are you?")
    child.expect(r"\[Time 00:30 \| Battery 4%\]")
    child.expect(r"Your reply \[1-3\]: ")
    child.sendline("1")
    child.expect("== The call has ended ==")
    child.expect(r"Outcome: safe \(success\)")
    child.expect(pexpect.EOF)
    assert "\x1b[" not in child.before
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_ends_the_call_cleanly(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn("play", "small")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("1")
    child.expect(r"Your reply \[1-3\]: ")
    child.sendintr()
    child.expect("Call abandoned at turn 2: the session is kept as abandoned.")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    child.close()
    assert child.exitstatus == 130


def test_colour_only_on_a_terminal_without_no_color(spawn) -> None:  # type: ignore[no-untyped-def]
    child = spawn("play", "small", "--untimed")
    child.expect(r"Your reply \[1-2\]: ")
    assert "\x1b[" in child.before
    child.kill(signal.SIGTERM)


def numbered_replies(screen: str) -> dict[str, int]:
    """The replies on the last screen, joined across wrapped lines, by their number."""
    replies: dict[str, int] = {}
    current: list[str] = []
    number = 0
    for line in screen.replace("\r", "").splitlines():
        match = re.match(r"\s{0,2}(\d+)\) (.*)", line)
        if match:
            if number:
                replies[" ".join(current)] = number
            number, current = int(match.group(1)), [match.group(2).strip()]
        elif number and line.startswith("    "):
            current.append(line.strip())
    if number:
        replies[" ".join(current)] = number
    return replies


@pytest.mark.parametrize(("lang", "verdict"), [("en", "PASSED"), ("id", "LULUS")])
def test_the_best_path_of_frozen_highway_by_reading_the_screen(lang: str, verdict: str) -> None:
    """A trainee reads each screen and types the number of the best reply."""
    scenario = load_scenario(Catalog.builtin().find("frozen-highway"))
    best = best_plan(scenario, load_profile()).session.turns
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "play", "frozen-highway",
                                           "--lang", lang, "--untimed", "--seed", "11"],
                          env={**os.environ, "NO_COLOR": "1"}, encoding="utf-8",
                          timeout=20, dimensions=(60, 80))
    for turn in best:
        child.expect(r"\[1-\d\]: ")
        choice = scenario.states[turn.state].choice(turn.choice)
        assert choice is not None
        text = " ".join(choice.text.get(lang).split())
        shown = numbered_replies(child.before)
        assert text in shown, (text, list(shown))
        child.sendline(str(shown[text]))
    child.expect(verdict)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
