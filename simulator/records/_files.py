"""Files agentsim writes (exports, reports, new scenarios): whole or not at all.

The text goes to a temporary file beside the target, is flushed to disk, and only then
renamed over it, so an interrupted or failed write (SIGTERM, Ctrl-C, a full disk) leaves
the old file as it was, never a truncated one. Errors are clear sentences, not tracebacks.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from simulator.errors import OutputError


def write_file(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (a string, or pieces of one) to `path` atomically, as UTF-8.

    Raise OutputError naming the file and the reason when it cannot be written.
    """
    pieces = [text] if isinstance(text, str) else text
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if path.exists() and not path.is_file():  # /dev/stdout, a named pipe: write in place
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                out.writelines(pieces)
        except OSError as err:
            raise OutputError(f"cannot write {path}: {_reason(err)}") from None
        return
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with _terminated_raises():
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    for piece in pieces:
                        out.write(piece)
                    out.flush()
                    os.fsync(out.fileno())
                if path.exists():  # keep the mode a file had
                    temporary.chmod(stat.S_IMODE(path.stat().st_mode))
                temporary.replace(path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
    except OSError as err:
        raise OutputError(f"cannot write {path}: {_reason(err)}") from None


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "no space left on the disk; the file was left as it was"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "the disk is read-only"
    return (err.strerror or str(err)).lower()


@contextmanager
def _terminated_raises() -> Iterator[None]:
    """SIGTERM while writing raises SystemExit(143), so the temporary file is removed
    (unless someone else handles SIGTERM: a call being kept ignores it)."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
