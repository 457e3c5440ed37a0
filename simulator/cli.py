"""The `agentsim` command line: parse, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from simulator import __version__
from simulator.errors import AgentsimError, Diagnostic, UsageError, summary
from simulator.present._words import LANGUAGES, message
from simulator.scenario._catalog import Catalog

# The engine, YAML, SQLAlchemy and Jinja2 load inside the commands that need them, so that
# `agentsim --help` starts fast; see tests/test_store.py for the import-cost check.
if TYPE_CHECKING:
    from simulator.play._session import Session
    from simulator.records._store import Record, Store
    from simulator.records._xapi import XapiSettings
    from simulator.scenario._model import Scenario
    from simulator.scoring._profile import Profile
    from simulator.scoring._scorecard import Scorecard

EXIT_INTERRUPTED = 130


def load_profile(path: Path | None = None) -> Profile:
    """The scoring profile, loaded only by the commands that score (off play's start-up)."""
    from simulator.scoring._profile import load_profile as load

    return load(path)


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


@dataclass(frozen=True, slots=True)
class App:
    """What every command shares: where scenarios and records are."""

    catalog: Catalog
    db: str | None

    def store(self) -> Store:
        from simulator.records._store import (
            Store,  # SQLAlchemy loads only for commands that need it
        )

        return Store(self.db)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.obj = App(Catalog(folder) if folder is not None else Catalog.builtin(), db)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def list_command(app: App, as_json: bool) -> None:
    """List the scenarios you can play."""
    from simulator.scenario._loader import compile_scenario

    catalog = app.catalog
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
@click.option("--no-save", is_flag=True,
              help="Do not record this call (for authors trying out a scenario).")
@click.pass_obj
def play(app: App, scenario: str, trainee: str, lang: str, answers: TextIO | None,
         untimed: bool, seed: int | None, as_json: bool, profile_path: Path | None,
         no_save: bool) -> None:
    """Take a call: SCENARIO is a built-in id or a path to a YAML file."""
    from simulator.play._call import Screen, play_interactive, play_scripted, read_answers
    from simulator.play._engine import Engine
    from simulator.scenario._loader import load_scenario

    path = app.catalog.find(scenario)
    model = load_scenario(path, _display(path))
    # A profile the trainee names is checked before the call, so a bad one loses nothing;
    # the default one loads after it, off the way to the first prompt.
    chosen = load_profile(profile_path) if profile_path is not None else None
    engine = Engine(model)
    session = engine.start(
        seed=seed if seed is not None else secrets.randbelow(2**31), lang=lang,
        trainee=trainee, timed=answers is None and not untimed)
    session.started_at = datetime.now(UTC).isoformat(timespec="milliseconds")
    color = _use_color(sys.stdout) and not as_json
    width = min(80, shutil.get_terminal_size((80, 24)).columns)
    screen = Screen(model, lang, width, color)

    def echo(text: str) -> None:
        if not as_json:
            click.echo(text, color=color)

    echo(screen.opening())
    interrupted = 0
    with _hang_up_as_interrupt():
        try:
            if answers is not None:
                source = "<stdin>" if answers.name == "<stdin>" else answers.name
                if not play_scripted(engine, session, screen, echo, read_answers(answers),
                                     source):
                    echo(message(lang, "answers_ran_out"))
                    interrupted = EXIT_INTERRUPTED
            else:
                play_interactive(engine, session, screen, echo, _ask)
        except (click.Abort, KeyboardInterrupt):
            interrupted = EXIT_INTERRUPTED
        except _HangUp as hang_up:
            interrupted = 128 + hang_up.signum
    session.ended_at = datetime.now(UTC).isoformat(timespec="milliseconds")
    if session.ending is None:
        engine.abandon(session)
    from simulator.scoring._scorecard import score

    profile = chosen or load_profile()
    card = score(model, session, profile)
    saved = message(lang, "not_saved")
    if not no_save:
        with _hang_up_as_interrupt(ignore=True):
            saved = _keep(app, model, session, card)
    if interrupted:
        _tell("\n" + message(lang, "abandoned", turns=len(session.turns) + 1))
        _tell(saved)
        if as_json:
            click.echo(json.dumps({**card.to_dict(), "session": session.to_dict()},
                                  ensure_ascii=False))
        sys.exit(interrupted)
    if as_json:
        click.echo(json.dumps({**card.to_dict(), "session": session.to_dict()},
                              ensure_ascii=False))
    else:
        echo(screen.ending(session))
        echo(screen.scores(card, profile))
        echo(screen.debrief(session))
        echo("")
        echo(saved)


class _HangUp(Exception):
    """SIGTERM or SIGHUP arrived during a call."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _hang_up_as_interrupt(ignore: bool = False) -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into _HangUp (or ignore them while a session is saved)."""

    def hang_up(signum: int, _frame: object) -> None:
        raise _HangUp(signum)

    handler = signal.SIG_IGN if ignore else hang_up
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _tell(text: str) -> None:
    """Print to stderr; the terminal may be gone after a hang-up."""
    with suppress(OSError):
        click.echo(text, err=True)


def _keep(app: App, scenario: Scenario, session: Session, card: Scorecard) -> str:
    """Save the session; if the records database fails, keep it as a JSON file instead."""
    from simulator.present import _report as report
    from simulator.records._store import StoreError, reports_folder

    try:
        store = app.store()
        try:
            store.save(scenario, session, card)
            record = store.record(session.id)
        finally:
            store.close()
    except StoreError as err:
        folder = Path(os.environ.get("AGENTSIM_UNSAVED", Path.home() / "agentsim-unsaved"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{session.id}.json"
        path.write_text(session.to_json(), encoding="utf-8")
        return f"{err.render()}\nThe session was kept in {path}."
    folder = reports_folder(app.db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"session-{session.id[:8]}.html"
    view = report.session_view(record, scenario, load_profile(), session.lang)
    path.write_text(report.render("session.html", view), encoding="utf-8")
    return message(session.lang, "saved", id=session.id[:8], path=path)


def _ask(prompt: str) -> str:
    answer: str = click.prompt(prompt, prompt_suffix=": ", default="", show_default=False)
    return answer


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one object with every diagnostic, for editors "
              "and CI.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Check scoring against this profile instead of the default one.")
@click.pass_obj
def validate(app: App, paths: tuple[str, ...], fmt: str, profile_path: Path | None) -> None:
    """Check scenario files like a compiler (all scenarios when no PATH is given).

    Each problem is printed as path:line:col: error[CODE]: message; the codes are explained
    in docs/diagnostics/.
    """
    files = app.catalog.expand(paths)
    from simulator.scoring._checks import check_file

    profile = load_profile(profile_path)
    found: list[Diagnostic] = []
    for path in files:
        _scenario, diagnostics = check_file(path, _display(path), profile)
        found += diagnostics
    errors = sum(d.severity == "error" for d in found)
    if fmt == "json":
        click.echo(json.dumps({"files": len(files), "errors": errors,
                               "warnings": len(found) - errors,
                               "diagnostics": [d.to_dict() for d in found]}, indent=1))
    else:
        for diagnostic in found:
            click.echo(str(diagnostic))
        noun = "file" if len(files) == 1 else "files"
        click.echo(f"checked {len(files)} {noun}: {summary(found)}")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score with this scoring profile instead of the default one.")
@click.pass_obj
def check(app: App, paths: tuple[str, ...], profile_path: Path | None) -> None:
    """Replay the walkthroughs in scenario files and compare endings and scores."""
    from simulator.scenario._loader import load_scenario
    from simulator.scoring._walkthrough import run_all

    profile = load_profile(profile_path)
    passed = failed = 0
    for path in app.catalog.expand(paths):
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


@main.command()
@click.option("--trainee", help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print the sessions as JSON.")
@click.pass_obj
def history(app: App, trainee: str | None, scenario: str | None, as_json: bool) -> None:
    """List recorded sessions, oldest first."""
    from simulator.records._export import to_json

    store = app.store()
    try:
        records = store.records(trainee=trainee, scenario=scenario)
    finally:
        store.close()
    if as_json:
        click.echo(to_json(records))
        return
    if not records:
        click.echo("No sessions recorded yet: play one with agentsim play frozen-highway.")
        return
    click.echo(f"{'session':<9} {'started':<16} {'trainee':<14} {'scenario':<20} "
               f"{'result':<10} overall")
    for r in records:
        result = "abandoned" if r.status == "abandoned" else (
            "passed" if r.passed else "failed")
        click.echo(f"{r.id[:8]:<9} {r.started_at[:16].replace('T', ' '):<16} "
                   f"{r.trainee[:14]:<14} {r.scenario[:20]:<20} {result:<10} "
                   f"{r.scores['overall']:5.1f}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xapi"]), required=True,
              help="csv: one row per session; json: sessions with findings and turns; "
                   "xapi: xAPI statements for a learning record store.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--trainee", help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--since", metavar="DATE", help="Only sessions started on or after DATE "
              "(YYYY-MM-DD).")
@click.pass_obj
def export(app: App, fmt: str, output: Path | None, trainee: str | None,
           scenario: str | None, since: str | None) -> None:
    """Export recorded sessions for a spreadsheet or another system."""
    from simulator.records._export import to_csv, to_json

    store = app.store()
    try:
        records = store.records(trainee=trainee, scenario=scenario, since=_date(since),
                                with_turns=fmt != "csv")
        settings = _xapi_settings(store, None, None) if fmt == "xapi" else None
    finally:
        store.close()
    if settings is not None:
        text = _statements_json(app, records, settings)
    else:
        text = to_csv(records) if fmt == "csv" else to_json(records) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(records)} sessions written to {output}", err=True)


@main.group()
def xapi() -> None:
    """Send results to a learning record store (xAPI), for your LMS."""


@xapi.command("push")
@click.option("--endpoint", required=True, envvar="AGENTSIM_LRS_ENDPOINT", metavar="URL",
              help="The store's xAPI endpoint, e.g. https://lrs.example.com/xAPI "
                   "(or AGENTSIM_LRS_ENDPOINT).")
@click.option("--user", envvar="AGENTSIM_LRS_USER",
              help="User name or key for the store (or AGENTSIM_LRS_USER).")
@click.option("--password", envvar="AGENTSIM_LRS_PASSWORD", show_default=False,
              help="Password or secret (better: AGENTSIM_LRS_PASSWORD; asked for if "
                   "missing).")
@click.option("--again", is_flag=True, help="Send already accepted sessions again too "
              "(safe: the store keeps one copy of each statement).")
@click.option("--trainee", help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--since", metavar="DATE", help="Only sessions started on or after DATE "
              "(YYYY-MM-DD).")
@click.option("--base", metavar="IRI", help="Base of the activity IRIs (or "
              "AGENTSIM_XAPI_BASE; default https://agentsim.invalid).")
@click.option("--home-page", metavar="IRI", help="Home page of the trainees' accounts (or "
              "AGENTSIM_XAPI_HOME_PAGE; default https://agentsim.invalid).")
@click.pass_obj
def xapi_push(app: App, endpoint: str, user: str | None, password: str | None, again: bool,
              trainee: str | None, scenario: str | None, since: str | None,
              base: str | None, home_page: str | None) -> None:
    """Send the sessions the learning record store has not accepted yet."""
    from simulator.records import _lrs as lrs

    if user is not None and password is None:
        if not sys.stdin.isatty():
            raise UsageError("no password for --user: set AGENTSIM_LRS_PASSWORD")
        password = click.prompt("Password", hide_input=True, err=True)
    store = app.store()
    try:
        records = store.records(trainee=trainee, scenario=scenario, since=_date(since),
                                with_turns=True)
        settings = _xapi_settings(store, base, home_page)
        target = lrs.Lrs(lrs.endpoint(endpoint), user, password)
        lookup = _scenario_lookup(app)
        pushed = lrs.push(store, target, records,
                          lambda r: _session_statements(r, lookup(r.scenario), settings),
                          again=again)
    finally:
        store.close()
    click.echo(pushed.summary())


def _xapi_settings(store: Store, base: str | None, home_page: str | None) -> XapiSettings:
    """Options, else environment, else defaults; the pseudonym key from the records."""
    from simulator.records._xapi import XapiSettings

    key = os.environ.get("AGENTSIM_XAPI_KEY") or store.secret("xapi-trainee-key")
    return XapiSettings.checked(base or os.environ.get("AGENTSIM_XAPI_BASE"),
                                home_page or os.environ.get("AGENTSIM_XAPI_HOME_PAGE"), key)


def _scenario_lookup(app: App) -> Callable[[str], Scenario | None]:
    """Scenarios by id, each loaded once (None: not in the catalog, or broken)."""
    from simulator.present._report import Scenarios

    return Scenarios(app.catalog).get


def _session_statements(record: Record, scenario: Scenario | None,
                        settings: XapiSettings) -> list[dict[str, Any]]:
    from simulator.records._xapi import session_statements

    return session_statements(record, scenario, settings)


def _statements_json(app: App, records: list[Record], settings: XapiSettings) -> str:
    from simulator.records._xapi import statements

    found = statements(records, _scenario_lookup(app), settings)
    return json.dumps(found, ensure_ascii=False, indent=1) + "\n"


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        raise UsageError(f"'{value}' is not a date: use YYYY-MM-DD") from None


@main.command()
@click.option("--session", "session_id", metavar="ID", help="One session (a unique prefix of "
              "its id is enough).")
@click.option("--trainee", help="One trainee's progress.")
@click.option("--cohort", is_flag=True, help="Everyone: the trainer's and HR's view.")
@click.option("--scenario", help="Only sessions of this scenario (trainee and cohort).")
@click.option("--since", metavar="DATE", help="Only sessions started on or after DATE "
              "(YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the report (default: the session's, or English).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the HTML file (default: a file in this folder).")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The scoring profile whose labels and best path the report uses.")
@click.pass_obj
def report(app: App, session_id: str | None, trainee: str | None, cohort: bool,
           scenario: str | None, since: str | None, lang: str | None, output: Path | None,
           profile_path: Path | None) -> None:
    """Write a self-contained HTML report: one session, one trainee, or the cohort."""
    from simulator.present import _report as reports

    if sum((session_id is not None, trainee is not None, cohort)) != 1:
        raise UsageError("give exactly one of --session ID, --trainee NAME or --cohort")
    profile = load_profile(profile_path)
    scenarios = reports.Scenarios(app.catalog)
    store = app.store()
    try:
        if session_id is not None:
            record = store.record(session_id)
            view = reports.session_view(record, scenarios.get(record.scenario), profile, lang)
            html, name = reports.render("session.html", view), f"session-{record.id[:8]}.html"
        elif trainee is not None:
            records = store.records(trainee=trainee, scenario=scenario, since=_date(since))
            if not records:
                raise UsageError(f"no sessions recorded for trainee '{trainee}'")
            view = reports.trainee_view(trainee, records, scenarios, profile, lang or "en")
            html, name = reports.render("trainee.html", view), f"trainee-{_slug(trainee)}.html"
        else:
            records = store.records(scenario=scenario, since=_date(since), summary=True)
            counts = store.choice_counts(scenario=scenario, since=_date(since))
            view = reports.cohort_view(records, counts, scenarios, profile, lang or "en")
            html, name = reports.render("cohort.html", view), "cohort.html"
    finally:
        store.close()
    path = output or Path(name)
    path.write_text(html, encoding="utf-8")
    click.echo(f"Report written to {path}")


def _slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    return slug[:40] or "trainee"


@main.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="mermaid for Markdown viewers, dot for Graphviz.")
@click.option("--best", is_flag=True, help="Highlight the best path.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the labels.")
@click.pass_obj
def graph(app: App, scenario: str, fmt: str, best: bool, lang: str) -> None:
    """Draw SCENARIO as a diagram: states, replies, endings by outcome."""
    from simulator.present import _graph as graphs
    from simulator.scenario._loader import load_scenario
    from simulator.scoring._search import best_plan

    path = app.catalog.find(scenario)
    model = load_scenario(path, _display(path))
    highlight: set[tuple[str, str]] = set()
    if best:
        plan = best_plan(model, load_profile())
        highlight = {(t.state, t.choice) for t in plan.session.turns}
    draw = graphs.mermaid if fmt == "mermaid" else graphs.dot
    click.echo(draw(model, highlight, lang), nl=False)


@main.command()
@click.argument("scenario")
@click.option("--json", "as_json", is_flag=True, help="Print everything found as JSON.")
@click.option("--limit", default=1000, show_default=True,
              help="Play every path up to this many; beyond it, a random sample this size.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score with this scoring profile instead of the default one.")
@click.pass_obj
def explore(app: App, scenario: str, as_json: bool, limit: int,
            profile_path: Path | None) -> None:
    """Every path through SCENARIO: endings, score ranges, reachable critical errors."""
    from simulator.scenario._loader import load_scenario
    from simulator.scoring._explore import explore as explore_paths

    path = app.catalog.find(scenario)
    model = load_scenario(path, _display(path))
    profile = load_profile(profile_path)
    found = explore_paths(model, profile, limit)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
        return
    how = (f"a random sample of {limit} walks, {len(found.played)} distinct paths"
           if found.sampled else f"all {len(found.played)} paths")
    counted = (f"{found.path_count} paths through the replies (before meter limits cut "
               "some short)" if found.path_count >= 0 else "too many situations to count the "
               "paths (see S005)")
    click.echo(f"{model.id}: {counted}; played and scored {how}.")
    click.echo(f"best path: {' > '.join(found.best_path)}")
    click.echo("endings reached:")
    for ending, count in found.endings.items():
        outcome = model.endings[ending].outcome if ending in model.endings else "-"
        click.echo(f"  {ending:<28} {outcome:<8} {count:>6} paths")
    click.echo("scores (min..max):")
    for key, (low, high) in found.ranges().items():
        click.echo(f"  {key:<12} {low:5.1f} .. {high:5.1f}")
    passed = sum(p.passed for p in found.played)
    click.echo(f"passed: {passed} of {len(found.played)} paths")
    errors = ", ".join(found.critical_errors) or "none"
    click.echo(f"critical errors reachable: {errors}")


@main.command()
@click.argument("scenario_id", metavar="ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: ID.yaml in this folder).")
def new(scenario_id: str, output: Path | None) -> None:
    """Write a small, playable starter scenario whose comments teach the format."""
    from simulator.scenario._loader import valid_id

    if not valid_id(scenario_id):
        raise UsageError(f"'{scenario_id}' is not a valid id: use lower-case letters, digits "
                         "and '-', starting with a letter")
    path = output or Path(f"{scenario_id}.yaml")
    if path.exists():
        raise UsageError(f"{path} already exists: choose another id or -o FILE")
    starter = (Path(__file__).parent / "scenario" / "starter.yaml").read_text(encoding="utf-8")
    path.write_text(starter.replace("__ID__", scenario_id), encoding="utf-8")
    click.echo(f"Wrote {path}. Next: agentsim validate {path} && agentsim play {path}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for completion in an editor)."""
    from simulator.scenario._schema import scenario_schema

    click.echo(json.dumps(scenario_schema(), indent=1))
