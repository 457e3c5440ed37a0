"""The trainer's toolkit: check scenarios like a compiler, replay their walkthroughs, draw
them, explore every path, start a new one, print the format's JSON Schema, and convert a
scenario to Twee 3 for Twine and back."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from simulator.cli import App, command, complete_scenarios, display, say
from simulator.errors import Diagnostic, UsageError
from simulator.present import languages

if TYPE_CHECKING:
    from simulator.present import Words
    from simulator.scenario import Scenario
    from simulator.scoring import Profile

_PROFILE_HELP = "Score with this scoring profile instead of the default one."


@command("validate")
@click.argument("paths", nargs=-1, shell_complete=complete_scenarios)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one object with every diagnostic, for editors "
              "and CI.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Check scoring against this profile instead of the default one.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], fmt: str,
             profile_path: Path | None) -> None:
    """Check scenario files like a compiler (all scenarios when no PATH is given).

    Each problem is printed as path:line:col: error[CODE]: message; the codes are explained
    in docs/diagnostics/.
    """
    from simulator.present import Words
    from simulator.scoring import check_file, load_profile

    app: App = ctx.obj
    files = app.catalog.expand(paths)
    profile = load_profile(profile_path)
    found: list[Diagnostic] = []
    for path in files:
        _scenario, diagnostics = check_file(path, display(path), profile)
        found += diagnostics
    errors = sum(d.severity == "error" for d in found)
    if fmt == "json":
        click.echo(json.dumps({"files": len(files), "errors": errors,
                               "warnings": len(found) - errors,
                               "diagnostics": [d.to_dict() for d in found]}, indent=1))
    else:
        for diagnostic in found:
            say(str(diagnostic))
        w = Words()
        click.echo(w("toolkit.checked", n=len(files), errors=w("toolkit.errors", n=errors),
                     warnings=w("toolkit.warnings", n=len(found) - errors)))
    ctx.exit(1 if errors else 0)


@command("check")
@click.argument("paths", nargs=-1, shell_complete=complete_scenarios)
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help=_PROFILE_HELP)
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], profile_path: Path | None) -> None:
    """Replay the walkthroughs in scenario files and compare endings and scores."""
    from simulator.scenario import load_scenario
    from simulator.scoring import load_profile, run_walkthroughs

    app: App = ctx.obj
    profile = load_profile(profile_path)
    passed = failed = 0
    for path in app.catalog.expand(paths):
        scenario = load_scenario(path, display(path))
        for result in run_walkthroughs(scenario, profile):
            name = f"{scenario.id}: {result.walkthrough.name}"
            if result.ok:
                passed += 1
                scores = result.card.scores if result.card else {}
                say(f"PASS {name} ({scores.get('overall', 0):g})")
            else:
                failed += 1
                say(f"FAIL {name}")
                for problem in result.problems:
                    say(f"     {result.walkthrough.loc}: {problem}")
    click.echo(f"{passed} passed, {failed} failed")
    ctx.exit(1 if failed else 0)


@command("graph")
@click.argument("scenario", shell_complete=complete_scenarios)
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="mermaid for Markdown viewers, dot for Graphviz.")
@click.option("--best", is_flag=True, help="Highlight the best path.")
@click.option("--lang", type=click.Choice(languages()), default="en", show_default=True,
              help="Language of the labels.")
@click.pass_obj
def graph(app: App, scenario: str, fmt: str, best: bool, lang: str) -> None:
    """Draw SCENARIO as a diagram: states, replies, endings by outcome."""
    from simulator.present import dot, mermaid
    from simulator.scenario import load_scenario
    from simulator.scoring import best_plan, load_profile

    path = app.catalog.find(scenario)
    model = load_scenario(path, display(path))
    highlight: set[tuple[str, str]] = set()
    if best:
        plan = best_plan(model, load_profile())
        highlight = {(t.state, t.choice) for t in plan.session.turns}
    draw = mermaid if fmt == "mermaid" else dot
    click.echo(draw(model, highlight, lang), nl=False)


@command("explore")
@click.argument("scenario", shell_complete=complete_scenarios)
@click.option("--json", "as_json", is_flag=True, help="Print everything found as JSON.")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Play every path up to this many; beyond it, a random sample this size.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help=_PROFILE_HELP)
@click.option("--strategies", is_flag=True, help="Instead of the paths, play test-wise "
              "strategies (the longest reply, the warmest, ...) in each language, and random "
              "play: can the scenario be passed without judgement?")
@click.option("--seeds", default=200, show_default=True, type=click.IntRange(1, 100_000),
              help="With --strategies: how many random calls to play.")
@click.pass_obj
def explore(app: App, scenario: str, as_json: bool, limit: int,
            profile_path: Path | None, strategies: bool, seeds: int) -> None:
    """Every path through SCENARIO: endings, score ranges, reachable critical errors.

    With --strategies: each test-wise strategy's ending, overall and pass, per language, and
    random play's pass rate (docs/scoring.md, "Validity").
    """
    from simulator.scenario import load_scenario
    from simulator.scoring import explore as explore_paths
    from simulator.scoring import load_profile

    path = app.catalog.find(scenario)
    model = load_scenario(path, display(path))
    if strategies:
        _strategies(model, load_profile(profile_path), seeds, as_json)
        return
    found = explore_paths(model, load_profile(profile_path), limit)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
        return
    how = (f"a random sample of {limit} walks, {len(found.played)} distinct paths"
           if found.sampled else f"all {len(found.played)} paths")
    how_meters = {"exact": ", meter tests and limits included",
                  "approximate": " (the meters were too many to follow: their tests are taken "
                                 "to hold and limits not counted; see S006)",
                  "none": ""}[found.meters]
    counted = (f"{found.path_count} paths through the replies{how_meters}"
               if found.path_count >= 0 else "too many situations to count the paths (see "
               "S005)")
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


def _strategies(model: Scenario, profile: Profile, seeds: int, as_json: bool) -> None:
    """Print the test-wise strategies' results as a table, or as JSON."""
    from simulator.present import Words
    from simulator.scoring import RANDOM_LIMIT, STRATEGIES, play_strategies

    found = play_strategies(model, profile, seeds)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
        return
    w = Words()
    click.echo(w("strategies.heading", scenario=model.id, mark=found.pass_mark))
    rows = [(w("strategies.strategy"), w("strategies.language"), w("strategies.ending"),
             w("strategies.overall"), w("strategies.passed"))]
    for run in found.runs:
        rows.append((run.strategy, run.lang, run.ending or w("strategies.unfinished"),
                     "-" if run.overall is None else f"{run.overall:.1f}",
                     w("strategies.yes") if run.passed else w("strategies.no")))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        click.echo(f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  "
                   f"{row[3]:>{widths[3]}}  {row[4]}")
    chance = found.random
    mean = "-" if chance.mean_overall is None else w.number(chance.mean_overall)
    click.echo(w("strategies.random", n=chance.calls, passed=chance.passed,
                 rate=w.number(100 * chance.rate), mean=mean))
    limit = w.number(100 * RANDOM_LIMIT)
    passing: dict[str, list[str]] = {}
    for run in found.passing():
        passing.setdefault(run.strategy, []).append(run.lang)
    verdict = []
    if passing:
        verdict.append(w("strategies.gamed", list=w.join(
            f"{name} ({', '.join(langs)})" for name, langs in passing.items())))
    if chance.rate > RANDOM_LIMIT:
        verdict.append(w("strategies.random_gamed", limit=limit))
    if not found.gameable:
        verdict.append(w("strategies.sound", limit=limit))
    for sentence in verdict:
        click.echo(textwrap.fill(sentence, 80, break_on_hyphens=False))
    click.echo(w("strategies.legend"))
    width = max(len(s.id) for s in STRATEGIES)
    for strategy in STRATEGIES:
        click.echo(f"  {strategy.id:<{width}}  {w('strategies.' + strategy.id)}")
    click.echo(w("strategies.ties"))


SCHEMA_FILE = "agentsim-scenario.schema.json"  # the starter's first line names it


@command("new")
@click.argument("scenario_id", metavar="ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: ID.yaml in this folder).")
def new(scenario_id: str, output: Path | None) -> None:
    """Write a small, playable starter scenario whose comments teach the format.

    Beside it goes agentsim-scenario.schema.json, which the starter's first line names
    for editors, unless that file is there already.
    """
    from simulator.scenario import scenario_schema, starter, valid_id

    if not valid_id(scenario_id):
        raise UsageError(f"'{scenario_id}' is not a valid id: use lower-case letters, digits "
                         "and '-', starting with a letter")
    path = output or Path(f"{scenario_id}.yaml")
    if path.exists():
        raise UsageError(f"{path} already exists: choose another id or -o FILE")
    from simulator.records import write_file

    write_file(path, starter(scenario_id))
    schema_path = path.parent / SCHEMA_FILE
    also = ""
    if not schema_path.exists():
        write_file(schema_path, json.dumps(scenario_schema(), indent=1) + "\n")
        also = f" and {schema_path} (for your editor)"
    say(f"Wrote {path}{also}. Next: agentsim validate {path} && agentsim play {path}")


@command("schema")
def schema() -> None:
    """Print the JSON Schema of the scenario format (draft 2020-12), for completion, checks
    and a description of every key in an editor: agentsim schema >
    agentsim-scenario.schema.json (docs/authoring.md, "Editor completion")."""
    from simulator.scenario import scenario_schema

    click.echo(json.dumps(scenario_schema(), indent=1))


# What `convert` reads and writes, by the file's extension.
KINDS = {".yaml": "yaml", ".yml": "yaml", ".twee": "twee", ".tw": "twee"}


@command("convert")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@click.option("-o", "--output", metavar="OUT", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .twee or .tw from a scenario, .yaml or .yml from Twee.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.pass_context
def convert(ctx: click.Context, source: Path, output: Path, force: bool) -> None:
    """Convert a scenario to Twee 3 for Twine, or a Twee file back to a scenario; the
    direction follows the extensions (.yaml/.yml, .twee/.tw).

    A scenario becomes a Twine story in SugarCube 2 (passages, links, <<if>> and setters),
    with what Twine has no word for in its AgentsimData passage; converted back, it is the
    same scenario. A plain Twine draft becomes a playable draft: what was guessed is listed,
    and `agentsim validate` guides the rest (docs/authoring.md, "Drafting in Twine").
    """
    from simulator.present import Words

    kinds = (KINDS.get(source.suffix.lower()), KINDS.get(output.suffix.lower()))
    if None in kinds or kinds[0] == kinds[1]:
        raise UsageError(f"convert goes from a scenario (.yaml, .yml) to Twee (.twee, .tw) "
                         f"or back, not from '{source.suffix or source.name}' to "
                         f"'{output.suffix or output.name}'")
    if output.exists() and not force:
        raise UsageError(f"{output} already exists: choose another file or add --force")
    w = Words()
    if kinds[0] == "yaml":
        _to_twee(source, output, w)
    else:
        ctx.exit(_from_twee(source, output, w))


def _to_twee(source: Path, output: Path, w: Words) -> None:
    from simulator.records import write_file
    from simulator.scenario import load_scenario, to_twee

    scenario = load_scenario(source, display(source))
    text = to_twee(scenario)
    write_file(output, text)
    say(w("interop.to_twee", path=display(output), n=text.count("\n::") + 1))


def _from_twee(source: Path, output: Path, w: Words) -> int:
    """Write the scenario read from Twee; 1 if it does not load, with the loader's errors."""
    from simulator.records import write_file
    from simulator.scenario import compile_scenario, from_twee, read_bytes, valid_id

    try:  # a Twee file has a scenario file's limits: 2 MB, UTF-8
        text = read_bytes(source, display(source), "a Twee file").decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{display(source)} is not UTF-8 text: Twee files are") from None
    name = output.stem if valid_id(output.stem) else None
    imported = from_twee(text, display(source), name)
    for note in imported.notes:
        say(str(note))
    write_file(output, imported.yaml(source.name))
    _scenario, diagnostics = compile_scenario(output, display(output))
    errors = [d for d in diagnostics if d.severity == "error"]
    for error in errors:
        say(str(error))
    key = "interop.draft" if imported.draft else "interop.from_twee"
    say(w(key, path=display(output), source=display(source), n=len(imported.notes)))
    if errors:
        say(w("interop.not_loaded", path=display(output),
              errors=w("toolkit.errors", n=len(errors))))
    return 1 if errors else 0
