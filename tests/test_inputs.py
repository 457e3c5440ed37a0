"""Odd inputs get clear answers: answers files (size, encoding, a byte-order mark), times
shown and read in local time with the zone, a language the scenario lacks, a negative
limit."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.play import Engine
from simulator.records import Store
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.conftest import SMALL


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "small.yaml").write_text(SMALL, encoding="utf-8")
    english = SMALL.replace("languages: [en, id]\n", "languages: [en]\n")
    (scenarios / "english.yaml").write_text(english.replace("id: small", "id: english"),
                                            encoding="utf-8")
    return scenarios


def run(folder: Path, *args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--scenarios", str(folder), *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


# -- answers files ------------------------------------------------------------------------

def _limit_memory() -> None:
    limit = 512 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_an_endless_answers_file_is_refused_at_a_megabyte(folder: Path) -> None:
    """`--answers /dev/zero` once grew to 6.6 GB in 20 s."""
    done = subprocess.run([sys.executable, "-m", "simulator", "--scenarios", str(folder),
                           "play", "small", "--answers", "/dev/zero"], capture_output=True,
                          text=True, timeout=30, preexec_fn=_limit_memory, check=False,
                          env=dict(os.environ))
    assert done.returncode == 2
    assert done.stderr == ("error: /dev/zero is larger than 1 MB: an answers file has one "
                           "reply per line\n")


def test_an_answers_file_that_is_not_utf8_is_a_clear_error(folder: Path,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_bytes(b"ask-where\n# caf\xe9\nsend\n")
    code, out, err = run(folder, "play", "small", "--answers", str(path))
    assert (code, out) == (2, "")
    assert err == (f"error: {path}:2: not UTF-8 text (byte 0xe9): save the answers file as "
                   "UTF-8\n")


def test_an_answers_file_with_a_byte_order_mark_is_read(folder: Path,
                                                        tmp_path: Path) -> None:
    """Windows Notepad starts a UTF-8 file with one."""
    path = tmp_path / "answers.txt"
    path.write_bytes(b"\xef\xbb\xbfask-where\r\nsend\r\n")
    code, out, err = run(folder, "play", "small", "--answers", str(path))
    assert code == 0, err
    assert "Outcome: safe (success)" in out
    code, out, err = run(folder, "play", "small", "--answers", "-",
                         stdin=b"\xef\xbb\xbf1\nsend\n")
    assert code == 0, err


# -- local time ---------------------------------------------------------------------------

@pytest.fixture
def jakarta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def save_at(small: Scenario, started: str, trainee: str) -> None:
    session = Engine(small).replay(["ask-where", "send"])
    session.trainee = trainee
    session.started_at = session.ended_at = started
    store = Store()
    store.save(small, session, score(small, session))
    store.close()


def test_history_shows_local_time_with_the_zone(folder: Path, small: Scenario,
                                                jakarta: None) -> None:
    save_at(small, "2026-10-31T23:30:00.000+00:00", "dewi")
    code, out, _ = run(folder, "history")
    assert code == 0
    header, row = out.splitlines()
    assert header.startswith("session   started (local time)       trainee")
    assert row[10:36] == "2026-11-01 06:30 UTC+07:00"


def test_since_is_local_time_unless_it_gives_an_offset(folder: Path, small: Scenario,
                                                       jakarta: None) -> None:
    """A call played at 06:30 in Jakarta on 1 November was once left out by
    `--since 2026-11-01`: the date was compared with the time in UTC."""
    save_at(small, "2026-10-31T23:30:00.000+00:00", "morning")
    save_at(small, "2026-10-31T16:59:00.000+00:00", "night-before")

    def since(value: str) -> list[str]:
        code, out, err = run(folder, "export", "--format", "csv", "--since", value)
        assert code == 0, err
        return [line.split(",")[1] for line in out.splitlines()[1:]]

    assert since("2026-11-01") == ["morning"]
    assert since("2026-10-31T23:59") == ["night-before", "morning"]
    assert since("2026-11-01T06:30") == ["morning"]
    assert since("2026-11-01T00:00+00:00") == []
    assert since("2026-10-31T16:00Z") == ["night-before", "morning"]
    code, _, err = run(folder, "export", "--format", "csv", "--since", "1 Nov")
    assert code == 2
    assert err == ("error: '1 Nov' is not a date: use YYYY-MM-DD (local time), or a time such "
                   "as 2026-11-01T08:00 or 2026-11-01T08:00+07:00\n")
    help_text = " ".join(run(folder, "export", "--help")[1].split())
    assert "in this computer's local time unless it gives an offset (+07:00 or Z)" in help_text


# -- a language the scenario lacks, a negative limit --------------------------------------

def test_a_language_the_scenario_lacks_is_said_so(folder: Path, records: Path) -> None:
    code, out, err = run(folder, "play", "english", "--lang", "id", "--answers", "-",
                         stdin="1\nsend\n")
    assert (code, out) == (2, "")
    assert err == ("error: scenario 'english' has no Indonesian (id): it is written in "
                   "English (en); play it with --lang en\n")
    assert not records.exists()


def test_explore_refuses_a_limit_below_one(folder: Path) -> None:
    for limit in ("-5", "0"):
        code, out, err = run(folder, "explore", "small", "--limit", limit)
        assert (code, out) == (2, "")
        assert f"Invalid value for '--limit': {limit} is not in the range x>=1." in err
