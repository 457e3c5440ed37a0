"""The `agentsim` command line: parse, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from simulator import __version__
from simulator._ui import LANGUAGES, message
from simulator.catalog import Catalog
from simulator.engine import Engine
from simulator.errors import AgentsimError, Diagnostic, summary
from simulator.loader import compile_scenario, load_scenario
from simulator.play import Screen, play_interactive, play_scripted, read_answers
from simulator.profile import load_profile
from simulator.scoring import score
from simulator.validate import check_file
from simulator.walkthrough import run_all

EXIT_INTERRUPTED = 130


class _Group(click.Group):
    """Turns our own errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AgentsimError as err:
            click.echo(err.render(), err=True)
            ctx.exit(err.exit_code)


def _display(path: Path) -> str:
    """A path as a person would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--scenarios", "folder", type=click.Path(file_okay=False, path_type=Path),
              envvar="AGENTSIM_SCENARIOS",
              help="Use the scenarios in this folder instead of the built-in ones.")
@click.version_option(__version__, prog_name="agentsim")
@click.pass_context
def main(ctx: click.Context, folder: Path | None) -> None:
    """agentsim: practise real support calls, scored on empathy, speed and escalation."""
    ctx.obj = Catalog(folder) if folder is not None else Catalog.builtin()


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def list_command(catalog: Catalog, as_json: bool) -> None:
    """List the scenarios you can play."""
    rows: list[dict[str, Any]] = []
    for path in catalog.files():
        scenario, diagnostics = compile_scenario(path, _display(path))
        if scenario is None:
            errors = [d for d in diagnostics if d.severity == "error"]
            rows.append({"id": path.stem, "path": str(path), "error": str(errors[0])})
            continue
        rows.append({
            "id": scenario.id,
            "title": scenario.title.get("en"),
            "languages": list(scenario.languages),
            "difficulty": scenario.difficulty,
            "states": len(scenario.states),
            "choices": scenario.choice_count,
            "endings": len(scenario.endings),
            "path": str(path),
        })
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"No scenarios in {catalog.folder}.")
    for row in rows:
        if "error" in row:
            click.echo(f"{row['id']:<22} (cannot be loaded: run agentsim validate)")
        else:
            click.echo(f"{row['id']:<22} {row['title']}  "
                       f"[{row['difficulty']}, {'/'.join(row['languages'])}, "
                       f"{row['states']} states]")


@main.command()
@click.argument("scenario")
@click.option("--trainee", default=lambda: os.environ.get("USER", "trainee"),
              show_default="your user name", help="Who is playing (for the records).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the call.")
@click.option("--answers", type=click.File("r", encoding="utf-8"),
              help="Play scripted: one reply per line (the number shown or the choice id); "
                   "'-' reads standard input.")
@click.option("--untimed", is_flag=True,
              help="Practice mode: your thinking time does not count on the call's clock.")
@click.option("--seed", type=int, help="Fix the order replies are shown in.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the scorecard (with the session) as one JSON object.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score with this scoring profile instead of the default one.")
@click.pass_obj
def play(catalog: Catalog, scenario: str, trainee: str, lang: str, answers: TextIO | None,
         untimed: bool, seed: int | None, as_json: bool, profile_path: Path | None) -> None:
    """Take a call: SCENARIO is a built-in id or a path to a YAML file."""
    path = catalog.find(scenario)
    model = load_scenario(path, _display(path))
    profile = load_profile(profile_path)
    engine = Engine(model)
    session = engine.start(
        seed=seed if seed is not None else secrets.randbelow(2**31), lang=lang,
        trainee=trainee, timed=answers is None and not untimed)
    session.started_at = datetime.now(UTC).isoformat(timespec="seconds")
    color = _use_color(sys.stdout) and not as_json
    width = min(80, shutil.get_terminal_size((80, 24)).columns)
    screen = Screen(model, lang, width, color)

    def echo(text: str) -> None:
        if not as_json:
            click.echo(text, color=color)

    echo(screen.opening())
    finished = True
    try:
        if answers is not None:
            source = "<stdin>" if answers.name == "<stdin>" else answers.name
            finished = play_scripted(engine, session, screen, echo, read_answers(answers),
                                     source)
            if not finished:
                echo(message(lang, "answers_ran_out"))
        else:
            play_interactive(engine, session, screen, echo, _ask)
    except (click.Abort, KeyboardInterrupt):
        finished = False
    session.ended_at = datetime.now(UTC).isoformat(timespec="seconds")
    if not finished:
        engine.abandon(session)
        click.echo("", err=True)
        click.echo(message(lang, "abandoned", turns=len(session.turns) + 1), err=True)
        if as_json:
            click.echo(session.to_json())
        sys.exit(EXIT_INTERRUPTED)
    card = score(model, session, profile)
    if as_json:
        click.echo(json.dumps({**card.to_dict(), "session": session.to_dict()},
                              ensure_ascii=False))
    else:
        echo(screen.ending(session))
        echo(screen.scores(card, profile))
        echo(screen.debrief(session))


def _ask(prompt: str) -> str:
    answer: str = click.prompt(prompt, prompt_suffix=": ", default="", show_default=False)
    return answer


@main.command()
@click.argument("paths", nargs=-1)
@click.pass_obj
def validate(catalog: Catalog, paths: tuple[str, ...]) -> None:
    """Check scenario files like a compiler (all scenarios when no PATH is given)."""
    files = catalog.expand(paths)
    found: list[Diagnostic] = []
    for path in files:
        _scenario, diagnostics = check_file(path, _display(path))
        for diagnostic in diagnostics:
            click.echo(str(diagnostic))
        found += diagnostics
    noun = "file" if len(files) == 1 else "files"
    click.echo(f"checked {len(files)} {noun}: {summary(found)}")
    if any(d.severity == "error" for d in found):
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score with this scoring profile instead of the default one.")
@click.pass_obj
def check(catalog: Catalog, paths: tuple[str, ...], profile_path: Path | None) -> None:
    """Replay the walkthroughs in scenario files and compare endings and scores."""
    profile = load_profile(profile_path)
    passed = failed = 0
    for path in catalog.expand(paths):
        scenario = load_scenario(path, _display(path))
        for result in run_all(scenario, profile):
            name = f"{scenario.id}: {result.walkthrough.name}"
            if result.ok:
                passed += 1
                scores = result.card.scores if result.card else {}
                click.echo(f"PASS {name} ({scores.get('overall', 0):g})")
            else:
                failed += 1
                click.echo(f"FAIL {name}")
                for problem in result.problems:
                    click.echo(f"     {result.walkthrough.loc}: {problem}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed:
        sys.exit(1)
