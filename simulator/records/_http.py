"""One HTTP request with an overall deadline and a cap on the answer's size.

A socket timeout bounds each read, not the request: a server that drips a byte every few
seconds would hold it for ever, and one that answers with hundreds of megabytes would fill
memory. Here the request runs in a worker thread; at the deadline its connection is shut
down, which ends the worker, and the caller hears it took too long. Redirects are never
followed (they could carry the credentials to another host); proxies from the environment
are used as urllib uses them.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

MAX_ANSWER_BYTES = 1024 * 1024  # an xAPI answer is a list of ids: kilobytes
DETAIL_BYTES = 2000


@dataclass(frozen=True, slots=True)
class Answer:
    """A 2xx answer: its status and body (at most MAX_ANSWER_BYTES)."""

    status: int
    body: bytes


class Failed(Exception):
    """The request failed: `code` is the HTTP status of a refusal (0 when none came),
    `reason` a short phrase, `detail` what the server said about it."""

    def __init__(self, reason: str, code: int = 0, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.code, self.detail = reason, code, detail


def request(req: urllib.request.Request, deadline: float) -> Answer:
    """Send `req` and read the whole answer within `deadline` seconds; raise Failed."""
    opened: list[socket.socket] = []
    outcome: dict[str, Any] = {}
    worker = threading.Thread(target=_exchange, args=(req, deadline, opened, outcome),
                              daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        for sock in opened:  # end the worker's read: it finishes and closes up
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        worker.join(5)
        raise Failed(f"no full answer within {deadline:g} seconds")
    if "failed" in outcome:
        raise outcome["failed"]
    answer: Answer = outcome["answer"]
    if len(answer.body) > MAX_ANSWER_BYTES:
        raise Failed(f"an answer larger than {MAX_ANSWER_BYTES // 1024 // 1024} MB")
    return answer


def _exchange(req: urllib.request.Request, timeout: float, opened: list[socket.socket],
              outcome: dict[str, Any]) -> None:
    opener = urllib.request.build_opener(_NoRedirects, _Tracked(opened),
                                         _TrackedHttps(opened))
    try:
        with opener.open(req, timeout=timeout) as response:
            outcome["answer"] = Answer(response.status, response.read(MAX_ANSWER_BYTES + 1))
    except urllib.error.HTTPError as err:
        outcome["failed"] = Failed(f"HTTP {err.code}", err.code, _detail(err))
        err.close()
    except urllib.error.URLError as err:
        outcome["failed"] = Failed(_reason(err.reason))
    except (OSError, http.client.HTTPException, ValueError) as err:
        outcome["failed"] = Failed(_reason(err))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


class _Tracked(urllib.request.HTTPHandler):
    """Opens plain connections and remembers their sockets, so the deadline can shut them
    (the response keeps reading from a socket its connection may have let go of)."""

    def __init__(self, opened: list[socket.socket]) -> None:
        super().__init__()
        self.opened = opened

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        opened = self.opened

        class Connection(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                opened.append(self.sock)

        return self.do_open(Connection, req)


class _TrackedHttps(urllib.request.HTTPSHandler):
    """Opens TLS connections and remembers their sockets, as `_Tracked` does."""

    def __init__(self, opened: list[socket.socket]) -> None:
        super().__init__()
        self.opened = opened

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        opened = self.opened

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                opened.append(self.sock)

        return self.do_open(Connection, req,
                            context=self._context)  # type: ignore[attr-defined]


def _detail(err: urllib.error.HTTPError) -> str:
    """What the server said about an error, briefly (read within the deadline)."""
    try:
        body = err.read(DETAIL_BYTES).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    said = json_or_none(body)
    if said is None:
        said = body
    if isinstance(said, dict) and "detail" in said:
        said = said["detail"]
    text = " ".join(str(said).split())
    return f": {text[:300]}" if text else ""


def json_or_none(body: bytes | str) -> Any:
    """A JSON document, or None when it is not one (or nested too deep to read)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
