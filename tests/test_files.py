"""Files agentsim writes: whole or not at all (a temporary file, then a rename), clear
errors for paths that cannot be written, and session reports never in the package's
template folder."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.errors import OutputError
from simulator.play import Engine
from simulator.records import Store, reports_folder, write_file
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.conftest import run_cli as run


def save_some(small: Scenario, count: int = 3) -> None:
    store = Store()
    engine = Engine(small)
    for n in range(count):
        session = engine.replay(["ask-where", "send"], seed=n)
        session.trainee = "ana"
        store.save(small, session, score(small, session))
    store.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)

    def pieces() -> Iterator[str]:
        yield "new, half"
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as refused:
        write_file(path, pieces())
    assert str(refused.value) == (f"cannot write {path}: no space left on the disk; the file "
                                  "was left as it was")
    assert path.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []
    write_file(path, ["new", ", whole"])
    assert path.read_text(encoding="utf-8") == "new, whole"
    assert path.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_a_device_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    """`-o /dev/stdout` is written to, not renamed over."""
    write_file(Path("/dev/null"), "text")
    assert Path("/dev/null").is_char_device()


SLOW_WRITER = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from simulator.records import write_file

    def pieces():
        yield "new " * 1000
        print("writing", flush=True)
        time.sleep(30)
        yield "never"

    write_file(Path(sys.argv[1]), pieces())
""")


def test_sigterm_while_overwriting_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """A SIGTERM while overwriting a 305 MB export once left a 0-byte file."""
    path = tmp_path / "export.json"
    path.write_text("old export", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(path)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=10) == 143
    child.stdout.close()
    assert path.read_text(encoding="utf-8") == "old export"
    assert leftovers(tmp_path) == []


LIMIT = 200_000  # bytes: more than reading the records writes, less than the export


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_export_to_a_full_disk_is_a_clear_error_and_the_old_file_stays(
        folder: Path, small: Scenario, tmp_path: Path) -> None:
    """A full disk once left a truncated JSON file and a traceback (the file size limit
    plays the full disk: writes past it fail with EFBIG)."""
    save_some(small, 200)
    path = tmp_path / "sessions.json"
    path.write_text("[]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "simulator", "--scenarios", str(folder),
                           "export", "--format", "json", "-o", str(path)],
                          capture_output=True, text=True, check=False,
                          preexec_fn=_limit_file_size, env=dict(os.environ))
    assert done.returncode == 1
    assert done.stderr == f"error: cannot write {path}: file too large\n"
    assert path.read_text(encoding="utf-8") == "[]\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [
    ["new", "zz", "-o", "{nodir}/zz.yaml"],
    ["export", "--format", "csv", "-o", "{nodir}/x.csv"],
    ["report", "--cohort", "-o", "{nodir}/cohort.html"],
])
def test_a_missing_folder_is_a_clear_error(folder: Path, tmp_path: Path,
                                           command: list[str]) -> None:
    nodir = tmp_path / "nodir"
    code, _, err = run(folder, *(part.format(nodir=nodir) for part in command))
    assert code == 1
    name = Path(command[-1]).name
    assert err == f"error: cannot write {nodir}/{name}: the folder {nodir} does not exist\n"


def test_a_folder_that_cannot_be_written_is_a_clear_error(folder: Path) -> None:
    """/sys refuses new files even to root, as a read-only mount does."""
    code, _, err = run(folder, "report", "--cohort", "-o", "/sys/cohort.html")
    assert code == 1
    assert err == "error: cannot write /sys/cohort.html: permission denied\n"
    code, _, err = run(folder, "new", "zz", "-o", "/sys/zz.yaml")
    assert code == 1
    assert err == "error: cannot write /sys/zz.yaml: permission denied\n"


def test_session_reports_never_go_into_the_template_folder(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the records file in a checkout's root, 561 session reports once went into
    `reports/`, and a wheel bundled them."""
    checkout = tmp_path / "checkout"
    (checkout / "reports").mkdir(parents=True)
    (checkout / "reports" / "session.html").write_text("template", encoding="utf-8")
    monkeypatch.delenv("AGENTSIM_REPORTS")
    monkeypatch.setenv("AGENTSIM_DB", f"sqlite:///{checkout}/agentsim.db")
    assert reports_folder() == checkout / "agentsim-reports"
    code, out, _ = run(folder, "play", "small", "--answers", "-", stdin="1\nsend\n")
    assert code == 0
    assert sorted(p.name for p in (checkout / "reports").iterdir()) == ["session.html"]
    [report] = (checkout / "agentsim-reports").iterdir()
    assert out.rstrip().endswith(str(report))
