"""Records survive what real use does to them: kill -9, and many trainees saving at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pexpect

from simulator.records import Store

POSTGRES = os.environ.get("AGENTSIM_TEST_POSTGRES")

# A worker that plays scripted sessions of a built-in story and saves each one.
WORKER = textwrap.dedent("""\
    import random, sys
    from simulator.scenario import Catalog
    from simulator.play import Engine
    from simulator.scenario import load_scenario
    from simulator.scoring import score
    from simulator.records import Store

    url, name, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    scenario = load_scenario(Catalog.builtin().find("frozen-highway"))
    engine = Engine(scenario)
    store = Store(url)
    rng = random.Random(seed)
    for n in range(count):
        session = engine.start(seed=n, trainee=name)
        while session.ending is None:
            engine.choose(session, rng.choice(engine.choices(session)).id)
        store.save(scenario, session, score(scenario, session))
        print(n, flush=True)
    store.close()
""")


def workers(url: str, processes: int, sessions: int) -> list[subprocess.Popen[str]]:
    return [subprocess.Popen([sys.executable, "-c", WORKER, url, f"trainee-{p}", str(sessions),
                              str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for p in range(processes)]


def assert_complete(store: Store) -> None:
    """Every session has exactly the turns its path names: nothing half-written."""
    for record in store.records(with_turns=True):
        assert [t.choice for t in record.turns] == record.path, record.id


def test_eight_processes_save_800_sessions(database_url: str) -> None:
    url = database_url
    Store(url).close()  # create the tables once, as an administrator would
    running = workers(url, 8, 100)
    for process in running:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "database is locked" not in err
        assert out.split()[-1] == "99"
    store = Store(url)
    records = store.records()
    assert len(records) == 800
    assert {r.trainee for r in records} == {f"trainee-{p}" for p in range(8)}
    assert_complete(store)
    store.close()


def test_kill_9_while_saving_leaves_every_saved_session_whole(tmp_path: Path) -> None:
    database = tmp_path / "records.db"
    url = f"sqlite:///{database}"
    Store(url).close()
    for round_ in range(4):
        [process] = workers(url, 1, 1000)
        assert process.stdout is not None
        for _ in range(5 + round_ * 7):
            process.stdout.readline()  # let it save a few, then kill it mid-stream
        process.send_signal(signal.SIGKILL)
        process.communicate()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = Store(url)
    assert len(store.records()) >= 5 + 12 + 19 + 26
    assert_complete(store)
    store.close()


def test_kill_9_during_a_call_loses_only_that_call(tmp_path: Path) -> None:
    database = tmp_path / "records.db"
    env = {**os.environ, "AGENTSIM_DB": f"sqlite:///{database}",
           "AGENTSIM_REPORTS": str(tmp_path / "reports"), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "simulator", "play", "frozen-highway",
                           "--answers", "-", "--trainee", "first"],
                          input="ask-location-first\ncall-taxi-yourself\ndictate-number\n",
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "play", "frozen-highway",
                                           "--untimed", "--trainee", "second"],
                          env=env, encoding="utf-8", timeout=30)
    child.expect(r"\[1-\d\]: ")
    child.sendline("1")
    child.expect(r"\[1-\d\]: ")
    child.kill(signal.SIGKILL)
    child.close()
    time.sleep(0.1)
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = Store(f"sqlite:///{database}")
    [record] = store.records(with_turns=True)
    assert (record.trainee, record.ending) == ("first", "no-help")
    assert len(record.turns) == 3
    store.close()
