"""Play a scenario through a real pseudo-terminal, reading the screen as a trainee would."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

import pexpect

from simulator.play import Engine
from simulator.scenario import Scenario


def numbered_replies(screen: str) -> dict[str, int]:
    """The replies on a screen, joined across wrapped lines, by the number shown."""
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


def play_by_reading(scenario: Scenario, path: Sequence[str], lang: str, seed: int = 11,
                    env: dict[str, str] | None = None) -> tuple[str, int]:
    """Play `path` (choice ids) by finding each reply's number on screen; return the screen
    text and the exit status."""
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "play", scenario.id, "--lang",
                                           lang, "--untimed", "--seed", str(seed), "--trainee",
                                           "trainee"],
                          env={**os.environ, "NO_COLOR": "1", **(env or {})},
                          encoding="utf-8", timeout=30, dimensions=(60, 80))
    screen: list[str] = []
    for turn in Engine(scenario).replay(list(path)).turns:
        child.expect(r"\[1-\d+\]: ")
        screen.append(child.before + child.after)
        choice = scenario.states[turn.state].choice(turn.choice)
        assert choice is not None
        text = " ".join(choice.text.get(lang).split())
        shown = numbered_replies(child.before)
        if text not in shown:
            raise AssertionError(f"reply '{turn.choice}' not on screen: {list(shown)}")
        child.sendline(str(shown[text]))
    child.expect(pexpect.EOF)
    screen.append(child.before)
    child.close()
    status = child.exitstatus if child.exitstatus is not None else -1
    return "".join(screen).replace("\r", ""), status
