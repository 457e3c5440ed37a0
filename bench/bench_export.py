"""Benchmark: exports and a push of 50,000 sessions, in bounded memory.

Run from the checkout: `python -m bench.bench_export`. It builds a records file of 50,000
sessions (the 10,000 played and scored sessions of `bench_records`, saved five times over
with new ids and trainees), then runs `agentsim export --format xapi`, `--format json`,
`--format csv` (each `-o FILE`) and `agentsim xapi push` to a learning record store on
loopback that accepts everything, each in a subprocess: its peak resident memory (from
wait4; this process stays small, since a child's peak counts what its parent held when
it was forked) and its wall time. Baseline, in the same run: the peak memory and time of
`agentsim history --trainee nobody` on the same file (start-up, imports and opening the
records, reading nothing).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.bench_records import played
from simulator.play import Session
from simulator.records import Store

COPIES = 5  # 5 x 10,000 sessions
TARGET_MB = 300.0
COMMAND = [sys.executable, "-m", "simulator"]


def build(url: str) -> int:
    """The records: 50,000 sessions with their turns; return the number of turns."""
    items = played(random.Random(5))
    store = Store(url)
    turns = 0
    for copy in range(COPIES):
        batch = []
        for scenario, session, card in items:
            again = Session.from_dict(session.to_dict())
            again.id = str(uuid.uuid4())
            again.trainee = f"trainee-{copy}-{session.trainee}"
            batch.append((scenario, again, card))
            turns += len(again.turns)
        store.save_many(batch)
    store.close()
    return turns


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Peak resident memory (MB) and wall time (s) of one agentsim run, and its exit code."""
    started = time.perf_counter()
    child = subprocess.Popen([*COMMAND, *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stderr is not None
    child.stderr.close()
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status)


class AcceptingLrs(BaseHTTPRequestHandler):
    """Accepts every statement, answering with their ids, as an xAPI store does."""

    statements = 0

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body: list[dict[str, Any]] = json.loads(self.rfile.read(length))
        AcceptingLrs.statements += len(body)
        answer = json.dumps([s["id"] for s in body]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: Any) -> None:
        pass


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        print(build(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/records.db"
        # Built in another process: a child's peak memory counts what its parent held when
        # it was forked, so the parent stays small.
        turns = int(subprocess.run([sys.executable, "-m", "bench.bench_export", "--build", url],
                                   check=True, capture_output=True, text=True).stdout)
        size = Path(folder, "records.db").stat().st_size / 1e6
        print(f"{10_000 * COPIES:,} sessions, {turns:,} turns, records file {size:.0f} MB")
        env = {**os.environ, "AGENTSIM_DB": url, "NO_PROXY": "*", "no_proxy": "*",
               "NO_COLOR": "1"}
        rows = [("baseline: history of nobody (start, open)",
                 measure(["history", "--trainee", "nobody"], env))]
        for fmt in ("xapi", "json", "csv"):
            out = Path(folder, f"export.{fmt}")
            rows.append((f"export --format {fmt} -o FILE", measure(
                ["export", "--format", fmt, "-o", str(out)], env)))
            rows[-1] = (f"{rows[-1][0]} ({out.stat().st_size / 1e6:.0f} MB)", rows[-1][1])
        server = ThreadingHTTPServer(("127.0.0.1", 0), AcceptingLrs)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        endpoint = f"http://127.0.0.1:{server.server_address[1]}/xAPI"
        rows.append(("xapi push (to a store on loopback)",
                     measure(["xapi", "push", "--endpoint", endpoint], env)))
        server.shutdown()
        print(f"statements accepted by the store: {AcceptingLrs.statements:,}")
    base_mb = rows[0][1][0]
    print(f"| {'measure':<44} | {'peak memory':>11} | {'ratio':>7} | {'time':>8} | target    |")
    print(f"|{'-' * 46}|{'-' * 13}|{'-' * 9}|{'-' * 10}|{'-' * 11}|")
    for name, (mb, seconds, code) in rows:
        assert code == 0, (name, code)
        target = "" if name.startswith("baseline") else f"< {TARGET_MB:.0f} MB"
        print(f"| {name:<44} | {mb:8.0f} MB | {mb / base_mb:6.1f}x | {seconds:6.1f} s | "
              f"{target:<9} |")


if __name__ == "__main__":
    main()
