"""Run the ralph LRS for the tests: its file-system backend, on loopback, on a port we pick.

`python tests/ralph_lrs.py [PORT]` is started by a fixture in a subprocess, with ralph's
settings in its environment (RALPH_RUNSERVER_BACKEND=fs, RALPH_AUTH_FILE, the backend's
folder). It listens on 127.0.0.1, on PORT or a free port, prints `port N` and serves until
terminated.

Ralph 5.1's file-system backend writes each batch with its data backend's default
operation type, `create`, which refuses a file that exists: every POST after the first
would fail. Appending is what an LRS needs, so it is set here, before the app is imported.
"""

from __future__ import annotations

import socket
import sys


def main() -> None:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.data.fs import FSDataBackend

    FSDataBackend.default_operation_type = BaseOperationType.APPEND

    import uvicorn
    from ralph.api import app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
    listener.listen(128)
    print(f"port {listener.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.run(sockets=[listener])


if __name__ == "__main__":
    main()
