"""Reports in a real browser: headless Chromium, the Nu HTML Checker, and axe-core.

Needs Debian's chromium, Java, and the npm packages vnu-jar and axe-core (in the folder
named by AGENTSIM_NPM_TOOLS); .ci/run installs them. Elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.records import Store

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
    """Real plays of frozen-highway (one by a hostile name) beside a realistic cohort (25
    trainees, 205 calls over three months, retakes, Indonesian, calls broken off), and the
    reports a person opens: sessions, a trainee, the cohort in both languages, a linked set."""
    from bench.cohort_data import Cohort, builtin_scenarios, write

    folder = tmp_path_factory.mktemp("reports")
    url = f"sqlite:///{folder / 'records.db'}"
    env = {"AGENTSIM_DB": url, "AGENTSIM_REPORTS": str(folder),
           "AGENTSIM_UNSAVED": str(folder / "unsaved")}
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
    write(url, Cohort(), builtin_scenarios())
    assert len(list(folder.glob("session-*.html"))) == 3  # play wrote each call's report
    store = Store(url)
    first, second = (r.id for r in store.records(trainee="dewi"))
    battery = next(r.id for r in store.records(scenario="frozen-highway", with_turns=True)
                   if r.timed and r.turns and r.turns[-1].forced_by == "battery")
    store.close()
    out: dict[str, Path] = {}
    for name, args in [("session-en", ["--session", first]), ("session-id", ["--session", second]),
                       ("session-failed", ["--session", battery]),
                       ("trainee", ["--trainee", "TRAINEE-08"]),
                       ("cohort", ["--cohort"]), ("cohort-id", ["--cohort", "--lang", "id"])]:
        out[name] = folder / f"{name}.html"
        result = runner.invoke(main, ["report", *args, "-o", str(out[name])])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["report", "--all", "-o", str(folder / "set")])
    assert result.exit_code == 0, result.output
    out["set-trainee"] = next((folder / "set").glob("trainee-script-alert*.html"))
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


def screenshot(page: object, shot: Path) -> None:
    """A full-page screenshot. Chromium now and then answers "Unable to capture screenshot"
    on a loaded machine (a page of 1,800 px did once in CI); the page is not at fault, so
    that one error is tried again, once."""
    from playwright.sync_api import Error

    try:
        page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    except Error as err:
        if "Unable to capture screenshot" not in str(err):
            raise
        page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]


NAMES = ["session-en", "session-id", "session-failed", "trainee", "cohort", "cohort-id",
         "set-trainee"]
OPEN_ALL = "document.querySelectorAll('details').forEach(d => d.open = true)"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", NAMES)
def test_renders_without_errors_or_network(reports: dict[str, Path], browser: object,
                                           name: str, width: int, tmp_path: Path) -> None:
    """No console message, no request beyond the file, no script; on a phone (390 px) the
    page itself never scrolls sideways (wide tables and charts scroll in their own box)."""
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(reports[name].as_uri())
    assert page.title()
    page.evaluate(OPEN_ALL)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot = (SHOTS or tmp_path) / f"{name}-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    screenshot(page, shot)
    assert shot.stat().st_size > 10_000
    assert problems == []
    assert [r for r in requests if not r.startswith("file:")] == []
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    page.close()


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_serious_violations(reports: dict[str, Path], browser: object,
                                         name: str) -> None:
    """Every part checked, the collapsed ones opened."""
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(reports[name].as_uri())
    page.evaluate(OPEN_ALL)
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
    for name in ("cohort", "set-trainee"):
        page.goto(reports[name].as_uri())
        assert HOSTILE in page.inner_text("body")
    assert dialogs == []
    page.close()


def test_the_linked_set_is_walked_by_clicking(reports: dict[str, Path], browser: object) -> None:
    """Cohort -> trainee -> session by their links, and back to the cohort."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((reports["set-trainee"].parent / "cohort.html").as_uri())
    page.click("text=trainee-08 >> nth=0")
    assert page.title() == "Trainee progress: trainee-08"
    page.click("table.attempts a >> nth=0")
    assert page.title() == "Call report: trainee-08"
    page.click("nav.crumbs >> text=Cohort report")
    assert page.title() == "Cohort report"
    page.close()
