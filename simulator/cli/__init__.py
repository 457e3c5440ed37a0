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
    from simulator.records import Store
    from simulator.scenario import Catalog

# name: (module, attribute, short help). The short help is what `agentsim --help` lists
# without importing the command; a test keeps it equal to the command's own.
COMMANDS = {
    "list": ("_trainee", "list_command", "List the scenarios you can play."),
    "play": ("_trainee", "play", "Take a call, as a trainee."),
    "history": ("_records", "history", "List recorded sessions, oldest first."),
    "report": ("_records", "report",
               "Write an HTML report: a session, a trainee, the cohort, or all."),
    "export": ("_records", "export", "Export recorded sessions as CSV, JSON or xAPI."),
    "xapi": ("_records", "xapi", "Send results to a learning record store (xAPI)."),
    "validate": ("_trainer", "validate", "Check scenario files like a compiler."),
    "check": ("_trainer", "check", "Replay the scenarios' walkthroughs."),
    "graph": ("_trainer", "graph", "Draw a scenario as a diagram."),
    "explore": ("_trainer", "explore", "Every path through a scenario: endings and scores."),
    "new": ("_trainer", "new", "Write a playable starter scenario."),
    "schema": ("_trainer", "schema", "Print the JSON Schema of the scenario format."),
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
            click.echo(err.render(), err=True)
            ctx.exit(err.exit_code)


@dataclass(frozen=True, slots=True)
class App:
    """What every command shares: where scenarios and records are."""

    folder: Path | None
    db: str | None

    @property
    def catalog(self) -> Catalog:
        from simulator.scenario import Catalog

        return Catalog(self.folder) if self.folder is not None else Catalog.builtin()

    def store(self) -> Store:
        from simulator.records import Store

        return Store(self.db)


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


def default_trainee() -> str:
    return os.environ.get("USER", "trainee")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--scenarios", "folder", type=click.Path(file_okay=False, path_type=Path),
              envvar="AGENTSIM_SCENARIOS",
              help="Use the scenarios in this folder instead of the built-in ones.")
@click.option("--db", envvar="AGENTSIM_DB", metavar="URL",
              help="Records database: a SQLite file or sqlite:///FILE, or "
                   "postgresql+psycopg://USER@HOST/DB. Default: a file in your data folder.")
@click.version_option(__version__, prog_name="agentsim")
@click.pass_context
def main(ctx: click.Context, folder: Path | None, db: str | None) -> None:
    """agentsim: practise real support calls, scored on empathy, speed and escalation."""
    ctx.obj = App(folder, db)
