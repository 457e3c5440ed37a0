"""Reports: plain view-models, escaped text, self-contained HTML, the report command."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.play import Engine
from simulator.present import cohort_view, render, session_view, trainee_view
from simulator.records import Record, Store
from simulator.scenario import Catalog, Scenario, Scenarios, load_scenario
from simulator.scoring import load_profile, score
from tests.conftest import SMALL

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    text = SMALL.replace("Help me.", "Help me. <img src=x onerror=alert(2)>")
    (scenarios / "small.yaml").write_text(text, encoding="utf-8")
    return scenarios


@pytest.fixture
def scenario(folder: Path) -> Scenario:
    return load_scenario(folder / "small.yaml")


@pytest.fixture
def store(records: Path) -> Store:
    return Store(f"sqlite:///{records}")


def save(store: Store, scenario: Scenario, path: list[str], trainee: str = HOSTILE,
         lang: str = "en") -> Record:
    engine = Engine(scenario)
    session = engine.start(seed=1, trainee=trainee, lang=lang)
    for choice in path:
        engine.choose(session, choice)
    if session.ending is None:
        engine.abandon(session)
    store.save(scenario, session, score(scenario, session))
    return store.record(session.id)


def assert_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html


def test_session_report_escapes_trainee_and_author_text(store: Store,
                                                         scenario: Scenario) -> None:
    record = save(store, scenario, ["chat", "ask-where", "hang-up"])
    html = render("session.html", session_view(record, scenario, load_profile()))
    assert_self_contained(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img" not in html


def test_session_report_shows_scores_path_findings_and_timeline(store: Store,
                                                                scenario: Scenario) -> None:
    record = save(store, scenario, ["chat", "ask-where", "hang-up"], trainee="ana")
    view = session_view(record, scenario, load_profile())
    assert [s["key"] for s in view["scores"]] == ["empathy", "speed", "escalation",
                                                  "accuracy", "overall"]
    assert [step["same"] for step in view["path"]] == [False, True, False]
    assert view["timeline"]["series"][0]["label"] == "Battery"
    assert view["findings"]
    html = render("session.html", view)
    assert "Where the points went" in html
    assert "Path taken against the best path" in html
    assert "<polyline" in html


def test_session_report_in_indonesian(store: Store, scenario: Scenario) -> None:
    record = save(store, scenario, ["ask-where", "send"], trainee="siti", lang="id")
    html = render("session.html", session_view(record, scenario, load_profile()))
    assert '<html lang="id">' in html
    assert "Laporan panggilan: siti" in html
    assert "Tolong saya." in html


def test_a_changed_or_missing_scenario_is_noted(store: Store, scenario: Scenario) -> None:
    record = save(store, scenario, ["ask-where", "send"])
    missing = session_view(record, None, load_profile())
    assert missing["notes"] == ["The scenario is not available; only the recorded replies "
                                "are shown."]
    assert missing["transcript"][0]["reply"] == "Where are you?"
    render("session.html", missing)


def test_trainee_report_finds_the_weakest_dimension(store: Store, scenario: Scenario,
                                                    folder: Path) -> None:
    for path in (["chat", "ask-where", "send"], ["ask-where", "send"]):
        save(store, scenario, path, trainee="ana")
    view = trainee_view("ana", store.records(trainee="ana"), Scenarios(Catalog(folder)),
                        load_profile())
    assert view["weakest"]["label"] == "Speed"
    assert len(view["attempts"]) == 2
    assert_self_contained(render("trainee.html", view))


def test_cohort_report_lists_every_trainee_and_escapes_them(store: Store, scenario: Scenario,
                                                             folder: Path) -> None:
    """The cohort report names every trainee as text, the hostile one too."""
    for trainee, path in [("a", ["ask-where", "hang-up"]), ("b", ["ask-where", "hang-up"]),
                          ("c", ["ask-where", "send"]), (HOSTILE, ["chat", "ask-where", "send"])]:
        save(store, scenario, path, trainee=trainee)
    view = cohort_view(store.cohort(), Scenarios(Catalog(folder)), load_profile())
    assert [row["name"] for row in view["grid"]["rows"]] == [HOSTILE, "a", "b", "c"]
    html = render("cohort.html", view)
    assert_self_contained(html)
    assert "&lt;script&gt;" in html


def test_templates_fail_loudly_on_a_missing_value(store: Store, scenario: Scenario) -> None:
    view = session_view(save(store, scenario, ["ask-where", "send"]), scenario, load_profile())
    del view["timeline"]
    with pytest.raises(jinja2.UndefinedError):
        render("session.html", view)


def test_report_command(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    played = runner.invoke(main, ["--scenarios", str(folder), "play", "small", "--answers",
                                  "-", "--trainee", "ana"], input="ask-where\nsend\n")
    assert played.exit_code == 0
    assert "Your report:\n" in played.stdout
    written = Path(played.stdout.strip().rsplit("Your report:\n", 1)[1])
    assert written.is_file()
    out = tmp_path / "cohort.html"
    result = runner.invoke(main, ["--scenarios", str(folder), "report", "--cohort", "-o",
                                  str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    both = runner.invoke(main, ["report", "--cohort", "--trainee", "ana"])
    assert both.exit_code == 2
    assert "give exactly one of --session ID, --trainee NAME, --cohort or --all" in both.stderr
    nobody = runner.invoke(main, ["report", "--trainee", "nobody"])
    assert nobody.exit_code == 1
    assert nobody.stderr == "error: no trainee 'nobody' in the records\n"


def test_history_and_export(folder: Path) -> None:
    runner = CliRunner()
    for answers in ("ask-where\nsend\n", "ask-where\nhang-up\n"):
        runner.invoke(main, ["--scenarios", str(folder), "play", "small", "--answers", "-",
                             "--trainee", "=cmd|' /C calc'!A0"], input=answers)
    history = runner.invoke(main, ["history"])
    assert history.exit_code == 0
    assert [line.split()[-2:] for line in history.stdout.splitlines()[1:]] == [
        ["passed", "100.0"], ["failed", "50.0"]]
    exported = runner.invoke(main, ["export", "--format", "csv"])
    rows = exported.stdout.splitlines()
    assert rows[0].startswith("id,trainee,scenario")
    assert ",'=cmd|' /C calc'!A0," in rows[1]
    as_json = runner.invoke(main, ["export", "--format", "json"])
    assert '"turns": [' in as_json.stdout
    bad = runner.invoke(main, ["export", "--format", "csv", "--since", "yesterday"])
    assert bad.exit_code == 2


def test_no_weakest_dimension_when_all_are_level(store: Store, scenario: Scenario,
                                                 folder: Path) -> None:
    save(store, scenario, ["ask-where", "send"], trainee="ana")
    view = trainee_view("ana", store.records(trainee="ana"), Scenarios(Catalog(folder)),
                        load_profile())
    assert view["weakest"]["label"] is None
    assert "No weakest dimension: all are level" in render("trainee.html", view)


def test_a_silence_is_in_the_session_report_with_what_it_moved(tmp_path: Path,
                                                               store: Store) -> None:
    """Nothing the trainee did is lost: a silence they let happen is in the transcript, at
    its time, before the reply that followed it, with the meter it moved."""
    from tests.test_terminal import QUIET

    path = tmp_path / "quiet.yaml"
    path.write_text(QUIET.replace("label: Worry", "label: Worry, shown: true"), encoding="utf-8")
    quiet = load_scenario(path)
    engine = Engine(quiet)
    session = engine.start(seed=0, trainee="ana")
    assert engine.silence(session) is not None
    engine.choose(session, "hi")
    store.save(quiet, session, score(quiet, session))
    html = render("session.html", session_view(store.record(session.id), quiet,
                                               load_profile()))
    silence = html.index("(You said nothing for 1 second: the call went on without you.) "
                         "Worry +30.")
    assert html.index("Hi.") < silence < html.index("Hi Ana.", silence)
