"""Interactive play through a real pseudo-terminal, as a trainee meets it."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from simulator.records import Store
from simulator.scenario import Catalog, load_scenario
from simulator.scoring import best_plan, load_profile
from tests.conftest import SMALL
from tests.terminal import play_by_reading


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


STORIES = ["frozen-highway", "fever-no-ambulance", "anonymous-sms", "call-to-mum",
           "phone-on-taxi-roof"]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", STORIES)
def test_best_paths_by_reading_the_screen(name: str, lang: str) -> None:
    """A trainee reads each screen and types the number of the best reply; the call passes."""
    scenario = load_scenario(Catalog.builtin().find(name))
    best = best_plan(scenario, load_profile()).path
    screen, status = play_by_reading(scenario, best, lang)
    assert status == 0
    assert ("PASSED" if lang == "en" else "LULUS") in screen
    report = screen.rstrip().splitlines()[-1]  # the report's path may be longer
    assert report.endswith(".html")
    assert all(len(line) <= 80 for line in screen.rstrip().splitlines()[:-1])


@pytest.mark.parametrize(("how", "status"), [("ctrl-c", 130), ("SIGTERM", 143),
                                             ("SIGHUP", 129)])
def test_an_interrupted_call_is_kept_as_abandoned(spawn, records: Path, how: str,  # type: ignore[no-untyped-def]
                                                  status: int) -> None:
    child = spawn("play", "small", "--untimed", "--trainee", "ana")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("1")
    child.expect(r"Your reply \[1-3\]: ")
    if how == "ctrl-c":
        child.sendintr()
    else:
        child.kill(getattr(signal, how))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status
    store = Store(f"sqlite:///{records}")
    [record] = store.records(with_turns=True)
    store.close()
    assert (record.trainee, record.status, record.ending) == ("ana", "abandoned", None)
    assert [t.choice for t in record.turns] == ["ask-where"]


QUIET = """\
format: 2
id: quiet
title: A quiet line
summary: A caller waits for an answer.
customer: {name: Ana}
shuffle: false
start: hello
meters:
  worry: {label: Worry, start: 10}
states:
  hello:
    customer: Hi.
    silence:
      after: 1s
      customer: Hello? Are you there? Worry {worry}.
      change: {worry: 30}
    choices:
      - {id: hi, text: Hi Ana., next: done}
endings:
  done: {outcome: safe, text: Done.}
"""


def test_hesitating_past_a_silence_lets_the_customer_speak_again(tmp_path: Path) -> None:
    """Format 2, timed play: past the reading allowance and the silence's 1 s, the customer
    speaks again with the meter jumped; the trainee's reply still counts, and the silence is
    on the clock and in the debrief."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "quiet.yaml").write_text(QUIET, encoding="utf-8")
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "--scenarios", str(folder),
                                           "play", "quiet", "--no-save"],
                          env={**os.environ, "NO_COLOR": "1"}, encoding="utf-8", timeout=30,
                          dimensions=(40, 80))
    child.expect(r"\[1-1\]: ")
    child.expect(r"Ana: Hello\? Are you there\? Worry 40\.", timeout=20)
    child.expect(r"\[1-1\]: ")
    child.sendline("1")
    child.expect(pexpect.EOF)
    screen = child.before.replace("\r", "")
    child.close()
    assert child.exitstatus == 0
    assert ("(You said nothing for 1 second: the call went on without you.) Worry +30."
            in " ".join(screen.split()))
    assert "You: Hi Ana." in screen


def test_untimed_play_never_falls_silent(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "quiet.yaml").write_text(QUIET, encoding="utf-8")
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "--scenarios", str(folder),
                                           "play", "quiet", "--no-save", "--untimed"],
                          env={**os.environ, "NO_COLOR": "1"}, encoding="utf-8", timeout=30,
                          dimensions=(40, 80))
    child.expect(r"\[1-1\]: ")
    index = child.expect([r"Are you there", pexpect.TIMEOUT], timeout=12)
    assert index == 1
    child.sendline("1")
    child.expect(pexpect.EOF)
    assert "said nothing" not in child.before
    child.close()
