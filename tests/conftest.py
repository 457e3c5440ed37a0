"""Shared fixtures: a small scenario written inline, and helpers to load YAML snippets."""

from __future__ import annotations

import os
import textwrap
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.scenario import Scenario, load_scenario

SMALL = """\
format: 1
id: small
title: {en: A small call, id: Panggilan kecil}
summary: {en: A test call., id: Panggilan uji.}
languages: [en, id]
customer: {name: Ana}
shuffle: false
start: hello
meters:
  battery: {label: {en: Battery, id: Baterai}, start: 5, unit: "%", per_minute: -2,
            ends: [{at_most: 0, ending: dropped}]}
  calm: {label: {en: Calm, id: Tenang}, start: 50, shown: false}
actions:
  send-help: {label: {en: Help sent, id: Bantuan dikirim}}
states:
  hello:
    customer: {en: Help me., id: Tolong saya.}
    emotion: fear
    choices:
      - id: ask-where
        text: {en: "Where are you?", id: "Di mana?"}
        next: where
        takes: 30s
        set: [located]
        change: {calm: 10}
      - id: chat
        text: {en: Lovely weather., id: Cuaca bagus.}
        next: hello
        takes: 1m
  where:
    customer: {en: By the bridge., id: Dekat jembatan.}
    choices:
      - id: send
        text: {en: Help is coming., id: Bantuan datang.}
        next: safe
        requires: [located]
        actions: [send-help]
      - id: calm-down
        text: {en: Breathe with me., id: Tarik napas.}
        next: where
        when: {calm: {at_least: 60}}
        change: {calm: 20}
      - id: hang-up
        text: {en: Goodbye., id: Sampai jumpa.}
        next: alone
        unless: [located-twice]
        set: [located-twice]
endings:
  safe: {outcome: safe, text: {en: Safe., id: Aman.}}
  alone: {outcome: failed, text: {en: Alone., id: Sendirian.}}
  dropped: {outcome: harmed, text: {en: The line died., id: Sambungan putus.}}
"""


# Tests that drive a terminal, fuzz, play hostile files, kill processes, open a browser or
# need a service (PostgreSQL, an LRS): `pytest -m "not slow"` is the quick inner loop.
SLOW_MODULES = ("test_terminal", "test_terminal_practice", "test_fuzz", "test_hostile",
                "test_durability", "test_browser")
SLOW_FIXTURES = ("ralph",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.stem
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (module in SLOW_MODULES
                or any(f in SLOW_FIXTURES for f in getattr(item, "fixturenames", ()))
                or params.get("database_url") == "postgresql"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented YAML snippet to a file and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small(write: Callable[[str, str], Path]) -> Scenario:
    return load_scenario(write(SMALL, "small.yaml"))


@pytest.fixture(autouse=True)
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its records to its own SQLite file, never the user's."""
    database = tmp_path / "records.db"
    monkeypatch.setenv("AGENTSIM_DB", f"sqlite:///{database}")
    monkeypatch.setenv("AGENTSIM_UNSAVED", str(tmp_path / "unsaved"))
    monkeypatch.setenv("AGENTSIM_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("AGENTSIM_CACHE", str(tmp_path / "cache"))
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty records database: a SQLite file, then a fresh schema on the PostgreSQL
    server named by AGENTSIM_TEST_POSTGRES (which .ci/run starts; required in CI)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'param.db'}"
    postgres = os.environ.get("AGENTSIM_TEST_POSTGRES")
    if not postgres:
        if os.environ.get("CI"):
            pytest.fail("CI must set AGENTSIM_TEST_POSTGRES (see .ci/run)")
        pytest.skip("AGENTSIM_TEST_POSTGRES is not set")
    from sqlalchemy import text

    from simulator.records import Store

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = Store(postgres)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.close()
    return f"{postgres}?options=-csearch_path%3D{schema}"


@pytest.fixture
def critical(tmp_path: Path) -> Scenario:
    """SMALL with a reply that commits a critical error (`tests.cohorts.CRITICAL`), in a
    scenario folder of its own (`tmp_path/scenarios`)."""
    from tests.cohorts import CRITICAL

    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    path = folder / "small.yaml"
    path.write_text(CRITICAL, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A scenario folder holding SMALL, as `--scenarios` takes it."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "small.yaml").write_text(SMALL, encoding="utf-8")
    return scenarios


def run_cli(folder: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """`agentsim --scenarios FOLDER ARGS...` through click's runner: the exit code, standard
    output and standard error. An exception that escapes the command fails the test: the
    command line turns every error into a message and an exit code."""
    from click.testing import CliRunner

    from simulator.cli import main

    result = CliRunner().invoke(main, ["--scenarios", str(folder), *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr
