"""Asking the trainee for a reply in a terminal, so that a signal is never left waiting.

A signal that arrives between the prompt appearing and the read starting (SIGTERM from a
supervisor, SIGHUP from a closing terminal) would wait in a blocking read until the next
Enter. Here the read waits in short steps, each a moment for the signal's handler to run,
and reads the line only once it is there.
"""

from __future__ import annotations

import select
import sys
import time
from typing import TextIO

import click

STEP_SECONDS = 0.1


def ask(prompt: str, wait: float | None = None) -> str:
    """Show `prompt` and return the line typed; KeyboardInterrupt on Ctrl-C or the end of
    input; TimeoutError when `wait` seconds pass with nothing typed (a state's silence).
    Off a terminal (a pipe, a test runner) it asks as click does, and never times out."""
    stdin = sys.stdin
    if not _is_terminal(stdin):
        try:
            answer: str = click.prompt(prompt, prompt_suffix=": ", default="",
                                       show_default=False)
        except click.Abort:  # Ctrl-C or the end of input
            raise KeyboardInterrupt from None
        return answer
    click.echo(f"{prompt}: ", nl=False)
    deadline = None if wait is None else time.monotonic() + wait
    while not select.select([stdin], [], [], STEP_SECONDS)[0]:
        # between steps, Python runs the handler of any signal that came
        if deadline is not None and time.monotonic() >= deadline:
            click.echo()
            raise TimeoutError
    line = stdin.readline()
    if not line:
        click.echo()
        raise KeyboardInterrupt
    return line.rstrip("\r\n")


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty() and stream.fileno() >= 0
    except (AttributeError, ValueError, OSError):
        return False
