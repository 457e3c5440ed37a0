"""The command line, through click's runner: list, play (scripted), validate, exit codes, the
help and shell completion."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from simulator.cli import COMMANDS, main
from tests.conftest import SMALL
from tests.conftest import run_cli as run


def test_list_json_counts_states_choices_and_endings(folder: Path) -> None:
    code, out, _ = run(folder, "list", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert {k: row[k] for k in ("id", "title", "languages", "states", "choices", "endings")} == {
        "id": "small", "title": "A small call", "languages": ["en", "id"], "states": 2,
        "choices": 5, "endings": 3}


def test_list_marks_a_broken_file_instead_of_failing(folder: Path) -> None:
    (folder / "broken.yaml").write_text("format: 1\n", encoding="utf-8")
    code, out, _ = run(folder, "list")
    assert code == 0
    assert "broken                 (cannot be loaded: run agentsim validate)" in out
    assert "small                  A small call" in out


def test_play_with_answers_by_number_and_id(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--answers", "-", stdin="1\n# comment\n\nsend\n")
    assert code == 0
    assert "Ana: Help me." in out
    assert "You: Where are you?" in out
    assert "== The call has ended ==" in out
    assert "Outcome: safe (success)" in out
    assert "Simulated time 00:45, 2 replies." in out


def test_play_in_indonesian(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--lang", "id", "--answers", "-",
                       stdin="ask-where\nsend\n")
    assert code == 0
    assert "Ana: Tolong saya." in out
    assert "Anda: Di mana?" in out
    assert "Hasil: aman (berhasil)" in out


def test_play_json_prints_the_session(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--json", "--trainee", "ana", "--seed", "4",
                       "--answers", "-", stdin="ask-where\nsend\nleft over\n")
    assert code == 0
    data = json.loads(out)
    assert (data["ending"], data["outcome"], data["passed"]) == ("safe", "safe", True)
    assert data["scores"] == {"empathy": 100.0, "speed": 100.0, "escalation": 100.0,
                              "accuracy": 100.0, "overall": 100.0}
    assert (data["critical_errors"], data["findings"]) == ([], [])
    session = data["session"]
    assert (session["trainee"], session["seed"], session["timed"]) == ("ana", 4, False)
    assert [t["choice"] for t in session["turns"]] == ["ask-where", "send"]


def test_an_answer_that_matches_no_reply_names_its_line(folder: Path) -> None:
    code, _, err = run(folder, "play", "small", "--answers", "-", stdin="1\n\n7\n")
    assert code == 2
    assert err.strip() == ("error: <stdin>:3: '7' matches no reply at 'where' "
                           "(type 1-3 or one of: send, calm-down, hang-up)")


def test_answers_that_run_out_abandon_the_call(folder: Path) -> None:
    code, out, err = run(folder, "play", "small", "--answers", "-", stdin="1\n")
    assert code == 130
    assert "The answers ended before the call did" in out
    assert "Call abandoned at turn 2: the session is kept as abandoned." in err


def test_end_of_input_in_interactive_play_abandons_cleanly(folder: Path) -> None:
    code, _, err = run(folder, "play", "small", stdin="")
    assert code == 130
    assert "Call abandoned at turn 1" in err
    assert "Traceback" not in err


def test_interactive_wrong_key_reprompts(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--untimed", stdin="9\nx\n1\n1\n")
    assert code == 0
    assert out.count("Please type a number from 1 to 2.") == 2


def test_unknown_scenario_suggests_the_closest(folder: Path) -> None:
    code, _, err = run(folder, "play", "smal")
    assert code == 2
    assert err.strip() == "error: no scenario 'smal' (did you mean 'small'?); available: small"


def test_broken_scenario_is_exit_1_with_locations(folder: Path) -> None:
    (folder / "small.yaml").write_text(SMALL.replace("next: safe", "next: saef"),
                                       encoding="utf-8")
    code, _, err = run(folder, "play", "small")
    assert code == 1
    assert "small.yaml:35:15: error[R001]: unknown state or ending 'saef' in choice 'send' " \
           "(did you mean 'safe'?)" in err
    assert err.strip().endswith("1 error, 0 warnings")
    assert "Traceback" not in err


def test_validate_reports_and_counts(folder: Path, tmp_path: Path) -> None:
    code, out, _ = run(folder, "validate")
    assert code == 0
    assert out.splitlines()[-4].endswith(
        "small.yaml:26:9: warning[S003]: choice 'chat' is not the best reply anywhere and has "
        "no 'feedback' to tell the trainee why")
    # 3 S003, and 9 validity warnings (V007, V009 x 7, V010: see tests/test_validate.py)
    assert out.splitlines()[-1] == "checked 1 file: 0 errors, 12 warnings"
    lonely = SMALL.replace("endings:\n", "  lonely:\n    customer: Hi\n    choices:\n"
                           "      - {id: x, text: X, next: safe}\nendings:\n")
    path = tmp_path / "small.yaml"
    path.write_text(lonely, encoding="utf-8")
    code, out, _ = run(folder, "validate", str(path))
    assert code == 1
    assert "error[G001]: state 'lonely' cannot be reached from the start 'hello'" in out
    assert "warning[T001]: state 'lonely' 'customer' has no text in language 'id'" in out
    assert out.strip().endswith("checked 1 file: 1 error, 2 warnings")


def test_every_command_has_help() -> None:
    """Every command in the listing, loaded as it is when it runs."""
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None, name
        assert command.help, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, name


def test_no_save_records_nothing(folder: Path, records: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--no-save", "--answers", "-",
                       stdin="ask-where\nsend\n")
    assert code == 0
    assert out.rstrip().endswith("Not recorded (--no-save).")
    code, out, _ = run(folder, "history")
    assert "No sessions recorded yet" in out


def test_python_m_simulator_calls_itself_agentsim() -> None:
    run = subprocess.run([sys.executable, "-m", "simulator", "--help"], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "Usage: agentsim [OPTIONS] COMMAND [ARGS]..."


def test_the_help_fits_80_columns_and_ends_with_environment_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    environment = result.stdout.index("  Environment:\n")
    assert environment < result.stdout.index("  Exit codes:\n")
    assert "    AGENTSIM_DB              the records database (as --db)\n" in result.stdout
    assert "    143  stopped by SIGTERM; a call in progress is kept\n" in result.stdout


def completions(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """What the shell is offered for `incomplete` after `agentsim ARGS`: (type, value)."""
    complete = ShellComplete(main, {}, "agentsim", "_AGENTSIM_COMPLETE")
    return [(item.type, item.value) for item in complete.get_completions(args, incomplete)]


def test_scenario_arguments_complete_the_built_in_ids() -> None:
    assert completions(["play"], "") == [
        ("plain", "anonymous-sms"), ("plain", "call-to-mum"), ("plain", "fever-no-ambulance"),
        ("plain", "frozen-highway"), ("plain", "phone-on-taxi-roof")]
    assert completions(["graph"], "fro") == [("plain", "frozen-highway")]
    assert completions(["explore", "--json"], "call") == [("plain", "call-to-mum")]
    assert completions(["validate", "anonymous-sms"], "fev") == [
        ("plain", "fever-no-ambulance")]


def test_scenario_completion_honours_the_scenario_folder(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert completions(["--scenarios", str(folder), "play"], "") == [("plain", "small")]
    monkeypatch.setenv("AGENTSIM_SCENARIOS", str(folder))
    assert completions(["graph"], "sm") == [("plain", "small")]


def test_scenario_completion_falls_back_to_file_names(tmp_path: Path) -> None:
    """A path is a scenario too: a word that is no id, or a folder that does not exist,
    leaves the shell to complete file names."""
    assert completions(["play"], "./lost") == [("file", "./lost")]
    assert completions(["--scenarios", str(tmp_path / "missing"), "play"], "") == [
        ("file", "")]


def test_trainee_options_complete_the_names_in_the_records(folder: Path) -> None:
    for trainee in ("dewi", "ana", "dewi", "budi"):
        code, _, _ = run(folder, "play", "small", "--trainee", trainee, "--answers", "-",
                         stdin="ask-where\nsend\n")
        assert code == 0
    assert completions(["history", "--trainee"], "") == [
        ("plain", "ana"), ("plain", "budi"), ("plain", "dewi")]
    for command in (["history"], ["report"], ["export", "--format", "csv"],
                    ["xapi", "push"], ["play", "small"]):
        assert completions([*command, "--trainee"], "d") == [("plain", "dewi")], command
    assert completions(["history", "--trainee"], "x") == []


def test_trainee_completion_creates_no_database(records: Path) -> None:
    assert completions(["history", "--trainee"], "") == []
    assert not records.exists()


@pytest.mark.parametrize("db", ["not-a-url://", "postgresql+nodriver://u@localhost/db",
                                "garbage"])
def test_trainee_completion_never_fails(db: str, tmp_path: Path) -> None:
    """A database that cannot be read completes nothing; the shell sees no error."""
    if db == "garbage":
        db = str(tmp_path / "garbage.db")
        (tmp_path / "garbage.db").write_bytes(b"this is not a database" * 100)
    assert completions(["--db", db, "history", "--trainee"], "") == []


@pytest.mark.parametrize(("shell", "expected"), [
    ("bash", "plain,frozen-highway\n"),
    ("zsh", "plain\nfrozen-highway\n_\n"),
    ("fish", "plain,frozen-highway\n"),
])
def test_completion_through_the_shells_environment_variables(shell: str, expected: str) -> None:
    """What the scripts of `_AGENTSIM_COMPLETE=SHELL_source agentsim` ask and are told."""
    words = {"COMP_WORDS": "agentsim play fro", "COMP_CWORD": "2"}
    if shell == "fish":
        words = {"COMP_WORDS": "agentsim play fro", "COMP_CWORD": "fro"}
    result = CliRunner().invoke(main, [], prog_name="agentsim",
                                env={"_AGENTSIM_COMPLETE": f"{shell}_complete", **words})
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_the_completion_scripts_name_agentsim() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = CliRunner().invoke(main, [], prog_name="agentsim",
                                    env={"_AGENTSIM_COMPLETE": f"{shell}_source"})
        assert result.exit_code == 0, shell
        assert "_AGENTSIM_COMPLETE" in result.stdout, shell
        assert f"{shell}_complete" in result.stdout, shell
