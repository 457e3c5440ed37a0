"""Put the calls that could not be recorded when they ended into the records."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli import App, command, say


@command("recover")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def recover(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Record the calls kept as files when they could not be recorded.

    A call that ends while the records cannot be written (a full disk, a database that is
    down) is kept as a JSON file in ~/agentsim-unsaved (or AGENTSIM_UNSAVED), and `play`
    says where and exits with 75. With no FILES, every call kept there is recorded; each
    file is removed once its call is in the records.
    """
    from simulator.present import kept_folders
    from simulator.records import kept_files
    from simulator.records import recover as recover_call
    from simulator.scenario import Scenarios

    app: App = ctx.obj
    paths = list(files) or kept_files(kept_folders())
    if not paths:
        say(f"No calls are waiting to be recorded in {kept_folders()[0]}.")
        return
    scenarios = Scenarios(app.catalog)
    store = app.store()
    counts = {"recorded": 0, "already": 0, "failed": 0}
    try:
        for path in paths:
            done = recover_call(store, path, scenarios.get)
            counts[done.outcome] += 1
            if done.outcome == "failed":
                say(f"{path}: not recorded: {done.why}", err=True)
            else:
                say(f"{path}: session {done.session[:8]} "
                    f"{'recorded' if done.outcome == 'recorded' else 'was already recorded'}")
    finally:
        store.close()
    say(f"{counts['recorded']} recorded, {counts['already']} already recorded, "
        f"{counts['failed']} not recorded (in {store.shown_url})")
    ctx.exit(1 if counts["failed"] else 0)
