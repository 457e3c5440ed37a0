"""A learning record store that misbehaves on purpose, on loopback, for the LRS tests.

`FakeLrs(answer)` serves POST /statements in a thread; `answer(ids)` gets the ids of the
statements posted and returns what to send back: a status, a body (bytes, or an iterable
of bytes sent one piece at a time with `pause` seconds between them) and headers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    body: bytes | Iterable[bytes] = b"[]"
    pause: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class FakeLrs:
    """A server on 127.0.0.1 whose answers a test decides; `posted` keeps what came in."""

    def __init__(self, answer: Callable[[list[str]], Answer],
                 holds: Callable[[str], list[str]] | None = None) -> None:
        """`holds(registration)` gives the ids a GET of that session's statements lists
        (none when not given)."""
        self.answer = answer
        self.holds = holds or (lambda _registration: [])
        self.posted: list[list[dict[str, Any]]] = []
        self.headers: list[dict[str, str]] = []
        self.stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                statements = json.loads(self.rfile.read(length))
                fake.posted.append(statements)
                fake.headers.append(dict(self.headers))
                reply = fake.answer([s["id"] for s in statements])
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if isinstance(reply.body, bytes):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.end_headers()
                try:
                    for piece in reply.body:
                        if fake.stopping.is_set():
                            return
                        self.wfile.write(piece)
                        self.wfile.flush()
                        time.sleep(reply.pause)
                except OSError:  # the client gave up, as it should
                    pass

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                ids = fake.holds(query.get("registration", [""])[0])
                body = json.dumps({"statements": [{"id": i} for i in ids],
                                   "more": ""}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"

    def __enter__(self) -> FakeLrs:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def accept_all(ids: list[str]) -> Answer:
    return Answer(200, json.dumps(ids).encode())
