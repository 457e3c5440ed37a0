"""The layers: each imports only those below it, and only through their public surface."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("scenario", "play", "scoring", "records", "present", "cli")


def test_the_import_contracts_hold() -> None:
    """import-linter's layers contract (setup.cfg): an upward import fails here and in CI."""
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--config", str(ROOT / "setup.cfg")], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_other_layers_use_only_the_public_surface(layer: str) -> None:
    private = re.compile(rf"simulator\.{layer}\._\w+")
    for path in (ROOT / "simulator").rglob("*.py"):
        if path.parent.name != layer:
            assert not private.search(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_every_public_name_resolves(layer: str) -> None:
    package = importlib.import_module(f"simulator.{layer}")
    for name in package.__all__:
        assert getattr(package, name) is not None, name


def test_the_top_level_api_keeps_working() -> None:
    import simulator

    for name in ("load_scenario", "Engine", "score", "Scenario", "Session", "Turn",
                 "Scorecard", "AgentsimError", "ScenarioError", "ChoiceError"):
        assert getattr(simulator, name) is not None, name


def test_no_module_is_over_450_lines_and_no_function_over_150() -> None:
    import ast

    for path in (ROOT / "simulator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= 450, path
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 150, (path, node.name, length)
