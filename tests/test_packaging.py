"""The distributions, built as a release would be: the sdist carries what the tests read, the
wheel (built from the sdist) what agentsim needs when it runs, both carry the licence, and the
metadata is what PyPI accepts."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

import pytest
from trove_classifiers import classifiers as known_classifiers

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NAME = "agentsim_training"
# Folders the tests (and the benchmarks) read from a checkout, so an sdist must carry them.
SOURCE_FOLDERS = ("docs", "tests", "scenarios", "reports", "bench", ".ci")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it, as `python -m build` makes them."""
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def sdist(dist: Path) -> set[str]:
    [archive] = dist.glob(f"{NAME}-*.tar.gz")
    with tarfile.open(archive) as tar:
        top = f"{archive.name.removesuffix('.tar.gz')}/"
        return {m.name.removeprefix(top) for m in tar.getmembers() if m.isfile()}


@pytest.fixture(scope="module")
def wheel(dist: Path) -> zipfile.ZipFile:
    [archive] = dist.glob(f"{NAME}-*-py3-none-any.whl")
    return zipfile.ZipFile(archive)


@pytest.fixture(scope="module")
def metadata(wheel: zipfile.ZipFile) -> Message:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return HeaderParser().parsestr(wheel.read(name).decode("utf-8"))


def source_files(folder: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_sdist_carries_what_the_tests_read(sdist: set[str]) -> None:
    assert {"docs/scenario-format.md", "tests/conftest.py", "LICENSE", "README.md",
            "CHANGELOG.md", "setup.cfg", "pyproject.toml", ".ci/run"} <= sdist
    for folder in SOURCE_FOLDERS:
        assert source_files(folder) <= sdist, sorted(source_files(folder) - sdist)[:10]
    assert source_files("simulator") <= sdist
    assert not [n for n in sdist if "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_carries_the_licence_the_packages_and_the_content(
        wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    [licence] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(licence) == (ROOT / "LICENSE").read_bytes()
    packages = {p.parent.relative_to(ROOT).as_posix()
                for p in (ROOT / "simulator").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    content = {
        "simulator/scenarios": ROOT / "scenarios",
        "simulator/reports": ROOT / "reports",
        "simulator/present/words": ROOT / "simulator" / "present" / "words",
    }
    for inside, folder in content.items():
        shipped = {f"{inside}/{p.name}" for p in folder.iterdir() if p.is_file()}
        assert shipped, folder
        assert shipped <= names, sorted(shipped - names)
    assert {"simulator/scoring/default-profile.yaml", "simulator/scenario/starter.yaml",
            "simulator/scenario/meanings.yaml", "simulator/py.typed"} <= names
    assert not [n for n in names if n.startswith(("tests/", "docs/", "bench/"))]


def test_the_metadata_names_the_distribution_its_licence_and_valid_classifiers(
        metadata: Message) -> None:
    assert metadata["Name"] == "agentsim-training"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == ">=3.11"
    classifiers: list[str] = metadata.get_all("Classifier", [])
    assert set(classifiers) <= known_classifiers, set(classifiers) - known_classifiers
    assert {"Typing :: Typed", "Programming Language :: Python :: 3.11",
            "Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13",
            "Intended Audience :: Education", "Intended Audience :: Customer Service",
            "Topic :: Education :: Computer Aided Instruction (CAI)",
            "Natural Language :: English", "Natural Language :: Indonesian"} <= set(classifiers)
    # PEP 639: the licence is the expression; a licence classifier beside it is deprecated.
    assert not [c for c in classifiers if c.startswith("License ::")]
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL", []))
    assert {"Source", "Documentation", "Changelog"} <= set(urls)
    assert metadata["Keywords"]


def test_twine_finds_nothing_to_fix(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("PASSED") == 2, check.stdout
