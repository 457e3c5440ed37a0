"""The README's promises stay true: two set-up commands, the test one run by CI, every command."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_the_readme_gives_exactly_two_set_up_commands() -> None:
    play, test = setup_commands()
    assert "\n" not in play
    assert "\n" not in test
    assert play.endswith("agentsim play frozen-highway")
    assert "pytest" in test


def test_ci_runs_the_readmes_test_command() -> None:
    _, test = setup_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    """Every command `agentsim --help` lists (they load on use, so read the registry)."""
    assert {"play", "review", "note", "next"} <= set(COMMANDS)
    for name in COMMANDS:
        assert f"agentsim {name}" in README, name


def test_docs_the_readme_links_exist() -> None:
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
