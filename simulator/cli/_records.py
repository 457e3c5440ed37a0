"""The records' commands, for trainees, coaches, HR and LMS administrators: history,
reports, exports and sending results to a learning record store."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from simulator.cli import App, command, complete_trainees, group, say
from simulator.errors import UsageError
from simulator.present import languages

if TYPE_CHECKING:
    from simulator.records import Record

SINCE_HELP = ("Only sessions started on or after DATE: YYYY-MM-DD, or a time "
              "(2026-11-01T08:00), in this computer's local time unless it gives an offset "
              "(+07:00 or Z).")


@command("history")
@click.option("--trainee", shell_complete=complete_trainees,
              help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print the sessions as JSON.")
@click.pass_obj
def history(app: App, trainee: str | None, scenario: str | None, as_json: bool) -> None:
    """List recorded sessions, oldest first."""
    from simulator.records import to_json

    store = app.store(read_only=True)
    try:
        records = store.records(trainee=trainee, scenario=scenario)
    finally:
        store.close()
    if as_json:
        from simulator.present import safe_json

        click.echo(safe_json(to_json(records)))
        return
    say(f"Records: {store.shown_url}", err=True)  # which file, wherever this is run from
    if not records:
        click.echo("No sessions recorded yet: play one with agentsim play frozen-highway.")
        return
    from simulator.present import Words, safe

    when = Words().when  # local time, with its offset from UTC
    click.echo(f"{'session':<9} {'started (local time)':<26} {'trainee':<14} "
               f"{'scenario':<20} {'result':<10} overall")
    for r in records:
        result = "abandoned" if r.status == "abandoned" else (
            "passed" if r.passed else "failed")
        overall = f"{r.scores['overall']:5.1f}" if r.complete else "incomplete"
        practice = "  practice" if r.practice else ""
        say(f"{r.id[:8]:<9} {when(r.started_at):<26} {safe(r.trainee)[:14]:<14} "
            f"{r.scenario[:20]:<20} {result:<10} {overall}{practice}")


@command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xapi"]), required=True,
              help="csv: one row per session; json: sessions with findings and turns; "
                   "xapi: xAPI statements for a learning record store.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--trainee", shell_complete=complete_trainees,
              help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.pass_obj
def export(app: App, fmt: str, output: Path | None, trainee: str | None,
           scenario: str | None, since: str | None) -> None:
    """Export recorded sessions for a spreadsheet or another system."""
    from simulator.records import (
        csv_pieces,
        json_pieces,
        statements_pieces,
        stream_records,
        write_file,
        xapi_settings,
    )
    from simulator.scenario import Scenarios

    store = app.store(read_only=fmt != "xapi")  # xapi may make its pseudonym key
    counted = [0]

    def records() -> Iterator[Record]:  # read a page at a time, as they are written
        for record in stream_records(store, trainee=trainee, scenario=scenario,
                                     since=_date(since), with_turns=fmt != "csv"):
            counted[0] += 1
            yield record

    try:
        if fmt == "xapi":
            pieces = statements_pieces(records(), Scenarios(app.catalog).get,
                                       xapi_settings(store))
        else:
            pieces = csv_pieces(records()) if fmt == "csv" else json_pieces(records())
        if output is not None:
            write_file(output, pieces)
        else:
            _print(pieces, fmt)
    finally:
        store.close()
    if output is not None:
        say(f"{counted[0]} sessions written to {output}", err=True)


def _print(pieces: Iterable[str], fmt: str) -> None:
    """An export on standard output: JSON with C1 characters escaped (the same data), CSV
    with control characters shown only when a person is reading it on a terminal."""
    from simulator.present import safe, safe_json

    on_terminal = bool(sys.stdout and sys.stdout.isatty())
    for piece in pieces:
        if fmt == "csv":
            click.echo(safe(piece) if on_terminal else piece, nl=False)
        else:
            click.echo(safe_json(piece), nl=False)


@group("xapi")
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
@click.option("--trainee", shell_complete=complete_trainees,
              help="Only this trainee's sessions.")
@click.option("--scenario", help="Only sessions of this scenario.")
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.option("--base", metavar="IRI", help="Base of the activity IRIs (or "
              "AGENTSIM_XAPI_BASE; default https://agentsim.invalid).")
@click.option("--home-page", metavar="IRI", help="Home page of the trainees' accounts (or "
              "AGENTSIM_XAPI_HOME_PAGE; default https://agentsim.invalid).")
@click.pass_obj
def xapi_push(app: App, endpoint: str, user: str | None, password: str | None, again: bool,
              trainee: str | None, scenario: str | None, since: str | None,
              base: str | None, home_page: str | None) -> None:
    """Send the sessions the learning record store has not accepted yet."""
    from simulator.records import Lrs, exposed, push_sessions, stream_records, xapi_settings
    from simulator.records import endpoint as checked_endpoint
    from simulator.scenario import Scenarios

    target_url = checked_endpoint(endpoint)
    host = exposed(target_url)
    if user is not None and host is not None:
        say(f"warning: the password goes to {host} over plain http://, which anyone on the "
            "network between can read: use the store's https:// address", err=True)
    if user is not None and password is None:
        if not sys.stdin.isatty():
            raise UsageError("no password for --user: set AGENTSIM_LRS_PASSWORD")
        password = click.prompt("Password", hide_input=True, err=True)
    store = app.store()
    try:
        records = stream_records(store, trainee=trainee, scenario=scenario,
                                 since=_date(since), with_turns=True)
        settings = xapi_settings(store, base, home_page)
        if settings.placeholders:
            from simulator.present import Words

            w = Words()
            say(w("interop.placeholder", n=len(settings.placeholders),
                  options=w.join(settings.placeholders)), err=True)
        target = Lrs(target_url, user, password)
        pushed = push_sessions(store, target, records, Scenarios(app.catalog).get, settings,
                               again=again)
    finally:
        store.close()
    click.echo(pushed.summary())


@command("report")
@click.option("--session", "session_id", metavar="ID", help="One session (a unique prefix of "
              "its id is enough).")
@click.option("--trainee", shell_complete=complete_trainees,
              help="One trainee's progress (the name in any case).")
@click.option("--cohort", is_flag=True, help="Everyone: the trainer's and HR's view.")
@click.option("--all", "everything", is_flag=True, help="The cohort, every trainee and every "
              "session, linked, into the folder given by -o.")
@click.option("--scenario", help="Only sessions of this scenario (trainee, cohort, all).")
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.option("--until", metavar="DATE", help="Only sessions started on or before DATE (its "
              "whole day), or a time; read as --since is (trainee, cohort, all).")
@click.option("--lang", type=click.Choice(languages()),
              help="Language of the report (default: the session's, or English).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the HTML file (default: a file in this folder); with "
                   "--all, the folder.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The scoring profile whose labels and best path the report uses.")
@click.pass_obj
def report(app: App, session_id: str | None, trainee: str | None, cohort: bool,
           everything: bool, scenario: str | None, since: str | None, until: str | None,
           lang: str | None, output: Path | None, profile_path: Path | None) -> None:
    """Write a self-contained HTML report: one session, one trainee, the cohort, or all."""
    from simulator.present import (
        check_scenario,
        cohort_report,
        render,
        resolve_trainee,
        session_view,
        trainee_view,
        write_all,
    )
    from simulator.records import Filters
    from simulator.scenario import Scenarios
    from simulator.scoring import load_profile

    if sum((session_id is not None, trainee is not None, cohort, everything)) != 1:
        raise UsageError("give exactly one of --session ID, --trainee NAME, --cohort or --all")
    if everything and output is None:
        raise UsageError("--all writes a folder of reports: give it with -o DIR")
    for value in (since, until):
        _date(value)  # a clear error for what is not a date or a time
    filters = Filters(scenario=scenario, since=since, until=until)
    profile = load_profile(profile_path)
    scenarios = Scenarios(app.catalog)
    store = app.store(read_only=True)
    try:
        if scenario is not None:
            check_scenario(scenario, sorted({*_catalog_ids(app), *store.scenario_ids()}))
        if session_id is not None:
            record = store.record(session_id)
            view = session_view(record, scenarios.get(record.scenario), profile, lang)
            html, name = render("session.html", view), f"session-{record.id[:8]}.html"
        elif trainee is not None:
            name = resolve_trainee(trainee, store.trainees())
            records = [r for r in store.records(trainee=name, scenario=scenario,
                                                since=filters.start, with_turns=True,
                                                with_notes=True)
                       if filters.holds(r.started_at)]
            view = trainee_view(name, records, scenarios, profile, lang or "en")
            html, name = render("trainee.html", view), f"trainee-{_slug(name)}.html"
        elif cohort:
            html = cohort_report(store, scenarios, profile, filters, lang or "en")[0]
            name = "cohort.html"
        else:
            assert output is not None
            written = write_all(store, scenarios, profile, output, filters, lang)
            say(f"Reports written to {output}: the cohort, {written.trainees} "
                f"trainees, {written.sessions} sessions (open cohort.html)")
            return
    finally:
        store.close()
    from simulator.records import write_file

    path = output or Path(name)
    write_file(path, html)
    say(f"Report written to {path}")


def _catalog_ids(app: App) -> list[str]:
    try:
        return app.catalog.ids()
    except UsageError:  # no scenario folder: the records alone name the scenarios
        return []


def _date(value: str | None) -> str | None:
    """--since as the records compare it: a moment in UTC (`records.Filters`, which reports
    read the same way). A date is its midnight, and a date or time without an offset is
    local time, as history and reports show times."""
    from simulator.records import Filters

    try:
        return Filters(since=value).start
    except ValueError:
        raise UsageError(f"'{value}' is not a date: use YYYY-MM-DD (local time), or a time "
                         "such as 2026-11-01T08:00 or 2026-11-01T08:00+07:00") from None


def _slug(text: str) -> str:
    from simulator.present import slug

    return slug(text)

