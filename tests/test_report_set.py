"""`agentsim report`: the linked set (--all), filters that name nothing, trainees in any case,
rounding as in history and the CSV, and the words every template reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.present import Words, languages
from simulator.present._report import words
from simulator.records import Store
from simulator.scenario import Scenario
from tests.cohorts import play

REPORTS = Path(__file__).resolve().parent.parent / "reports"


@pytest.fixture
def recorded(records: Path, critical: Scenario) -> Path:
    """Three calls of two trainees; returns the scenario folder."""
    store = Store(f"sqlite:///{records}")
    play(store, critical, "Dewi", ["chat", "ask-where", "send"], "2026-03-02T09:00:00.000+00:00")
    play(store, critical, "Dewi", ["chat"], "2026-03-03T09:00:00.000+00:00")
    play(store, critical, "budi", ["ask-where", "hang-up"], "2026-03-04T09:00:00.000+00:00")
    store.close()
    return Path(critical.loc.path).parent


def run(folder: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["--scenarios", str(folder), "report", *args])


def test_all_writes_a_linked_set(recorded: Path, tmp_path: Path) -> None:
    """The cohort, every trainee and every session in one folder; every link resolves to a
    file of the set or a part of the page it is on."""
    out = tmp_path / "set"
    result = run(recorded, "--all", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.output == (  # type: ignore[attr-defined]
        f"Reports written to {out}: the cohort, 2 trainees, 3 sessions (open cohort.html)\n")
    names = sorted(p.name for p in out.iterdir())
    assert names[:3] == ["cohort.html", "session-" + names[1][8:], names[2]]
    assert names[-2:] == ["trainee-budi.html", "trainee-dewi.html"]
    assert len(names) == 6
    for page in out.iterdir():
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for href in re.findall(r'href="([^"]+)"', html):
            if href.startswith("#"):
                assert href[1:] in ids, (page.name, href)
            else:
                assert (out / href).is_file(), (page.name, href)
    cohort = (out / "cohort.html").read_text(encoding="utf-8")
    assert '<a href="trainee-dewi.html">Dewi</a>' in cohort
    dewi = (out / "trainee-dewi.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'href="(session-[^"]+)"', dewi))) == 2  # her two calls
    assert '<a href="cohort.html">Cohort report</a>' in dewi
    assert not list(out.glob(".*.tmp"))  # written whole, through a temporary file


def test_all_needs_a_folder(recorded: Path) -> None:
    result = run(recorded, "--all")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == ("error: --all writes a folder of reports: give it with -o DIR\n")  # type: ignore[attr-defined]


def test_filters_that_name_nothing_are_errors(recorded: Path, tmp_path: Path) -> None:
    """A typo in a scenario or trainee is exit 1 with the closest name, not an empty report."""
    typo = run(recorded, "--cohort", "--scenario", "smal", "-o", str(tmp_path / "c.html"))
    assert typo.exit_code == 1  # type: ignore[attr-defined]
    assert typo.stderr == ("error: no scenario 'smal' in the records or the scenario folder "  # type: ignore[attr-defined]
                           "(did you mean 'small'?)\n")
    assert not (tmp_path / "c.html").exists()
    nobody = run(recorded, "--trainee", "dewa")
    assert nobody.exit_code == 1  # type: ignore[attr-defined]
    assert nobody.stderr == "error: no trainee 'dewa' in the records (did you mean 'Dewi'?)\n"  # type: ignore[attr-defined]


def test_the_builtin_scenarios_are_suggested(records: Path) -> None:
    """`--scenario frozen` (the issue's typo) names the built-in scenario it meant."""
    result = CliRunner().invoke(main, ["report", "--cohort", "--scenario", "frozen"])
    assert result.exit_code == 1
    assert result.stderr == ("error: no scenario 'frozen' in the records or the scenario "
                             "folder (did you mean 'frozen-highway'?)\n")


def test_trainees_are_found_in_any_case(recorded: Path, tmp_path: Path,
                                        critical: Scenario, records: Path) -> None:
    out = tmp_path / "dewi.html"
    result = run(recorded, "--trainee", "DEWI", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Trainee progress: Dewi" in out.read_text(encoding="utf-8")
    store = Store(f"sqlite:///{records}")
    play(store, critical, "dewi", ["chat"], "2026-03-05T09:00:00.000+00:00")
    store.close()
    both = tmp_path / "both.html"
    result = run(recorded, "--trainee", " DEWI ", "-o", str(both))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    html = both.read_text(encoding="utf-8")
    # "Dewi" and "dewi" are one trainee (as in history): one report with both calls
    assert "Trainee progress:  DEWI " in html or "Trainee progress: Dewi" in html
    assert "3 calls" in html


def test_until_and_since_bound_the_period(recorded: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    result = run(recorded, "--cohort", "--since", "2026-03-03", "--until", "2026-03-03",
                 "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    html = out.read_text(encoding="utf-8")
    assert "Mar 3, 2026 – Mar 3, 2026" in html
    assert "All scenarios, from 2026-03-03, and until 2026-03-03" in html


def test_scores_are_rounded_as_in_history_and_the_csv(recorded: Path, tmp_path: Path) -> None:
    """79.4 in `history`, in the CSV and in both reports."""
    runner = CliRunner()
    history = runner.invoke(main, ["history"]).stdout
    assert "  79.4" in history
    assert ",79.4," in runner.invoke(main, ["export", "--format", "csv"]).stdout
    for flag in (["--trainee", "Dewi"], ["--cohort"]):
        out = tmp_path / "r.html"
        assert run(recorded, *flag, "-o", str(out)).exit_code == 0  # type: ignore[attr-defined]
        assert "79.4" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", languages())
def test_every_word_a_template_reads_is_there(lang: str) -> None:
    """StrictUndefined would fail a report at the first missing word; this finds them all."""
    named = {n for p in REPORTS.glob("*.html")
             for n in re.findall(r"\bw\.(\w+)", p.read_text(encoding="utf-8"))}
    assert sorted(named - set(words(lang))) == []


def test_the_groups_a_template_reads_share_no_name() -> None:
    """One name means one thing: no group hides another's word."""
    say = Words("en")
    seen: dict[str, str] = {}
    for group in ("report", "cohort", "items", "progress", "why"):
        for name in say.group(group):
            assert name not in seen, (name, seen.get(name), group)
            seen[name] = group
