"""Through a real terminal: keys Python calls digits but cannot read as numbers ask again,
and a signal that arrives as the prompt appears ends the call at once, kept as abandoned."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from simulator.records import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def spawn(folder: Path) -> Iterator[Callable[..., pexpect.spawn]]:
    children: list[pexpect.spawn] = []

    def spawn(*args: str, code: str = "") -> pexpect.spawn:
        argv = ["-m", "simulator"] if not code else ["-c", code]
        child = pexpect.spawn(sys.executable, [*argv, "--scenarios", str(folder), *args],
                              env={**os.environ, "NO_COLOR": "1"}, encoding="utf-8",
                              timeout=15, dimensions=(40, 80))
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.close(force=True)


@pytest.mark.parametrize("key", ["²", "①", "٢", "１"])
def test_a_digit_python_cannot_read_as_a_number_asks_again(spawn: Callable[..., pexpect.spawn],
                                                           key: str, records: Path) -> None:
    """`²` is the key left of `1` on a French AZERTY keyboard."""
    child = spawn("play", "small", "--untimed", "--trainee", "ana")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline(key)
    child.expect("Please type a number from 1 to 2.")
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("1")
    child.expect(r"Your reply \[1-3\]: ")
    child.sendline("1")
    child.expect("== The call has ended ==")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.before
    store = Store(f"sqlite:///{records}")
    assert [r.ending for r in store.records()] == ["safe"]
    store.close()


# The signal is taken by another thread while the main thread waits for the reply: exactly
# what happens when it arrives between the prompt appearing and the read starting, but
# every time rather than now and then.
LATE_SIGNAL = textwrap.dedent("""\
    import signal, sys, threading, time
    threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGHUP})
    sys.argv[0] = "agentsim"
    from simulator.cli import main
    main()
""")


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_as_the_prompt_appears_is_handled_at_once(
        spawn: Callable[..., pexpect.spawn], records: Path, sig: int, status: int) -> None:
    """It once waited for the next Enter."""
    child = spawn("play", "small", "--untimed", "--trainee", "ana", code=LATE_SIGNAL)
    child.expect(r"Your reply \[1-2\]: ")
    child.sendline("1")
    child.expect(r"Your reply \[1-3\]: ")
    time.sleep(0.2)
    started = time.monotonic()
    os.kill(child.pid, sig)
    child.expect("Call abandoned at turn 2: the session is kept as abandoned.", timeout=5)
    child.expect(pexpect.EOF, timeout=5)
    assert time.monotonic() - started < 2
    child.close()
    assert child.exitstatus == status
    store = Store(f"sqlite:///{records}")
    [record] = store.records(with_turns=True)
    store.close()
    assert (record.status, [t.choice for t in record.turns]) == ("abandoned", ["ask-where"])
