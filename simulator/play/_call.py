"""Taking a call: moments and replies in turn, the trainee's clock, signals, and keeping the
call whatever happens after it.

How the call looks, and what is done with it once it ends (scoring, recording, the report),
come from a `Desk` that the presentation layer supplies; this module owns the order of
things and makes sure nothing a trainee did is lost.
"""

from __future__ import annotations

import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from simulator.errors import UsageError
from simulator.play._engine import Engine
from simulator.play._practice import split_script_line, tidy_words, typing_allowance
from simulator.play._session import Session, Silenced
from simulator.scenario import Choice

READING_BASE = 8.0
READING_PER_WORD = 0.3
# Exit codes of a call (README, "Exit codes"): 0 it ended and was recorded, 130 (or 128+N
# for signal N) it was broken off and kept as abandoned, 75 it ended but could not be
# recorded and was kept as a JSON file for `agentsim recover` (EX_TEMPFAIL: try again).
EXIT_INTERRUPTED = 130
EXIT_UNRECORDED = 75


def reading_allowance(text: str) -> float:
    """Seconds a trainee may spend reading before their hesitation counts as call time."""
    return READING_BASE + READING_PER_WORD * len(text.split())


def match_answer(answer: str, choices: Sequence[Choice]) -> Choice | None:
    """The reply an answer names: its number as shown (1-based) or its id."""
    answer = answer.strip()
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return next((c for c in choices if c.id == answer), None)


def read_answers(lines: Iterable[str]) -> list[tuple[int, str]]:
    """Answers from a file: one per line; blank lines and lines starting with # are skipped."""
    out = []
    for number, line in enumerate(lines, 1):
        answer = line.strip()
        if answer and not answer.startswith("#"):
            out.append((number, answer))
    return out


class Desk(Protocol):
    """What the trainee sees of the call, and what becomes of it once it ends."""

    def opening(self) -> str:
        """The title, the summary and who is calling."""

    def moment(self, session: Session, choices: Sequence[Choice]) -> str:
        """The status line, what the customer says, and the numbered replies."""

    def reply(self, choice: Choice) -> str:
        """The reply the trainee gave, as it is echoed back."""

    def prompt(self, choices: Sequence[Choice]) -> str:
        """The question asking for a reply."""

    def wrong_key(self, choices: Sequence[Choice]) -> str:
        """What to say when an answer names no reply."""

    def reading(self, session: Session, choices: Sequence[Choice]) -> str:
        """Every word on the screen now: the reading allowance is counted from it."""

    def silence(self, session: Session, heard: Silenced) -> str:
        """What the trainee hears when their silence lasted too long (format 2)."""

    def stopped(self, session: Session, ran_out: bool) -> str:
        """Why a call that did not reach its ending is kept as abandoned."""

    def finish(self, session: Session) -> Closing:
        """Score, record and report a call that stopped, ended or not."""

    # Type-first play: the customer's words first, the trainee's own words, then the replies.
    def heard(self, session: Session) -> str:
        """The status line and what the customer says, without the replies."""

    def ask_words(self) -> str:
        """The question asking for the trainee's own words."""

    def no_words(self) -> str:
        """What to say when nothing was typed."""

    def replies(self, choices: Sequence[Choice]) -> str:
        """The numbered replies, shown once the trainee's words are in."""


@dataclass(frozen=True, slots=True)
class Closing:
    """What the desk made of a call: what to show, where it was kept, and the exit code."""

    shown: str
    kept: str
    code: int = 0


@dataclass(frozen=True, slots=True)
class Script:
    """Scripted answers: `(line number, answer)` pairs and the file they came from."""

    answers: Sequence[tuple[int, str]]
    source: str


Echo = Callable[[str], None]


class Ask(Protocol):
    """Asks the trainee for a reply: returns what they typed; raises KeyboardInterrupt or
    EOFError when they stop, and TimeoutError when `wait` seconds pass with no answer."""

    def __call__(self, prompt: str, /, wait: float | None = None) -> str: ...


def take_call(engine: Engine, session: Session, desk: Desk, *, echo: Echo, out: Echo,
              tell: Echo, ask: Ask | Callable[[str], str] | None = None,
              script: Script | None = None, type_first: bool = False,
              now: Callable[[], float] = time.monotonic) -> int:
    """Play a call to its end (or until it is broken off) and close it; return the exit code.

    `ask` prompts a person and raises KeyboardInterrupt or EOFError when they stop; `script`
    answers instead. The call's moments go to `echo` (muted for --json), what the desk made
    of the call to `out`, and news of an abandoned call to `tell` (standard error).
    `type_first` asks for the trainee's own words at each moment before showing the replies
    (a script gives them after the answer: `ANSWER | WORDS`).
    """
    # A closed or broken standard output (`| head -1`, `>/dev/full`) mutes the call; it
    # does not stop it, and what the trainee did is kept all the same.
    echo, out = _Muted(echo), _Muted(out)
    session.started_at = _stamp()
    code, ran_out = 0, False
    with _hang_ups_raise():
        try:
            echo(desk.opening())
            if script is not None:
                ran_out = not _play_scripted(engine, session, desk, echo, script,
                                             type_first)
                code = EXIT_INTERRUPTED if ran_out else 0
            else:
                assert ask is not None
                _play_interactive(engine, session, desk, echo, ask, now, type_first)
        except (KeyboardInterrupt, EOFError):
            code = EXIT_INTERRUPTED
        except OSError:  # the terminal went away while asking
            code = EXIT_INTERRUPTED
        except HangUp as hang_up:
            code = 128 + hang_up.signum
    session.ended_at = _stamp()
    if session.ending is None:
        engine.abandon(session)
        code = code or EXIT_INTERRUPTED
    with _hang_ups_ignored():
        closing = desk.finish(session)
    if code:
        if ran_out:
            echo(desk.stopped(session, ran_out=True))
        tell("\n" + desk.stopped(session, ran_out=False))
        tell(closing.kept)
        if closing.shown:
            out(closing.shown)
        return code
    out(closing.shown)
    if closing.code:
        tell(closing.kept)
    return closing.code


def keep_unrecorded(session: Session, folder: Path) -> Path:
    """Keep a call that could not be recorded as a JSON file in `folder`, else in the
    system's temporary folder; return its path. Raise OSError if neither can be written."""
    try:
        return _keep(session, folder)
    except OSError:
        return _keep(session, fallback_folder())


def fallback_folder() -> Path:
    """Where a call is kept when the folder for unrecorded calls cannot be written."""
    return Path(tempfile.gettempdir()) / "agentsim-unsaved"


def _keep(session: Session, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session.id}.json"
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(session.to_json(), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return path


class _Muted:
    """Output that falls silent, for the rest of the call, once it cannot be written."""

    def __init__(self, write: Echo) -> None:
        self.write = write
        self.gone = False

    def __call__(self, text: str) -> None:
        if self.gone:
            return
        try:
            self.write(text)
        except OSError:
            self.gone = True


def _play_interactive(engine: Engine, session: Session, desk: Desk, echo: Echo,
                      ask: Any, now: Callable[[], float], type_first: bool = False) -> None:
    """In timed play, the trainee's time beyond the reading allowance is added to the clock:
    the customer waits while the agent hesitates. In type-first play it counts from the
    customer's line, less a typing allowance for the words typed. Where the state has a
    silence (format 2; not in type-first play, where the trainee is busy typing),
    hesitating past it lets the silence happen once: its time is on the clock already, and
    the trainee's hesitation counts again from the customer's new words."""
    while session.ending is None:
        choices = engine.choices(session)
        echo(desk.heard(session) if type_first else desk.moment(session, choices))
        state = engine.scenario.states[session.state]
        silence = state.silence if session.timed and not type_first else None
        since, allowance = now(), reading_allowance(desk.reading(session, choices))
        typed = _typed_first(desk, echo, ask, choices) if type_first else None
        choice = None
        while choice is None:
            prompt = desk.prompt(choices)
            try:
                if silence is not None:
                    answer = ask(prompt, wait=max(0.0, since + allowance + silence.after - now()))
                else:
                    answer = ask(prompt)
            except TimeoutError:
                heard = engine.silence(session)
                silence = None  # once per visit to the state
                if heard is None:
                    continue
                echo(desk.silence(session, heard))
                if session.ending is not None or session.state != state.id:
                    break  # the silence moved the call on: the next moment, or its end
                since, allowance = now(), reading_allowance(desk.silence(session, heard))
                continue
            choice = match_answer(answer, choices)
            if choice is None:
                echo(desk.wrong_key(choices))
        if choice is None:
            continue
        thinking = 0.0
        if session.timed:
            hesitation = now() - since - allowance - typing_allowance(typed)
            thinking = round(max(0.0, hesitation), 1)
        engine.choose(session, choice.id, thinking).typed = typed
        echo(desk.reply(choice))


def _typed_first(desk: Desk, echo: Echo, ask: Callable[[str], str],
                 choices: Sequence[Choice]) -> str:
    """The trainee's own words (asked again while empty), then the replies shown."""
    typed = ""
    while not typed:
        typed = tidy_words(ask(desk.ask_words()))
        if not typed:
            echo(desk.no_words())
    echo(desk.replies(choices))
    return typed


def _play_scripted(engine: Engine, session: Session, desk: Desk, echo: Echo,
                   script: Script, type_first: bool = False) -> bool:
    """Play the script; return False if it ran out before the ending.

    An answer that names no reply on offer stops with an error naming its line.
    """
    lines = iter(script.answers)
    while session.ending is None:
        choices = engine.choices(session)
        echo(desk.moment(session, choices))
        try:
            number, answer = next(lines)
        except StopIteration:
            return False
        typed = None
        if type_first:
            answer, typed = split_script_line(answer, script.source, number)
        choice = match_answer(answer, choices)
        if choice is None:
            ids = ", ".join(c.id for c in choices)
            raise UsageError(f"{script.source}:{number}: '{answer}' matches no reply at "
                             f"'{session.state}' (type 1-{len(choices)} or one of: {ids})")
        engine.choose(session, choice.id).typed = typed
        echo(desk.reply(choice))
    return True


class HangUp(Exception):
    """SIGTERM or SIGHUP arrived during a call."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _hang_ups_raise() -> Iterator[None]:
    def hang_up(signum: int, _frame: object) -> None:
        raise HangUp(signum)

    with _handling(hang_up):
        yield


@contextmanager
def _hang_ups_ignored() -> Iterator[None]:
    """While a call is being kept, a hang-up or a Ctrl-C must not cut the saving short."""
    with _handling(signal.SIG_IGN, signal.SIGINT):
        yield


@contextmanager
def _handling(handler: Callable[[int, object], None] | signal.Handlers,
              *also: signal.Signals) -> Iterator[None]:
    signals = (signal.SIGTERM, signal.SIGHUP, *also)
    previous = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
