"""The records database under odd conditions: relative paths shown whole, passwords in a
URL's query masked, a corrupt page, another program's file, and a file nobody may write."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.errors import StoreError
from simulator.play import Engine
from simulator.records import Store, masked, normalise_url
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.conftest import run_cli as run


def save_some(small: Scenario, url: str | None = None, count: int = 40) -> None:
    store = Store(url)
    engine = Engine(small)
    for n in range(count):
        session = engine.replay(["ask-where", "send"], seed=n)
        session.trainee = f"trainee-{n}"
        store.save(small, session, score(small, session))
    store.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- which file ---------------------------------------------------------------------------

def test_a_relative_sqlite_file_is_taken_from_here_and_shown_whole(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert normalise_url("sqlite:///name.db") == f"sqlite:///{tmp_path}/name.db"
    assert normalise_url("name.db") == f"sqlite:///{tmp_path}/name.db"
    assert normalise_url("sqlite:////abs/name.db") == "sqlite:////abs/name.db"
    assert normalise_url("sqlite://") == "sqlite://"
    code, _, err = run(folder, "--db", "sqlite:///name.db", "history")
    assert code == 0
    assert err == f"Records: sqlite:///{tmp_path}/name.db\n"
    assert "a relative FILE is taken from the current folder" in " ".join(
        CliRunner().invoke(main, ["--help"]).stdout.split())


# -- passwords ----------------------------------------------------------------------------

def test_a_password_in_the_query_is_masked_like_one_before_the_host(folder: Path) -> None:
    assert masked("postgresql+psycopg://ana:pw@db/x?sslmode=require&password=pw") == \
        "postgresql+psycopg://ana:***@db/x?sslmode=require&password=***"
    url = "postgresql+psycopg://ana@127.0.0.1:1/records?password=s3cret"
    code, out, err = run(folder, "--db", url, "history")
    assert code == 1
    assert "s3cret" not in out + err
    assert err.startswith("error: cannot open the records database postgresql+psycopg://"
                          "ana@127.0.0.1:1/records?password=***: ")


# -- a corrupt file -----------------------------------------------------------------------

def corrupt_sessions(file: Path) -> None:
    """Overwrite the root page of the sessions table with noise, as a failing disk might."""
    with sqlite3.connect(file) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        [root] = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions'").fetchone()
        page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with file.open("r+b") as raw:
        raw.seek((root - 1) * page)
        raw.write(b"\x0d\xff\xff\xff" + b"\xa5" * (page - 4))


@pytest.mark.parametrize("command", [
    ["history"], ["export", "--format", "json"], ["export", "--format", "xapi"],
    # (the cohort report alone reads only the report's indexes, which the noise spares)
    ["report", "--all", "-o", "{tmp}/set"],
    ["xapi", "push", "--endpoint", "http://127.0.0.1:9/xAPI", "--base",
     "https://training.example.com/agentsim", "--home-page", "https://training.example.com"],
])
def test_a_corrupt_page_is_a_clear_error(folder: Path, small: Scenario, records: Path,
                                         tmp_path: Path, command: list[str]) -> None:
    save_some(small)
    corrupt_sessions(records)
    code, _, err = run(folder, *(part.format(tmp=tmp_path) for part in command))
    assert code == 1
    assert err == (f"error: cannot read sqlite:///{records}: database disk image is "
                   "malformed\n")


# -- another program's file ---------------------------------------------------------------

@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    file = tmp_path / "other.db"
    with sqlite3.connect(file) as db:
        db.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, user TEXT, expires TEXT)")
        db.execute("INSERT INTO sessions VALUES (1, 'root', '2030-01-01')")
    db.close()
    return file


@pytest.mark.parametrize("command", [
    ["history"], ["export", "--format", "csv"], ["xapi", "push", "--endpoint",
                                                "http://127.0.0.1:9/xAPI"],
    ["play", "small", "--answers", "-"],
])
def test_another_programs_file_is_refused_untouched(folder: Path, foreign: Path,
                                                    command: list[str]) -> None:
    """A file with its own `sessions` table was once switched to WAL, given our tables, and
    then crashed on its columns."""
    before = digest(foreign)
    code, _, err = run(folder, "--db", str(foreign), *command, stdin="1\nsend\n")
    refusal = (f"sqlite:///{foreign} is not an agentsim records database (it has other "
               "tables: sessions): give another --db; nothing was changed")
    if command[0] == "play":  # the call is played, then kept as JSON
        assert code == 75
        assert refusal in err
    else:
        assert code == 1
        assert err == f"error: {refusal}\n"
    assert digest(foreign) == before
    assert sorted(p.name for p in foreign.parent.glob("other.db*")) == ["other.db"]
    with sqlite3.connect(foreign) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["sessions"]
    db.close()


def test_a_newer_schema_is_refused_untouched(tmp_path: Path, small: Scenario) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    save_some(small, url, 1)
    with sqlite3.connect(tmp_path / "newer.db") as db:
        db.execute("UPDATE agentsim_meta SET value = '99' WHERE key = 'schema'")
    db.close()
    before = digest(tmp_path / "newer.db")
    with pytest.raises(StoreError, match="written by a newer agentsim"):
        Store(url)
    assert digest(tmp_path / "newer.db") == before


# -- a file nobody may write --------------------------------------------------------------

@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable with chattr +i (not even root may change them), undone after."""
    made: list[Path] = []
    yield made
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def make_immutable(immutable: list[Path], path: Path) -> None:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.strip()}")
    immutable.append(path)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_records_file_nobody_may_write_can_still_be_read(
        folder: Path, small: Scenario, tmp_path: Path, immutable: list[Path],
        what: str) -> None:
    """history once failed on a read-only file: it opened it for writing."""
    place = tmp_path / "shared"
    place.mkdir()
    file = place / "records.db"
    url = f"sqlite:///{file}"
    save_some(small, url, 3)
    with sqlite3.connect(file) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for extra in place.glob("records.db-*"):
        extra.unlink()
    before = digest(file)
    make_immutable(immutable, file if what == "file" else place)
    code, out, err = run(folder, "--db", url, "history")
    assert code == 0, err
    assert len(out.splitlines()) == 4
    code, out, err = run(folder, "--db", url, "export", "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()) == 4
    code, out, err = run(folder, "--db", url, "report", "--trainee", "trainee-1", "-o",
                         str(tmp_path / "t.html"))
    assert code == 0, err
    assert digest(file) == before


def test_reading_a_file_that_does_not_exist_makes_nothing(folder: Path,
                                                          tmp_path: Path) -> None:
    file = tmp_path / "none" / "records.db"
    code, out, _ = run(folder, "--db", f"sqlite:///{file}", "history")
    assert code == 0
    assert out.startswith("No sessions recorded yet")
    assert not file.parent.exists()
