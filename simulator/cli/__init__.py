"""The `agentsim` command line: parse, call the library, print.

Each command lives in a module of its audience (`_trainee`, `_records`, `_trainer`) and is
imported only when it runs, so `agentsim --help` loads click and this module alone. Our own
errors become a message and an exit code here, in one place, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from simulator import __version__
from simulator.errors import AgentsimError

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from simulator.records import Store
    from simulator.scenario import Catalog

# The end of `agentsim --help`: every environment variable read and every exit code. A plain
# string, so the help stays as fast as it is; tests keep it and the README in step with the
# code. Click keeps the layout of paragraphs marked with \b.
EPILOG = """\
\b
Environment:
  AGENTSIM_SCENARIOS       the scenario folder (as --scenarios)
  AGENTSIM_DB              the records database (as --db)
  AGENTSIM_REPORTS         where play writes each call's report
                           (default: beside a SQLite records file)
  AGENTSIM_CACHE           where reports keep what they may not keep in
                           read-only records (default: the cache folder)
  AGENTSIM_UNSAVED         where a call that could not be recorded is kept
                           (default: ~/agentsim-unsaved)
  AGENTSIM_LRS_ENDPOINT    xapi push: the store's endpoint (as --endpoint)
  AGENTSIM_LRS_USER        xapi push: user name or key (as --user)
  AGENTSIM_LRS_PASSWORD    xapi push: password or secret (as --password)
  AGENTSIM_XAPI_BASE       xAPI: base of the activity IRIs (as --base)
  AGENTSIM_XAPI_HOME_PAGE  xAPI: home page of the accounts (as --home-page)
  AGENTSIM_XAPI_KEY        xAPI: the key of the trainees' pseudonyms
                           (default: one kept in the records database)
  NO_COLOR                 any value: play without colour
  USER                     the default --trainee
  _AGENTSIM_COMPLETE       shell completion; for bash, in ~/.bashrc:
                           eval "$(_AGENTSIM_COMPLETE=bash_source agentsim)"
                           (zsh: zsh_source, fish: fish_source)

\b
Exit codes:
  0    done; a call reached its ending and was recorded
  1    a scenario has errors, a walkthrough failed, the records, a file or
       the learning record store failed, or Ctrl-C stopped a command
  2    bad usage: an unknown command, option or scenario, an answer that
       names no reply, a name, seed or --db the records could not keep
  75   the call ended but could not be recorded: it is kept as a file
       (agentsim recover records it later)
  129  the terminal hung up (SIGHUP); a call in progress is kept
  130  a call was abandoned (Ctrl-C, end of input, answers ran out) and kept
  143  stopped by SIGTERM; a call in progress is kept
"""

# name: (module, attribute, short help). The short help is what `agentsim --help` lists
# without importing the command; a test keeps it equal to the command's own.
COMMANDS = {
    "list": ("_trainee", "list_command", "List the scenarios you can play."),
    "play": ("_trainee", "play", "Take a call, as a trainee."),
    "review": ("_practice", "review", "Review a past call in the terminal."),
    "note": ("_practice", "note", "Write a coach's note on a call or one of its replies."),
    "next": ("_practice", "next_command", "What a trainee should practise next."),
    "history": ("_records", "history", "List recorded sessions, oldest first."),
    "report": ("_records", "report",
               "Write an HTML report: a session, a trainee, the cohort, or all."),
    "export": ("_records", "export", "Export recorded sessions as CSV, JSON or xAPI."),
    "xapi": ("_records", "xapi", "Send results to a learning record store (xAPI)."),
    "recover": ("_recover", "recover", "Record the calls kept as files when they could not "
                "be recorded."),
    "validate": ("_trainer", "validate", "Check scenario files like a compiler."),
    "check": ("_trainer", "check", "Replay the scenarios' walkthroughs."),
    "graph": ("_trainer", "graph", "Draw a scenario as a diagram."),
    "explore": ("_trainer", "explore", "Every path through a scenario: endings and scores."),
    "new": ("_trainer", "new", "Write a playable starter scenario."),
    "schema": ("_trainer", "schema", "Print the JSON Schema of the scenario format."),
    "convert": ("_trainer", "convert", "Convert a scenario to Twee 3 for Twine, or back."),
}


class _Commands(click.Group):
    """A group whose commands load on first use, and whose errors never show a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        command: click.Command = getattr(import_module(f"{__name__}.{module}"), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, _, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AgentsimError as err:
            say(err.render(), err=True)
            ctx.exit(err.exit_code)
        except click.ClickException as err:  # a bad option value is echoed back in it
            from simulator.present import safe

            setattr(err, "message", safe(err.message))  # noqa: B010 (Final to mypy only)
            raise


@dataclass(frozen=True, slots=True)
class App:
    """What every command shares: where scenarios and records are."""

    folder: Path | None
    db: str | None

    @property
    def catalog(self) -> Catalog:
        from simulator.scenario import Catalog

        return Catalog(self.folder) if self.folder is not None else Catalog.builtin()

    def store(self, *, read_only: bool = False) -> Store:
        """The records; `read_only` for commands that only read them, which then work on a
        file nobody may write and never change it."""
        from simulator.records import Store

        return Store(self.db, read_only=read_only)


def command(name: str) -> Callable[[Callable[..., Any]], click.Command]:
    """`click.command` for one of COMMANDS, with its listed short help."""
    return click.command(name, short_help=COMMANDS[name][2])


def group(name: str) -> Callable[[Callable[..., Any]], click.Group]:
    """`click.group` for one of COMMANDS, with its listed short help."""
    return click.group(name, short_help=COMMANDS[name][2])


def display(path: Path) -> str:
    """A path as a person would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that holds anything from outside (names, paths, records, messages):
    its control characters are shown, never acted on by the terminal."""
    from simulator.present import safe

    click.echo(safe(text), err=err, nl=nl)


def default_trainee() -> str:
    return os.environ.get("USER", "trainee")


def complete_scenarios(ctx: click.Context, _param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
    """Shell completion for a scenario: the ids in the catalog (`--scenarios` or
    AGENTSIM_SCENARIOS when given), else file names, since a path is taken too."""
    from click.shell_completion import CompletionItem

    try:
        ids = _completing(ctx).catalog.ids()
    except Exception:  # completion must never break the shell: offer files instead
        ids = []
    found = [CompletionItem(i) for i in ids if i.startswith(incomplete)]
    return found or [CompletionItem(incomplete, type="file")]


def complete_trainees(ctx: click.Context, _param: click.Parameter,
                      incomplete: str) -> list[CompletionItem]:
    """Shell completion for `--trainee`: the names in the records (`--db` or AGENTSIM_DB).

    Any error completes nothing, and a SQLite file that does not exist yet is not created.
    """
    from click.shell_completion import CompletionItem

    try:
        from sqlalchemy.engine import make_url

        from simulator.records import Store, default_url, normalise_url

        url = normalise_url(_completing(ctx).db or default_url())
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and not (
                parsed.database and Path(parsed.database).is_file()):
            return []
        store = Store(url)
        try:
            names = {r.trainee for r in store.records(summary=True)}
        finally:
            store.close()
    except Exception:  # completion must never break the shell
        return []
    return [CompletionItem(n) for n in sorted(names) if n.startswith(incomplete)]


def _completing(ctx: click.Context) -> App:
    """The App while the shell completes a word: the group's callback has not run, so the
    App is made from the group's options as parsed (environment variables included)."""
    app = ctx.find_object(App)
    if app is not None:
        return app
    params = ctx.find_root().params
    folder = params.get("folder")
    return App(Path(folder).expanduser() if folder else None, params.get("db"))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EPILOG)
@click.option("--scenarios", "folder", type=click.Path(file_okay=False, path_type=Path),
              envvar="AGENTSIM_SCENARIOS",
              help="Use the scenarios in this folder instead of the built-in ones.")
@click.option("--db", envvar="AGENTSIM_DB", metavar="URL",
              help="Records database: a SQLite file or sqlite:///FILE (a relative FILE is "
                   "taken from the current folder), or postgresql+psycopg://USER@HOST/DB. "
                   "Default: a file in your data folder.")
@click.version_option(__version__, prog_name="agentsim")
@click.pass_context
def main(ctx: click.Context, folder: Path | None, db: str | None) -> None:
    """agentsim: practise real support calls, scored on empathy, speed and escalation."""
    ctx.obj = App(folder, db)
