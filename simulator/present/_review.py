"""A past call's full debrief in the terminal: how it ended, the scores and why it failed,
every reply against the better one, thinking time, the words typed first and the coach's
notes, in any language, at 80 columns.
"""

from __future__ import annotations

from simulator.present._screen import Debrief, printable
from simulator.present._words import Words, clock
from simulator.records import Note, Record, scorecard_of, session_of
from simulator.scenario import Scenario
from simulator.scoring import Profile, best_replies


def note_line(note: Note, words: Words) -> str:
    """A coach's note as one line: who, when, what (made safe for a terminal)."""
    return (f"{words('practice.coach')} {printable(note.author)}, {words.when(note.written_at)}: "
            f"{printable(note.text)}")


def review_text(record: Record, scenario: Scenario | None, profile: Profile, lang: str,
                width: int = 80, color: bool = False) -> str:
    """The review of a recorded call (with its turns and notes) in `lang`."""
    words = Words(lang)
    parts = _heading(record, scenario, words, color)
    if scenario is not None and scenario.digest != record.digest:
        parts.append(words("practice.scenario-changed"))
    if scenario is None:
        parts.append(words("practice.scenario-missing"))
        parts += _bare_replies(record, words)
    else:
        debrief = Debrief(scenario, lang, width, color)
        session = session_of(record)
        if record.complete and record.ending in scenario.endings:
            parts.append(debrief.ending(session))
            card = scorecard_of(record)
            parts.append(debrief.scores(card, profile, top=len(card.findings)))
        elif not record.complete:
            parts += ["", words("practice.no-scores", turn=len(record.turns) + 1)]
        better = best_replies(scenario, record.turns, profile)
        on_turns: dict[int, list[str]] = {}
        for note in record.notes:
            if note.turn is not None:
                on_turns.setdefault(note.turn, []).append(note_line(note, words))
        parts.append(debrief.debrief(session, better=better, notes=on_turns,
                                     thinking=record.timed))
    general = [note for note in record.notes if note.turn is None]
    if general:
        parts += ["", _bold(f"-- {words('practice.notes')} --", color)]
        parts += [note_line(note, words) for note in general]
    return "\n".join(_fit(parts, width))


def _heading(record: Record, scenario: Scenario | None, words: Words,
             color: bool) -> list[str]:
    title = scenario.title.get(words.lang) if scenario else record.scenario
    how = [words("practice.timed") if record.timed else words("practice.untimed")]
    if any(turn.typed is not None for turn in record.turns):
        how.append(words("practice.type-first"))
    return [_bold(f"== {words('practice.review', id=record.id[:8])} ==", color),
            words("practice.review-who", trainee=printable(record.trainee), scenario=title,
                  when=words.when(record.started_at)) + f" ({', '.join(how)})"]


def _bare_replies(record: Record, words: Words) -> list[str]:
    """The replies as recorded, when the scenario is gone."""
    parts = ["", f"-- {words('practice.replies')} --"]
    for turn in record.turns:
        parts.append(f"{turn.number:>2}. [{clock(turn.clock)}] {turn.reply}")
        if turn.typed is not None:
            parts.append(f"     {words('practice.typed')}: “{printable(turn.typed)}”")
        parts += ["     " + note_line(n, words) for n in record.notes if n.turn == turn.number]
    return parts


def _bold(text: str, color: bool) -> str:
    if not color:
        return text
    import click

    return click.style(text, bold=True)


def _fit(parts: list[str], width: int) -> list[str]:
    """Every line within `width` columns: the few built here unwrapped are wrapped now."""
    import textwrap

    out = []
    for part in parts:
        for line in part.split("\n"):
            if len(line) <= width or "\x1b[" in line:
                out.append(line)
            else:
                indent = " " * (len(line) - len(line.lstrip()))
                out.extend(textwrap.wrap(line, width, subsequent_indent=indent + "  ")
                           or [""])
    return out
