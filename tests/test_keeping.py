"""No call is ever lost, and none silently unrecorded: what would stop a call from being
recorded is refused before it starts; whatever fails while saving, the call is kept as JSON,
`play` says where and exits with 75; `agentsim recover` puts kept calls in the records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.play import EXIT_UNRECORDED, MAX_NAME, Engine
from simulator.present import Desk, Screen
from simulator.records import Store
from simulator.scenario import Scenario

ANSWERS = "ask-where\nsend\n"


def run(folder: Path, *args: str, stdin: str | None = ANSWERS,
        env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--scenarios", str(folder), *args], input=stdin,
                                env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


def recorded(url: str | None = None) -> list[str]:
    store = Store(url)
    try:
        return [r.trainee for r in store.records()]
    finally:
        store.close()


def kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "unsaved").glob("*.json"))


# -- refused before the call --------------------------------------------------------------

def test_a_seed_the_records_cannot_keep_is_refused_before_the_call(folder: Path,
                                                                   tmp_path: Path) -> None:
    """SQLite keeps a signed 64-bit integer: 2**63 once ended in an OverflowError."""
    code, out, err = run(folder, "play", "small", "--answers", "-", "--seed",
                         "9223372036854775808")
    assert code == 2
    assert err == ("error: --seed must be a whole number from 0 to 9223372036854775807, not "
                   "9223372036854775808\n")
    assert out == ""
    assert not kept(tmp_path)
    code, _, _ = run(folder, "play", "small", "--answers", "-", "--seed",
                     "9223372036854775807")
    assert code == 0
    assert recorded() == ["trainee"] or len(recorded()) == 1


def test_a_name_that_is_not_utf8_is_refused_before_the_call(folder: Path) -> None:
    """Bytes that are not UTF-8 arrive as surrogates, which no database can encode."""
    code, out, err = run(folder, "play", "small", "--answers", "-", "--trainee",
                         "d\udcffwi")
    assert code == 2
    assert err == ("error: the trainee name 'd\\xffwi' (--trainee) is not valid UTF-8: give "
                   "--trainee NAME\n")
    assert out == ""
    code, _, err = run(folder, "play", "small", "--answers", "-", env={"USER": "d\udcffwi"})
    assert code == 2
    assert "($USER) is not valid UTF-8" in err


def test_a_name_longer_than_the_records_keep_is_refused_before_the_call(
        folder: Path) -> None:
    """PostgreSQL refused a 201-character name only after the whole call was played."""
    code, out, err = run(folder, "play", "small", "--answers", "-", "--trainee",
                         "a" * (MAX_NAME + 1))
    assert code == 2
    assert err == ("error: the trainee name (--trainee) is 201 characters long: the records "
                   "keep at most 200\n")
    assert out == ""


def test_the_longest_name_is_recorded_on_every_database(database_url: str,
                                                        small: Scenario) -> None:
    engine = Engine(small)
    session = engine.replay(["ask-where", "send"])
    session.trainee = "é" * MAX_NAME
    desk = Desk(Screen(small), database_url)
    closing = desk.finish(session)
    assert closing.code == 0, closing.kept
    assert recorded(database_url) == ["é" * MAX_NAME]


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql+psycopg://ana:s3cret@localhost:abc/db?password=s3cret",
     "error: cannot record to 'postgresql+psycopg://ana:***@localhost:abc/db?password=***': "
     "its port is not a number\n"),
    ("sqlite://", "error: --db sqlite:// keeps the records in memory, and they would be lost "
     "when the call ends: give a file (sqlite:///FILE), or --no-save\n"),
    ("nosuch://x", "error: cannot record to 'nosuch://x': Can't load plugin: "
     "sqlalchemy.dialects:nosuch (try sqlite:///FILE or postgresql+psycopg://USER@HOST/DB)\n"),
])
def test_a_records_url_that_cannot_work_is_refused_before_the_call(
        folder: Path, url: str, message: str) -> None:
    code, out, err = run(folder, "--db", url, "play", "small", "--answers", "-")
    assert (code, out, err) == (2, "", message)


def test_a_records_folder_that_cannot_be_made_is_refused_before_the_call(
        folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(folder, "--db", f"sqlite:///{blocker}/records.db", "play", "small",
                         "--answers", "-")
    assert code == 2
    assert err == (f"error: cannot record to {blocker}/records.db: its folder cannot be made "
                   "(file exists)\n") or err.startswith(f"error: cannot record to {blocker}")
    assert out == ""
    code, _, _ = run(folder, "--db", f"sqlite:///{blocker}/records.db", "play", "small",
                     "--answers", "-", "--no-save")
    assert code == 0


# -- kept when saving fails ---------------------------------------------------------------

def corrupt(records: Path) -> None:
    records.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)


@pytest.mark.parametrize("as_json", [False, True])
def test_a_call_that_cannot_be_recorded_is_kept_and_play_exits_75(
        folder: Path, records: Path, tmp_path: Path, as_json: bool) -> None:
    corrupt(records)
    extra = ["--json"] if as_json else []
    code, out, err = run(folder, "play", "small", "--answers", "-", *extra)
    assert code == EXIT_UNRECORDED == 75
    [path] = kept(tmp_path)
    assert err.startswith("The call could not be recorded (cannot open the records database "
                          f"sqlite:///{records}: file is not a database).\n")
    assert err.endswith(f"It is kept in {path}: agentsim recover adds it to the records.\n")
    session = json.loads(path.read_text(encoding="utf-8"))
    assert [t["choice"] for t in session["turns"]] == ["ask-where", "send"]
    if as_json:
        assert json.loads(out)["session"]["id"] == session["id"]
    else:
        assert "== The call has ended ==" in out
        assert "-- Scores --" in out


def test_any_failure_while_saving_keeps_the_call(small: Scenario, tmp_path: Path) -> None:
    """Not only our own errors: an OverflowError from the database driver once lost the
    call with a traceback."""
    engine = Engine(small)
    session = engine.replay(["ask-where", "send"], seed=2**63)
    closing = Desk(Screen(small)).finish(session)
    assert closing.code == EXIT_UNRECORDED
    assert "OverflowError: Python int too large to convert to SQLite INTEGER" in closing.kept
    [path] = kept(tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["seed"] == 2**63


def test_a_backup_folder_that_cannot_be_written_falls_back_to_the_temporary_folder(
        small: Scenario, records: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    corrupt(records)
    blocker = tmp_path / "unsaved-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AGENTSIM_UNSAVED", str(blocker))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    session = Engine(small).replay(["ask-where", "send"])
    closing = Desk(Screen(small)).finish(session)
    assert closing.code == EXIT_UNRECORDED
    path = tmp_path / "tmp" / "agentsim-unsaved" / f"{session.id}.json"
    assert path.is_file()
    assert f"It is kept in {path}" in closing.kept


def test_when_nothing_can_be_written_the_call_is_printed_to_keep_by_hand(
        small: Scenario, records: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    corrupt(records)
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AGENTSIM_UNSAVED", str(blocker))
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))
    session = Engine(small).replay(["ask-where", "send"])
    closing = Desk(Screen(small)).finish(session)
    assert closing.code == EXIT_UNRECORDED
    head, text = closing.kept.split("\n", 1)
    assert head.startswith("The call could not be recorded (cannot open the records")
    assert "nor kept as a file (not a directory" in head
    assert json.loads(text)["id"] == session.id


def test_a_report_that_cannot_be_written_still_shows_the_debrief_and_saves_the_call(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "reports-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AGENTSIM_REPORTS", str(blocker))
    code, out, err = run(folder, "play", "small", "--answers", "-")
    assert code == 0, err
    assert "== The call has ended ==" in out
    assert "-- Debrief --" in out
    assert "Its report could not be written: file exists" in out
    assert len(recorded()) == 1


# -- recover ------------------------------------------------------------------------------

def test_recover_puts_kept_calls_in_the_records_once(folder: Path, records: Path,
                                                     tmp_path: Path) -> None:
    corrupt(records)
    for _ in range(2):
        assert run(folder, "play", "small", "--answers", "-", "--trainee", "ana")[0] == 75
    paths = kept(tmp_path)
    assert len(paths) == 2
    records.unlink()
    (tmp_path / "unsaved" / "junk.json").write_text("{", encoding="utf-8")
    code, out, err = run(folder, "recover")
    assert code == 1
    assert out.count("recorded\n") == 2
    assert "junk.json: not recorded: a saved session is not valid JSON" in err
    assert out.splitlines()[-1] == (f"2 recorded, 0 already recorded, 1 not recorded (in "
                                    f"sqlite:///{records})")
    assert recorded() == ["ana", "ana"]
    assert not any(p.exists() for p in paths)
    (tmp_path / "unsaved" / "junk.json").unlink()
    code, out, _ = run(folder, "recover")
    assert (code, out) == (0, f"No calls are waiting to be recorded in {tmp_path / 'unsaved'}.\n")


def test_recover_skips_a_call_already_in_the_records(folder: Path, small: Scenario,
                                                     tmp_path: Path) -> None:
    session = Engine(small).replay(["ask-where", "send"])
    session.trainee = "ana"
    assert Desk(Screen(small)).finish(session).code == 0
    path = tmp_path / "copy.json"
    path.write_text(session.to_json(), encoding="utf-8")
    code, out, _ = run(folder, "recover", str(path))
    assert code == 0
    assert f"session {session.id[:8]} was already recorded" in out
    assert not path.exists()
    assert recorded() == ["ana"]


# -- a closed or broken standard output ---------------------------------------------------

def play_with_stdout(folder: Path, stdout: int | None, shell: str = "") -> \
        subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", "--scenarios", str(folder), "play", "small",
               "--answers", "-", "--trainee", "ana"]
    if shell:
        command = ["bash", "-c", '"$@" ' + shell, "bash", *command]
    return subprocess.run(command, input=ANSWERS, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, check=False, env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.slow
@pytest.mark.parametrize("how", ["broken pipe", "/dev/full", "closed"])
def test_a_closed_or_broken_stdout_keeps_the_call(folder: Path, how: str) -> None:
    """`| head -1`, `>/dev/full` and `>&-` once ended the call with a traceback, unsaved."""
    if how == "broken pipe":
        read, write = os.pipe()
        os.close(read)  # nobody reads: the first write fails, as after `head -1` exits
        done = play_with_stdout(folder, write)
        os.close(write)
    elif how == "/dev/full":
        with Path("/dev/full").open("w") as full:
            done = play_with_stdout(folder, full.fileno())
    else:
        done = play_with_stdout(folder, None, ">&-")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr
    assert recorded() == ["ana"]
