"""Reports in a real browser: headless Chromium, the Nu HTML Checker, and axe-core.

Needs Debian's chromium, Java, and the npm packages vnu-jar and axe-core (in the folder
named by AGENTSIM_NPM_TOOLS); .ci/run installs them. Elsewhere these tests are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOOLS = Path(os.environ.get("AGENTSIM_NPM_TOOLS", "/tmp/npmtools")) / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("AGENTSIM_SCREENSHOTS", "")) if os.environ.get(
    "AGENTSIM_SCREENSHOTS") else None
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = "<script>alert(1)</script>"


def _require_tools() -> None:
    missing = [name for name, ok in [("chromium", CHROMIUM), ("java", shutil.which("java")),
                                     ("vnu.jar", VNU.is_file()), ("axe.min.js", AXE.is_file())]
               if not ok]
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"missing {', '.join(missing)}")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A session, trainee and cohort report from real plays of frozen-highway."""
    folder = tmp_path_factory.mktemp("reports")
    env = {"AGENTSIM_DB": f"sqlite:///{folder / 'records.db'}",
           "AGENTSIM_REPORTS": str(folder), "AGENTSIM_UNSAVED": str(folder / "unsaved")}
    runner = CliRunner(env=env)
    plays = [("dewi", "en", "ask-location-first\norder-taxi-now\nbattery-tips\nwarmth-advice\n"
              "plan-callback\nwatch-and-ring-back\nconfirm-pickup-details\nsee-him-in\n"
              "aftercare-advice\n"),
             ("dewi", "id", "scripted-greeting\napologise-ask-location\norder-taxi-now\n"
              "battery-tips\nwalk-for-help\nkeep-walking\n"),
             (HOSTILE, "en", "ask-location-first\ntransfer-roadside\nretry-transfer\n")]
    for trainee, lang, answers in plays:
        result = runner.invoke(main, ["play", "frozen-highway", "--answers", "-", "--trainee",
                                      trainee, "--lang", lang], input=answers)
        assert result.exit_code == 0, result.output
    session = sorted(folder.glob("session-*.html"))[0]
    out = {"session-en": session}
    history = runner.invoke(main, ["history", "--json"])
    second = json.loads(history.stdout)[1]["id"]
    out["session-id"] = folder / "session-id.html"
    runner.invoke(main, ["report", "--session", second, "-o", str(out["session-id"])])
    out["trainee"] = folder / "trainee.html"
    runner.invoke(main, ["report", "--trainee", "dewi", "-o", str(out["trainee"])])
    out["cohort"] = folder / "cohort.html"
    runner.invoke(main, ["report", "--cohort", "--lang", "id", "-o", str(out["cohort"])])
    for path in out.values():
        assert path.is_file(), path
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


NAMES = ["session-en", "session-id", "trainee", "cohort"]


@pytest.mark.parametrize("name", NAMES)
def test_renders_without_errors_or_network(reports: dict[str, Path], browser: object,
                                           name: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(reports[name].as_uri())
    assert page.title()
    shot = (SHOTS or tmp_path) / f"{name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert problems == []
    assert [r for r in requests if not r.startswith("file:")] == []
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    page.close()


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_serious_violations(reports: dict[str, Path], browser: object,
                                         name: str) -> None:
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(reports[name].as_uri())
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.help])")
    context.close()
    assert [v for v in violations if v[1] in ("serious", "critical")] == []


def test_nu_html_checker_finds_no_errors(reports: dict[str, Path]) -> None:
    _require_tools()
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text",
                             *[str(reports[n]) for n in NAMES]],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


def test_hostile_trainee_name_is_text_in_the_browser(reports: dict[str, Path],
                                                     browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []

    def dismiss(dialog: object) -> None:
        dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", dismiss)
    page.goto(reports["cohort"].as_uri())
    assert HOSTILE in page.inner_text("body")
    assert dialogs == []
    page.close()
