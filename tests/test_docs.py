"""The README's promises stay true: two set-up commands, the test one run by CI, every command,
every environment variable and exit code (there and in `agentsim --help`), shell completion."""

from __future__ import annotations

import re
import signal
from pathlib import Path

from simulator.cli import COMMANDS, EPILOG
from simulator.errors import AgentsimError
from simulator.play import EXIT_INTERRUPTED, EXIT_UNRECORDED

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


def environment_variables() -> set[str]:
    """Every AGENTSIM_* name in the package's source, and every variable it reads by name."""
    names: set[str] = set()
    for path in (ROOT / "simulator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"\bAGENTSIM_[A-Z_]+\b", text))
        names |= set(re.findall(r"environ(?:\.get\(|\[)\"([A-Z_]+)\"", text))
        names |= set(re.findall(r"envvar=\"([A-Z_]+)\"", text))
    return names


def test_every_environment_variable_is_in_the_help_and_the_readme() -> None:
    names = environment_variables()
    assert {"AGENTSIM_DB", "AGENTSIM_XAPI_KEY", "NO_COLOR", "USER"} <= names
    section = README.split("### Environment\n", 1)[1].split("\n#", 1)[0]
    for name in [*sorted(names), "_AGENTSIM_COMPLETE"]:
        assert re.search(rf"^  {name} ", EPILOG, flags=re.M), name
        assert f"| `{name}` |" in section, name


def exit_codes() -> set[int]:
    """The codes agentsim exits with: its errors', click's usage error, a call broken off."""
    errors: list[type[AgentsimError]] = [AgentsimError]
    for error in errors:
        errors.extend(error.__subclasses__())
    return ({0, 2, EXIT_INTERRUPTED, EXIT_UNRECORDED, 128 + signal.SIGHUP,
             128 + signal.SIGTERM}
            | {error.exit_code for error in errors})


def test_every_exit_code_is_in_the_help_and_the_readme() -> None:
    codes = exit_codes()
    assert codes == {0, 1, 2, 75, 129, 130, 143}
    section = README.split("### Exit codes\n", 1)[1].split("\n#", 1)[0]
    listed = EPILOG.split("Exit codes:\n", 1)[1]
    assert {int(c) for c in re.findall(r"^  (\d+) ", listed, flags=re.M)} == codes
    assert {int(c) for c in re.findall(r"^\| (\d+) \|", section, flags=re.M)} == codes


def test_shell_completion_is_documented_for_bash_zsh_and_fish() -> None:
    section = README.split("### Shell completion\n", 1)[1].split("\n#", 1)[0]
    assert 'eval "$(_AGENTSIM_COMPLETE=bash_source agentsim)"' in section
    assert 'eval "$(_AGENTSIM_COMPLETE=zsh_source agentsim)"' in section
    assert "_AGENTSIM_COMPLETE=fish_source agentsim | source" in section
    assert 'eval "$(_AGENTSIM_COMPLETE=bash_source agentsim)"' in EPILOG


def test_docs_the_readme_links_exist() -> None:
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
