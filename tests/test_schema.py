"""The JSON Schema in an editor and in other tools: a description on every key, a duration
that says what is wrong with it, a stable id, and check-jsonschema (and ajv, where the npm
tools are installed) accepting every shipped scenario and refusing broken ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from simulator.cli import main
from simulator.scenario import Catalog, scenario_schema

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [*Catalog.builtin().files(), *sorted((ROOT / "docs" / "examples").glob("*.yaml"))]
EXAMPLE = ROOT / "docs" / "examples" / "sim-swap.yaml"


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (path, schema) of a key the schema names, anywhere in it."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{where}.{name}", value
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from properties(value, f"{where}[{index}]")


def test_every_key_in_the_schema_has_a_description() -> None:
    """What an editor shows on hover: every key, in every block, at every depth."""
    found = list(properties(scenario_schema()))
    assert len(found) > 120
    missing = [where for where, value in found if not value.get("description")]
    assert missing == []
    takes = scenario_schema()["$defs"]["choice"]["properties"]["takes"]
    assert takes["description"].startswith("Simulated time the reply takes. In format 2, "
                                           "without takes a reply lasts as long as saying")
    emotion = scenario_schema()["$defs"]["state"]["properties"]["emotion"]["description"]
    assert emotion.endswith("a moment where empathy is scored. See emotions.")


def test_the_schema_has_a_stable_id_and_is_draft_2020_12() -> None:
    schema = scenario_schema()
    assert schema["$id"] == "urn:agentsim:schema:scenario"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _errors(document: Any) -> list[jsonschema.ValidationError]:
    return list(jsonschema.Draft202012Validator(scenario_schema()).iter_errors(document))


@pytest.mark.parametrize("value", ["fast", "20 s", "m", "", "1h", -5, 86_401, 1.5])
def test_a_wrong_duration_is_named_for_what_it_is(value: Any) -> None:
    """One error on the duration itself (its pattern or its bounds), never "expected
    integer" from one branch of a oneOf."""
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    document["states"]["opening"]["choices"][0]["takes"] = value
    [error] = _errors(document)
    assert list(error.absolute_path) == ["states", "opening", "choices", 0, "takes"]
    expected = {str: "pattern", int: "minimum" if value == -5 else "maximum", float: "type"}
    assert error.validator == expected[type(value)]


@pytest.mark.parametrize("value", [20, 0, 86_400, "20s", "2m", "1m30s", " 1m 30s ", "1440m"])
def test_every_duration_the_loader_takes_the_schema_takes(value: Any) -> None:
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    document["states"]["opening"]["choices"][0]["takes"] = value
    assert _errors(document) == []


def test_the_starter_names_the_schema_written_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "exam-night.yaml"
    result = CliRunner().invoke(main, ["new", "exam-night", "-o", str(target)])
    assert result.exit_code == 0, result.output
    schema_file = tmp_path / "agentsim-scenario.schema.json"
    assert result.stdout == (f"Wrote {target} and {schema_file} (for your editor). Next: "
                             f"agentsim validate {target} && agentsim play {target}\n")
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=./agentsim-scenario.schema.json\n")
    assert json.loads(schema_file.read_text(encoding="utf-8")) == scenario_schema()
    jsonschema.validate(yaml.safe_load(target.read_text(encoding="utf-8")), scenario_schema())
    schema_file.write_text("{}", encoding="utf-8")  # a schema already there is left alone
    second = tmp_path / "other.yaml"
    result = CliRunner().invoke(main, ["new", "other", "-o", str(second)])
    assert result.stdout.startswith(f"Wrote {second}. Next: ")
    assert schema_file.read_text(encoding="utf-8") == "{}"


# -- the tools editors and CI use ----------------------------------------------------------

@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema as `agentsim schema > agentsim-scenario.schema.json` writes it."""
    result = CliRunner().invoke(main, ["schema"])
    path = tmp_path_factory.mktemp("schema") / "agentsim-scenario.schema.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(tool), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=120)


def broken(tmp_path: Path) -> list[Path]:
    """Broken copies of the example: a wrong duration, an unknown key, a wrong type."""
    text = EXAMPLE.read_text(encoding="utf-8")
    cases = {
        "duration.yaml": text.replace("        extra: 2m ", "        extra: fast "),
        "unknown-key.yaml": text.replace("    emotion: dread\n", "    emotoin: dread\n"),
        "wrong-type.yaml": text.replace("shuffle", "x").replace("difficulty: medium",
                                                                "difficulty: 3"),
    }
    paths = []
    for name, changed in cases.items():
        assert changed != text, name
        (tmp_path / name).write_text(changed, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def test_check_jsonschema_accepts_every_shipped_scenario(schema_file: Path) -> None:
    done = check_jsonschema(schema_file, *SHIPPED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_check_jsonschema_names_what_is_wrong_in_broken_files(schema_file: Path,
                                                              tmp_path: Path) -> None:
    duration, unknown, wrong = broken(tmp_path)
    done = check_jsonschema(schema_file, duration, unknown, wrong)
    assert done.returncode == 1
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert (f"{duration}::$.states.opening.choices[1].extra: 'fast' does not match "
            r"'^\\s*(\\d{1,12}m\\s*(\\d{1,12}s)?|\\d{1,12}s)\\s*$'") in lines
    assert (f"{unknown}::$.states.opening: Additional properties are not allowed "
            "('emotoin' was unexpected)") in lines
    assert f"{wrong}::$.difficulty: 3 is not one of ['easy', 'medium', 'hard']" in lines


def _ajv() -> Path:
    tools = os.environ.get("AGENTSIM_NPM_TOOLS", "")
    ajv = Path(tools) / "node_modules" / ".bin" / "ajv"
    if not tools or not ajv.exists() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("CI installs ajv-cli into AGENTSIM_NPM_TOOLS")
        pytest.skip("ajv-cli is not installed (AGENTSIM_NPM_TOOLS)")
    return ajv


def test_ajv_with_the_documented_options_accepts_and_refuses(schema_file: Path,
                                                             tmp_path: Path) -> None:
    """The command docs/authoring.md gives for ajv: draft 2020-12, the duration's union
    type allowed, so no warning either."""
    ajv = _ajv()
    options = ["--spec=draft2020", "--allow-union-types", "--all-errors", "--errors=text"]
    done = subprocess.run([str(ajv), "validate", *options, "-s", str(schema_file),
                           *[f"-d={p}" for p in SHIPPED]],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(" valid\n") == len(SHIPPED)
    assert "strict mode" not in done.stdout + done.stderr
    duration = broken(tmp_path)[0]
    done = subprocess.run([str(ajv), "validate", *options, "-s", str(schema_file),
                           f"-d={duration}"],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert "data/states/opening/choices/1/extra must match pattern" in done.stderr
