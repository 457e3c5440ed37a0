"""The command line, through click's runner: list, play (scripted), validate, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from tests.conftest import SMALL


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "small.yaml").write_text(SMALL, encoding="utf-8")
    return scenarios


def run(folder: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--scenarios", str(folder), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


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
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, name


def test_no_save_records_nothing(folder: Path, records: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--no-save", "--answers", "-",
                       stdin="ask-where\nsend\n")
    assert code == 0
    assert out.rstrip().endswith("Not recorded (--no-save).")
    code, out, _ = run(folder, "history")
    assert "No sessions recorded yet" in out
