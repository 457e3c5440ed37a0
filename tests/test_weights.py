"""Weights that cannot score a call are refused, in a profile and in a scenario's `scoring`
block: NaN and infinities (an overall of NaN, tracebacks, a NaN session that broke the
cohort report on PostgreSQL), and all zeros (a perfect call shown as "Overall 0, FAILED")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.scenario import compile_scenario
from tests.conftest import SMALL

PROFILE = Path(__file__).resolve().parent.parent / "simulator" / "scoring" / \
    "default-profile.yaml"


def errors(path: Path) -> list[str]:
    _scenario, found = compile_scenario(path, "s.yaml")
    return [str(d) for d in found if d.severity == "error"]


@pytest.mark.parametrize(("weights", "expected"), [
    ("{empathy: .nan}", "s.yaml:53:22: error[F003]: the weight of 'empathy' must be a number "
     ">= 0"),
    ("{speed: .inf}", "s.yaml:53:20: error[F003]: the weight of 'speed' must be a number >= 0"),
    ("{speed: -.inf}", "s.yaml:53:20: error[F003]: the weight of 'speed' must be a number "
     ">= 0"),
    ("{empathy: 0, speed: 0, escalation: 0, accuracy: 0}",
     "s.yaml:53:12: error[F005]: the weights are all 0: at least one must be above 0, or "
     "every overall score is 0 and no call can pass"),
    ("{empathy: 0, speed: 0, escalation: 0}",
     "s.yaml:53:12: error[F005]: the weights are all 0: at least one must be above 0, or "
     "every overall score is 0 and no call can pass"),
])
def test_a_scenario_refuses_weights_that_cannot_score(tmp_path: Path, weights: str,
                                                      expected: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SMALL + f"scoring:\n  weights: {weights}\n", encoding="utf-8")
    assert errors(path) == [expected]


@pytest.mark.parametrize("weights", ["{empathy: 0, speed: 0, escalation: 0, accuracy: 1}",
                                     "{empathy: 0, speed: 2}", "{escalation: 0}"])
def test_a_scenario_may_weigh_some_dimensions_zero(tmp_path: Path, weights: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SMALL + f"scoring:\n  weights: {weights}\n", encoding="utf-8")
    assert errors(path) == []


@pytest.mark.parametrize(("change", "message"), [
    (("weights: {empathy: 1, speed: 1, escalation: 1, accuracy: 1}",
      "weights: {empathy: .nan, speed: 1, escalation: 1, accuracy: 1}"),
     "error[P001]: 'empathy' must be a finite number, not nan"),
    (("weights: {empathy: 1, speed: 1, escalation: 1, accuracy: 1}",
      "weights: {empathy: 1, speed: .inf, escalation: 1, accuracy: 1}"),
     "error[P001]: 'speed' must be a finite number, not inf"),
    (("weights: {empathy: 1, speed: 1, escalation: 1, accuracy: 1}",
      "weights: {empathy: 0, speed: 0, escalation: 0, accuracy: 0}"),
     "error[P001]: the weights are all 0: at least one must be above 0, or every overall "
     "score is 0"),
])
def test_a_profile_that_cannot_score_is_refused_before_the_call_naming_the_profile(
        tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    assert change[0] in text
    profile = tmp_path / "team-profile.yaml"
    profile.write_text(text.replace(*change), encoding="utf-8")
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "small.yaml").write_text(SMALL, encoding="utf-8")
    for command in (["play", "small", "--answers", "-"], ["validate"],
                    ["report", "--cohort", "-o", str(tmp_path / "c.html")]):
        result = CliRunner().invoke(main, ["--scenarios", str(scenarios), *command,
                                           "--profile", str(profile)], input="1\nsend\n")
        assert result.exit_code == 1, command
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{profile}:"), command
        assert first.endswith(message), command
        assert "Traceback" not in result.stderr
