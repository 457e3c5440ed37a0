"""Hostile scenario files: each gets one clear error, quickly, in little memory.

Each file is given to `agentsim validate`, `agentsim play` and `agentsim check` in a
subprocess limited to 100 MB of address space (RLIMIT_AS, as `ulimit -v` sets it) and
killed after a timeout. A plain `python -m simulator --help` runs under that limit on the
machines we test on, so the limit itself is the memory test. (The child's peak resident
size from wait4 is recorded but not asserted: a child forked from a large test process
counts the parent's pages it shared before exec, so the figure depends on what ran before
it.) The time of the check is the time of the hostile run less the time of `validate` on a
tiny valid file: interpreter start-up and imports are about a third of a second of both,
and are not what is tested.
"""

from __future__ import annotations

import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SMALL

MEMORY_LIMIT = 100 * 1024 * 1024  # bytes of address space
TIMEOUT = 20.0  # seconds before the child is killed: a hang fails the test, never stalls it
CHECK_SECONDS = 10.0  # beyond start-up: catches a check gone pathological (it once took
# minutes), not a speed target; speed figures live in bench/ (bench_toolkit)
_SCRIPT = Path(sys.executable).with_name("agentsim")
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "simulator"]


@dataclass(frozen=True, slots=True)
class Run:
    """One finished `agentsim` subprocess."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def agentsim(*args: str) -> Run:
    """Run agentsim under the memory limit and the timeout; wall time and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*COMMAND, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            preexec_fn=_limit_memory, env={**os.environ, "NO_COLOR": "1"})
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own peak RSS
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)


# -- the hostile files ---------------------------------------------------------------------

def billion_laughs() -> bytes:
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def deep_block_mapping(levels: int) -> bytes:
    return "".join(f"{' ' * i}k:\n" for i in range(levels)).encode()


def hundred_thousand_keys() -> bytes:
    return ("format: 1\nstates:\n" + "".join(f"  s{i}: x\n" for i in range(100_000))).encode()


def small_with(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in SMALL
        return SMALL.replace(old, new).encode()
    return make


def fifty_megabytes() -> bytes:
    return b"format: 1\n" + b"k: v\n" * 10_000_000


# name: (contents, expected code, expected place `line:col` or "" for the whole file)
HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "billion-laughs": (billion_laughs, "Y006", "1:7"),
    "nested-flow-10000": (lambda: b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "Y004",
                          "1:1003"),
    "nested-block-10000": (lambda: b"- " * 10_000 + b"x\n", "Y008", "1:129"),
    "nested-block-mapping-1500": (lambda: deep_block_mapping(1_500), "Y008", "65:65"),
    "fifty-megabytes": (fifty_megabytes, "Y002", ""),
    "random-binary": (lambda: random.Random(8).randbytes(200_000), "Y003", "1:5"),
    "png-image": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "Y003", "1:1"),
    "latin-1": (lambda: b"format: 1\ntitle: caf\xe9\n", "Y003", "2:11"),
    "utf-16": (lambda: SMALL.encode("utf-16"), "Y003", "1:1"),
    "python-object-apply": (
        lambda: b'format: 1\nid: !!python/object/apply:os.system ["touch pwned"]\n', "Y007",
        "2:5"),
    "python-object-new": (
        lambda: b"x: !!python/object/new:subprocess.Popen [[touch, pwned]]\n", "Y007", "1:4"),
    "python-name": (lambda: b"x: !!python/name:os.system\n", "Y007", "1:4"),
    "binary-tag": (lambda: b"x: !!binary aGVsbG8=\n", "Y007", "1:4"),
    "custom-tag": (lambda: b"x: !custom {a: 1}\n", "Y007", "1:4"),
    "set-tag": (lambda: b"x: !!set {a, b}\n", "Y007", "1:4"),
    "empty": (lambda: b"", "F007", "1:1"),
    "only-comments": (lambda: b"# nothing here\n\n   \n", "F007", "1:1"),
    "list-at-the-top": (lambda: b"- format: 1\n- id: x\n", "F003", "1:1"),
    "list-for-customer": (small_with("customer: {name: Ana}", "customer: [Ana]"), "F003",
                          "6:11"),
    "nul-byte": (lambda: b"format: 1\nid: a\x00b\n", "Y004", "2:6"),
    "one-megabyte-line": (small_with("id: small", "id: " + "a" * 1_000_000), "F004", "2:5"),
    "hundred-thousand-keys": (hundred_thousand_keys, "Y002", "10003:3"),
    "very-long-ids": (small_with("hello", "h" * 1000), "F004", "8:8"),
    "very-long-key": (small_with("hello", "h" * 100_000), "Y004", "16:100003"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hostile file, written once, and a tiny valid one to time start-up by."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, (make, _code, _where) in HOSTILE.items():
        (folder / f"{name}.yaml").write_bytes(make())
    (folder / "small.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "answers.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def start_up(folder: Path) -> float:
    """Seconds `agentsim validate` takes on a tiny valid file: the median of three runs."""
    runs = [agentsim("validate", str(folder / "small.yaml")) for _ in range(3)]
    assert all(run.exit_code == 0 for run in runs), runs[0]
    return statistics.median(run.seconds for run in runs)


def test_the_interpreter_starts_under_the_memory_limit() -> None:
    """The limit is tight but fair: agentsim itself runs under it."""
    run = agentsim("--help")
    assert run.exit_code == 0, run.stderr
    assert "validate" in run.stdout


def assert_one_clear_error(run: Run, text: str, path: Path, code: str, where: str,
                           start_up: float) -> None:
    place = f"{re.escape(str(path))}:{where}" if where else re.escape(str(path))
    first = text.splitlines()[0] if text else ""
    assert re.fullmatch(rf"{place}: error\[{code}\]: [^\n]+", first), (first[:300], run)
    assert "Traceback" not in run.stdout + run.stderr
    assert len(text) < 2_000, text[:300]  # a message or two, not the file echoed back
    assert run.exit_code == 1, run
    assert run.seconds - start_up < CHECK_SECONDS, (run.seconds, start_up)


@pytest.mark.parametrize("name", HOSTILE)
def test_validate_gives_one_clear_error(name: str, folder: Path, start_up: float) -> None:
    """`agentsim validate` prints path:line:col: error[CODE] and exits 1, in time and memory."""
    _make, code, where = HOSTILE[name]
    path = folder / f"{name}.yaml"
    run = agentsim("validate", str(path))
    assert_one_clear_error(run, run.stdout, path, code, where, start_up)
    assert run.stdout.rstrip().endswith("error, 0 warnings") or "errors, 0" in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize("command", ["play", "check"])
@pytest.mark.parametrize("name", HOSTILE)
def test_play_and_check_refuse_with_the_same_error(name: str, command: str, folder: Path,
                                                   start_up: float, records: Path) -> None:
    """`agentsim play` and `agentsim check` stop before playing, with the same message."""
    _make, code, where = HOSTILE[name]
    path = folder / f"{name}.yaml"
    extra = ["--answers", str(folder / "answers.txt")] if command == "play" else []
    run = agentsim(command, str(path), *extra)
    assert_one_clear_error(run, run.stderr, path, code, where, start_up)
    assert run.stdout == ""
    assert not records.exists()  # nothing was played, so nothing was saved


def test_no_tag_runs_code(folder: Path, tmp_path: Path) -> None:
    """The !!python tags are refused before anything is constructed: no file appears."""
    for name in ("python-object-apply", "python-object-new"):
        run = subprocess.run([*COMMAND, "validate", str(folder / f"{name}.yaml")],
                             cwd=tmp_path, capture_output=True, text=True, check=False)
        assert run.returncode == 1
    assert not (tmp_path / "pwned").exists()


def test_thousands_of_dangling_references_are_checked_quickly(folder: Path,
                                                              start_up: float) -> None:
    """5,000 replies leading to states that do not exist, among 2,500 that do: each is one
    error, and no hint compares every name with every other (that once took minutes)."""
    lines = ["format: 1", "id: dangling", "title: t", "summary: s", "customer: {name: a}",
             "start: s0", "endings: {e: {outcome: safe, text: t}}", "states:"]
    lines += [f"  s{i}: {{customer: c, choices: [{{id: a, text: t, next: t{i}}}, "
              f"{{id: b, text: t, next: u{i}}}]}}" for i in range(2_500)]
    path = folder / "dangling.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = agentsim("validate", str(path))
    assert run.exit_code == 1, run.stderr
    assert run.stdout.splitlines()[0] == (f"{path}:9:54: error[R001]: unknown state or ending "
                                          "'t0' in choice 'a'")
    assert run.stdout.splitlines()[-1] == "checked 1 file: 5,000 errors, 0 warnings"
    assert run.seconds - start_up < CHECK_SECONDS, (run.seconds, start_up)
