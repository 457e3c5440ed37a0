"""The trainee's commands: see what can be played, and take a call."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from simulator.cli import (
    App,
    command,
    complete_scenarios,
    complete_trainees,
    default_trainee,
    display,
    say,
)
from simulator.errors import UsageError
from simulator.present import languages, safe_json

if TYPE_CHECKING:
    from simulator.play import Engine, Session


@command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.option("--trainee", help="Show this trainee's standing on each scenario: not started, "
              "not yet passed or passed, with the best and latest overall.")
@click.option("--lang", type=click.Choice(languages()), default="en", show_default=True,
              help="Language of the titles and, with --trainee, of the standing.")
@click.pass_obj
def list_command(app: App, as_json: bool, trainee: str | None, lang: str) -> None:
    """List the scenarios you can play."""
    from simulator.scenario import compile_scenario

    catalog = app.catalog
    rows: list[dict[str, Any]] = []
    for path in catalog.files():
        scenario, diagnostics = compile_scenario(path, display(path))
        if scenario is None:
            errors = [d for d in diagnostics if d.severity == "error"]
            rows.append({"id": path.stem, "path": str(path), "error": str(errors[0])})
            continue
        rows.append({
            "id": scenario.id,
            "title": scenario.title.get(lang),
            "languages": list(scenario.languages),
            "difficulty": scenario.difficulty,
            "states": len(scenario.states),
            "choices": scenario.choice_count,
            "endings": len(scenario.endings),
            "path": str(path),
        })
    if trainee is not None:
        _standings(app, trainee, rows, lang, as_json)
        return
    if as_json:
        click.echo(safe_json(json.dumps(rows, ensure_ascii=False, indent=2)))
        return
    if not rows:
        say(f"No scenarios in {catalog.folder}.")
    for row in rows:
        if "error" in row:
            say(f"{row['id']:<22} (cannot be loaded: run agentsim validate)")
        else:
            say(f"{row['id']:<22} {row['title']}  [{row['difficulty']}, "
                f"{'/'.join(row['languages'])}, {row['states']} states]")


def _standings(app: App, trainee: str, rows: list[dict[str, Any]], lang: str,
               as_json: bool) -> None:
    """`list --trainee`: each scenario's standing for that trainee."""
    from simulator.present import Words, standing_lines, standings

    store = app.store()
    try:
        records = store.records(trainee=trainee, summary=True)
    finally:
        store.close()
    ids = [row["id"] for row in rows if "error" not in row]
    found = standings(records, ids)
    if as_json:
        by_id = {standing.scenario: standing.to_dict() for standing in found}
        listed = [{**row, **by_id.get(row["id"], {})} for row in rows]
        click.echo(safe_json(json.dumps(listed, ensure_ascii=False, indent=2)))
        return
    for line in standing_lines(found, Words(lang)):
        say(line)


@command("play")
@click.argument("scenario", shell_complete=complete_scenarios)
@click.option("--trainee", default=default_trainee, show_default="your user name",
              shell_complete=complete_trainees, help="Who is playing (for the records).")
@click.option("--lang", type=click.Choice(languages()), default="en", show_default=True,
              help="Language of the call.")
@click.option("--answers", type=click.File("rb"),
              help="Play scripted: one reply per line (the number shown or the choice id); "
                   "'-' reads standard input.")
@click.option("--untimed", is_flag=True,
              help="Practice mode: your thinking time does not count on the call's clock.")
@click.option("--seed", type=int, help="Fix the order replies are shown in.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the scorecard (with the session) as one JSON object.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score with this scoring profile instead of the default one.")
@click.option("--no-save", is_flag=True,
              help="Do not record this call (for authors trying out a scenario).")
@click.option("--type-first", is_flag=True,
              help="At each moment, type what you would say in your own words before the "
                   "replies are shown; then pick the closest reply.")
@click.option("--retry", "retry_id", metavar="SESSION",
              help="Practise a recorded call again: its replies before --from are replayed "
                   "as given (a practice attempt, not a first attempt).")
@click.option("--from", "retry_from", type=click.IntRange(min=1), metavar="N",
              help="With --retry: the reply to take over at.")
@click.pass_context
def play(ctx: click.Context, scenario: str, trainee: str, lang: str, answers: BinaryIO | None,
         untimed: bool, seed: int | None, as_json: bool, profile_path: Path | None,
         no_save: bool, type_first: bool, retry_id: str | None,
         retry_from: int | None) -> None:
    """Take a call: SCENARIO is a built-in id or a path to a YAML file."""
    from simulator.play import Engine, Script, read_answers, take_call
    from simulator.present import Desk, Screen
    from simulator.scenario import load_scenario

    app: App = ctx.obj
    # Whatever would stop the call from being recorded is refused before it starts.
    trainee, seed = _checked(ctx, trainee, seed, no_save)
    path = app.catalog.find(scenario)
    model = load_scenario(path, display(path))
    # A profile the trainee names is checked before the call, so a bad one loses nothing;
    # the default one loads after it, off the way to the first prompt.
    chosen = None
    if profile_path is not None:
        from simulator.scoring import load_profile

        chosen = load_profile(profile_path)
    if lang not in model.languages:
        _no_such_language(model.id, lang, model.languages)
    script = None
    if answers is not None:
        from simulator.play import answers_text

        name = getattr(answers, "name", "<stdin>")
        source = name if isinstance(name, str) and name != "<stdin>" else "<stdin>"
        script = Script(read_answers(answers_text(answers, source).splitlines()), source)
    engine = Engine(model)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    timed = script is None and not untimed
    if retry_id is None:
        if retry_from is not None:
            raise UsageError("--from needs --retry SESSION: the call to take over")
        session = engine.start(seed=seed, lang=lang, trainee=trainee, timed=timed)
    else:
        session = _retry(ctx, engine, retry_id, retry_from, seed=seed, timed=timed)
        lang = session.lang
    color = bool(sys.stdout and sys.stdout.isatty()) and not os.environ.get("NO_COLOR") \
        and not as_json
    width = min(80, shutil.get_terminal_size((80, 24)).columns)
    screen = Screen(model, lang, width, color)
    desk = Desk(screen, app.db, chosen, save=not no_save, as_json=as_json,
                recap=screen.recap(session))

    def echo(text: str) -> None:
        if not as_json:
            click.echo(text, color=color)

    def out(text: str) -> None:
        click.echo(safe_json(text) if as_json else text, color=color)

    code = take_call(engine, session, desk, echo=echo, out=out, tell=_tell,
                     ask=None if script is not None else _ask, script=script,
                     type_first=type_first)
    _let_go_of_stdout()
    ctx.exit(code)


def _checked(ctx: click.Context, trainee: str, seed: int | None,
             no_save: bool) -> tuple[str, int | None]:
    """The trainee's name tidied, the seed and the records' URL checked; a name that mixes
    scripts is warned about ("dеwi" with a Cyrillic е looks like "dewi")."""
    from simulator.play import check_seed, name_scripts, trainee_name

    source = "--trainee" if ctx.get_parameter_source("trainee") == \
        click.core.ParameterSource.COMMANDLINE else "$USER"
    name = trainee_name(trainee, source)
    scripts = name_scripts(name)
    if scripts:
        say(f"warning: the trainee name '{name}' mixes scripts ({', '.join(scripts)}): it "
            "can look like another trainee's name", err=True)
    if seed is not None:
        check_seed(seed)
    if not no_save:
        from simulator.records import check_url

        check_url(ctx.obj.db)
    return name, seed


def _no_such_language(scenario: str, lang: str, languages: tuple[str, ...]) -> None:
    from babel import Locale

    from simulator.errors import UsageError

    def name(code: str) -> str:
        try:
            return str(Locale.parse(code).get_display_name("en"))
        except (ValueError, LookupError):
            return code

    given = ", ".join(f"{name(code)} ({code})" for code in languages)
    raise UsageError(f"scenario '{scenario}' has no {name(lang)} ({lang}): it is written in "
                     f"{given}; play it with --lang {languages[0]}")


def _let_go_of_stdout() -> None:
    """A closed or broken standard output is not an error at exit: the call is kept."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())



def _retry(ctx: click.Context, engine: Engine, retry_id: str, handover: int | None, *,
           seed: int, timed: bool) -> Session:
    """A practice session replaying a recorded call up to reply `handover`; the trainee and
    the language are the call's unless given."""
    from simulator.play import replay_for_retry

    if handover is None:
        raise UsageError("--retry needs --from N: the reply to take over at (agentsim "
                         f"review {retry_id} numbers them)")
    app: App = ctx.obj
    store = app.store()
    try:
        record = store.record(retry_id)
    finally:
        store.close()
    if record.scenario != engine.scenario.id:
        raise UsageError(f"call {record.id[:8]} is of scenario '{record.scenario}', not "
                         f"'{engine.scenario.id}'")
    given = click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT

    def chosen(name: str, recorded: str) -> str:
        value: str = ctx.params[name]
        return value if ctx.get_parameter_source(name) in given else recorded

    return replay_for_retry(engine, record.turns, handover, retry_of=record.id, seed=seed,
                            lang=chosen("lang", record.lang),
                            trainee=chosen("trainee", record.trainee), timed=timed)


def _ask(prompt: str, wait: float | None = None) -> str:
    from simulator.cli._prompt import ask

    return ask(prompt, wait)


def _tell(text: str) -> None:
    """Print to standard error; the terminal may be gone after a hang-up."""
    with suppress(OSError):
        click.echo(text, err=True)
