"""Findings in words: whole sentences in each language, the scenario's own wording for its
actions, any language for any call, and records written before findings were data."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.play import Engine
from simulator.present import Explainer, Words, render, session_view
from simulator.records import Store
from simulator.scenario import Scenario, Text, load_scenario
from simulator.scoring import load_profile, score
from tests.conftest import SMALL

# A call whose action has a verb in both languages, scored on all three dimensions.
CALL = SMALL.replace(
    "  send-help: {label: {en: Help sent, id: Bantuan dikirim}}",
    "  send-help: {label: {en: Help sent, id: Bantuan dikirim},\n"
    "              verb: {en: send help, id: mengirim bantuan}}").replace(
    "        set: [located-twice]\n", "        set: [located-twice]\n"
    "        behaviours: [dismiss]\n") + """\
scoring:
  critical_actions:
    send-help: {deadline: 5m}
  escalations:
    required: [send-help]
  critical_errors:
    left-alone: {label: {en: Left without help, id: Ditinggal tanpa bantuan},
                 why: {en: She had no one else., id: Ia tidak punya siapa-siapa lagi.},
                 missing: [send-help]}
"""
# Hung up after asking where she is: help never sent, the call ends alone.
FAILING = ["ask-where", "hang-up"]


@pytest.fixture
def highway(tmp_path: Path) -> Scenario:
    path = tmp_path / "call.yaml"
    path.write_text(CALL, encoding="utf-8")
    return load_scenario(path)


def explained(scenario: Scenario, path: list[str], lang: str) -> list[str]:
    card = score(scenario, Engine(scenario).replay(path))
    explain = Explainer(scenario, Words(lang))
    return ([explain.finding(f.to_dict()).message for f in card.findings]
            + [part for e in card.critical_errors for part in explain.critical(e.to_dict())])


def test_sentences_use_the_actions_verbs_in_each_language(highway: Scenario) -> None:
    english = explained(highway, FAILING, "en")
    assert "You did not send help, and this call needs it." in english
    assert "You never got to send help, the most urgent step of this call." in english
    assert "She had no one else. The call ended and you did not send help." in english
    indonesian = explained(highway, FAILING, "id")
    assert "Anda tidak mengirim bantuan, padahal panggilan ini membutuhkannya." in indonesian
    assert ("Ia tidak punya siapa-siapa lagi. Panggilan berakhir, dan Anda tidak mengirim "
            "bantuan.") in indonesian
    assert "Ditinggal tanpa bantuan" in indonesian


def test_without_a_verb_the_label_stands_on_its_own(highway: Scenario) -> None:
    plain = dataclasses.replace(highway, actions={
        k: dataclasses.replace(a, verb=Text()) for k, a in highway.actions.items()})
    english = explained(plain, FAILING, "en")
    assert "This call needs a step that was never done: Help sent." in english
    assert ("She had no one else. The call ended without any of these: Help sent."
            in english)


def test_no_sentence_pastes_a_label_into_a_verb_slot() -> None:
    """The ungrammatical forms of old ("Taxi ordered was never done") cannot come back."""
    for lang in ("en", "id"):
        words = Words(lang)
        for key in ("finding.escalation-missing", "finding.speed-never",
                    "finding.escalation-needless", "finding.critical-missing"):
            assert "{verb}" in words._table[key]
            assert "{label}" not in words._table[key]
            assert "{label}" in words._table[key + "-label"]


def test_a_report_in_indonesian_of_an_english_call_has_no_english_finding(
        tmp_path: Path, highway: Scenario) -> None:
    answers = "\n".join(FAILING) + "\n"
    runner = CliRunner()
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "call.yaml").write_text(CALL.replace("id: small", "id: call"), encoding="utf-8")
    played = runner.invoke(main, ["--scenarios", str(folder), "play", "call", "--answers", "-",
                                  "--trainee", "ana", "--seed", "1"], input=answers)
    assert played.exit_code == 0, played.output
    session_id = re.search(r"Session (\w+) saved", played.output)
    assert session_id
    out = tmp_path / "id.html"
    made = runner.invoke(main, ["--scenarios", str(folder), "report", "--session",
                                session_id.group(1), "--lang", "id", "-o", str(out)])
    assert made.exit_code == 0, made.output
    page = html.unescape(out.read_text(encoding="utf-8"))
    for sentence in explained(highway, FAILING, "en"):
        assert sentence not in page
    for sentence in explained(highway, FAILING, "id"):
        for part in sentence.split(". "):
            assert part.rstrip(".") in page, part
    for turn in FAILING:
        choice = next(c for s in highway.states.values() for c in s.choices if c.id == turn)
        assert choice.text.get("id") in page
        assert choice.text.get("en") not in page


def test_records_written_before_findings_were_data_still_display(
        records: Path, highway: Scenario) -> None:
    store = Store(f"sqlite:///{records}")
    session = Engine(highway).replay(FAILING)
    store.save(highway, session, score(highway, session))
    with store.engine.begin() as conn:
        from simulator.records._tables import sessions

        conn.execute(sessions.update().values(
            findings=[{"dimension": "escalation", "points": 100.0, "overall": 33.3, "turn": 1,
                       "state": "hello", "choice": "ask-where",
                       "did": "Good evening.", "message": "Taxi ordered was never done.",
                       "better": "Where are you?", "better_choice": None}],
            critical_errors=[{"id": "left-alone", "label": "Old label", "why": "Old why.",
                              "turn": 2}]))
    record = store.record(session.id)
    page = render("session.html", session_view(record, highway, load_profile()))
    assert "Taxi ordered was never done." in page
    assert "Where are you?" in page
    assert "Old why." in page
