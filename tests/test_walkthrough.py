"""Golden walkthroughs: every built-in scenario's walkthroughs replay as they expect."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.scenario import Catalog, load_scenario
from simulator.scoring import load_profile, run_walkthrough, run_walkthroughs
from tests.conftest import SMALL

BUILTIN = Catalog.builtin().files()


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_builtin_walkthroughs_pass(path: Path) -> None:
    scenario = load_scenario(path)
    results = run_walkthroughs(scenario, load_profile())
    assert len(results) >= 5, "each built-in scenario keeps at least five walkthroughs"
    failures = {r.walkthrough.name: r.problems for r in results if not r.ok}
    assert failures == {}
    best = next(r for r in results if r.walkthrough.name == "best")
    assert best.card is not None
    assert best.card.passed
    assert set(best.card.scores.values()) == {100.0}


def with_walkthroughs(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL + "walkthroughs:\n" + block, encoding="utf-8")
    return path


def test_a_walkthrough_reports_every_difference(tmp_path: Path) -> None:
    path = with_walkthroughs(tmp_path, """\
  - name: wrong
    choices: [ask-where, hang-up]
    ending: safe
    passed: true
    scores: {overall: [90, 100]}
""")
    [result] = run_walkthroughs(load_scenario(path), load_profile())
    # The call ended alone: whatever its replies were worth, a failed ending cannot score as
    # a passed call does.
    assert result.problems == ("ended at 'alone', expected 'safe'", "failed, expected pass",
                               "overall 50, expected 90..100")


def test_a_walkthrough_that_cannot_be_replayed(tmp_path: Path) -> None:
    path = with_walkthroughs(tmp_path, """\
  - name: blocked
    choices: [send]
    ending: safe
  - name: short
    choices: [ask-where]
    ending: safe
  - name: long
    choices: [ask-where, send, chat]
    ending: safe
""")
    scenario = load_scenario(path)
    blocked, short, long = (run_walkthrough(scenario, w, load_profile()).problems
                            for w in scenario.walkthroughs)
    assert blocked == ("reply 1: 'send' is not a reply on offer at 'hello'",)
    assert short == ("the call is still at 'where' after the last reply",)
    assert long == ("the call ended at 'safe' before reply 3 ('chat')",)


def test_check_command_reports_like_a_test_runner(tmp_path: Path) -> None:
    path = with_walkthroughs(tmp_path, """\
  - name: good
    choices: [ask-where, send]
    ending: safe
    passed: true
    critical_errors: []
    scores: {overall: [100, 100]}
  - name: bad
    choices: [ask-where, hang-up]
    ending: safe
""")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "PASS small: good (100)"
    assert lines[1] == "FAIL small: bad"
    assert lines[2].endswith("small.yaml:59:5: ended at 'alone', expected 'safe'")
    assert lines[-1] == "1 passed, 1 failed"


def test_check_all_builtins_passes() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith(" passed, 0 failed")
