"""Practice that sticks: a call retried from the reply where it went wrong, and the words a
trainee types before the replies are shown (type-first play).

A retry replays the first replies of an earlier call exactly as they were given, thinking
time included, so the clock and the meters stand where they stood, and hands over at the
reply asked for. It is a practice attempt, never a first attempt.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.errors import ChoiceError, UsageError
from simulator.play._engine import Engine
from simulator.play._session import Session, Turn

TYPING_PER_WORD = 1.5  # seconds: about 40 words a minute, a steady typist's pace
SCRIPT_WORDS = " | "  # in a type-first script: `ANSWER | the words typed first`
MAX_TYPED = 2000  # characters kept of what a trainee typed


def typing_allowance(typed: str | None) -> float:
    """Seconds a trainee may spend typing their own words before hesitation counts: typing
    stands in for speaking, which a reply's own duration already counts."""
    return TYPING_PER_WORD * len(typed.split()) if typed else 0.0


def tidy_words(text: str) -> str:
    """Typed words as kept: one line, spaces collapsed, at most MAX_TYPED characters."""
    return " ".join(text.split())[:MAX_TYPED]


def split_script_line(answer: str, source: str, number: int) -> tuple[str, str]:
    """A type-first script line, `ANSWER | WORDS`: the answer and the words typed first."""
    answer_part, bar, words = answer.partition(SCRIPT_WORDS.strip())
    words = tidy_words(words)
    if not bar or not words or not answer_part.strip():
        raise UsageError(f"{source}:{number}: type-first play needs the words you would say "
                         f"before the reply: 'ANSWER | WORDS', not '{answer}'")
    return answer_part.strip(), words


def replay_for_retry(engine: Engine, turns: Sequence[Turn], handover: int, *,
                     retry_of: str, seed: int, lang: str, trainee: str,
                     timed: bool) -> Session:
    """A new practice session: the first `handover - 1` replies of a call replayed as they
    were given, the trainee taking over at reply `handover`.

    `handover` runs from 1 to the number of replies the call had (one more for a call broken
    off before its ending: take over where it stopped). A reply the scenario no longer
    offers where it was given is a UsageError: the call cannot be replayed faithfully.
    """
    ended = bool(turns) and engine.scenario.is_ending(turns[-1].next)
    last = len(turns) if ended else len(turns) + 1
    if not 1 <= handover <= last:
        raise UsageError(f"--from {handover}: that call can be retried from reply 1 to {last}")
    session = engine.start(seed=seed, lang=lang, trainee=trainee, timed=timed)
    session.retry_of, session.retry_from = retry_of, handover
    for turn in turns[:handover - 1]:
        if session.state != turn.state:
            raise _changed(turn, f"the call is at '{session.state}', not '{turn.state}'")
        try:
            engine.choose(session, turn.choice, turn.thinking)
        except ChoiceError as err:
            raise _changed(turn, str(err)) from None
    if session.ending is not None:
        raise _changed(turns[handover - 2], "the call now ends there")
    return session


def _changed(turn: Turn, why: str) -> UsageError:
    return UsageError(f"reply {turn.number} of that call cannot be replayed ({why}): the "
                      "scenario has changed since it was played")
