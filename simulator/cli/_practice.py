"""Practice that sticks, for trainees and their coaches: review a past call in the terminal,
write a coach's note on it, and ask what to practise next."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from simulator.cli import App, command, default_trainee
from simulator.present import languages

if TYPE_CHECKING:
    from simulator.scenario import Scenario


def _terminal() -> tuple[int, bool]:
    """The width to wrap at (at most 80) and whether to colour: a terminal without
    NO_COLOR."""
    width = min(80, shutil.get_terminal_size((80, 24)).columns)
    return width, sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@command("review")
@click.argument("session_id", metavar="SESSION")
@click.option("--lang", type=click.Choice(languages()),
              help="Language of the review (default: the call's).")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The scoring profile whose labels and best path the review uses.")
@click.pass_obj
def review(app: App, session_id: str, lang: str | None, profile_path: Path | None) -> None:
    """Review a past call in the terminal: SESSION is its id (a unique prefix will do)."""
    from simulator.present import review_text
    from simulator.scenario import Scenarios
    from simulator.scoring import load_profile

    profile = load_profile(profile_path)
    store = app.store()
    try:
        record = store.record(session_id)
    finally:
        store.close()
    scenario = Scenarios(app.catalog).get(record.scenario)
    width, color = _terminal()
    click.echo(review_text(record, scenario, profile, lang or record.lang, width, color),
               color=color)


@command("note")
@click.argument("session_id", metavar="SESSION")
@click.argument("text", nargs=-1, required=True)
@click.option("--turn", type=click.IntRange(min=1), metavar="N",
              help="The reply the note is on (default: the whole call).")
@click.option("--author", default=default_trainee, show_default="your user name",
              help="Who writes the note.")
@click.pass_obj
def note(app: App, session_id: str, text: tuple[str, ...], turn: int | None,
         author: str) -> None:
    """Write a coach's note on a call, or on one of its replies (--turn N)."""
    from simulator.present import Words, printable

    store = app.store()
    try:
        kept = store.add_note(session_id, " ".join(text), author, turn)
    finally:
        store.close()
    words, author = Words("en"), printable(kept.author)
    if kept.turn is None:
        click.echo(words("practice.note-added", id=kept.session_id[:8], author=author))
    else:
        click.echo(words("practice.note-added-turn", id=kept.session_id[:8], turn=kept.turn,
                         author=author))


@command("next")
@click.option("--trainee", default=default_trainee, show_default="your user name",
              help="Whose records to read.")
@click.option("--lang", type=click.Choice(languages()), default="en", show_default=True,
              help="Language of the advice.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The scoring profile whose labels and best path the advice uses.")
@click.pass_obj
def next_command(app: App, trainee: str, lang: str, profile_path: Path | None) -> None:
    """What to practise next: the scenario, why, and the moment where it goes wrong."""
    from simulator.present import Words, printable, suggestion_lines, what_next
    from simulator.scoring import load_profile

    profile = load_profile(profile_path)
    scenarios = playable(app)
    store = app.store()
    try:
        records = store.records(trainee=trainee, with_turns=True)
    finally:
        store.close()
    words = Words(lang)
    found = what_next(records, scenarios, profile)
    if found is None:
        click.echo(words("practice.no-scenarios"))
    elif not records:
        click.echo(words("practice.nothing-yet", trainee=printable(trainee),
                         title=found.scenario.title.get(lang), id=found.scenario.id))
    else:
        width, _ = _terminal()
        for line in suggestion_lines(found, words, profile):
            click.echo(_wrap(line, width))


def playable(app: App) -> list[Scenario]:
    """The scenarios of the catalog that load, in its order."""
    from simulator.scenario import compile_scenario

    return [s for s in (compile_scenario(path)[0] for path in app.catalog.files())
            if s is not None]


def _wrap(line: str, width: int) -> str:
    import textwrap

    indent = " " * (len(line) - len(line.lstrip()))
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent + "  ",
                                   break_on_hyphens=False) or [""])
