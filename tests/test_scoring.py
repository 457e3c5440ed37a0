"""Scoring: a hand-computed example, critical errors, profiles, and properties that always hold."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import ScenarioError
from simulator.play import Engine, Session
from simulator.present import Explained, Explainer, Words
from simulator.scenario import Catalog, Scenario, compile_bytes, load_scenario
from simulator.scoring import (
    CriticalHit,
    Finding,
    Scorecard,
    best_plan,
    load_profile,
    parse_profile,
    score,
)
from tests.generate import dump, generate, scenario_doc

FEVER = """\
format: 1
id: fever
title: Fever
summary: A caller with a fever cannot reach the ambulance.
customer: {name: Vera}
shuffle: false
start: panic
actions:
  ambulance: {label: Ambulance called}
  fault-ticket: {label: Fault ticket logged}
  transfer: {label: Transferred}
states:
  panic:
    customer: I can't get through to the ambulance and I'm burning up.
    emotion: fear
    choices:
      - {id: calm-name, text: "Vera, a fever like that is frightening. I'll call them now.",
         next: where, takes: 20s, behaviours: [acknowledge, reassure]}
      - {id: generic, text: I understand., next: where, takes: 10s,
         behaviours: [acknowledge-generic]}
      - {id: script, text: Thank you for calling; how may I help?, next: where, takes: 40s,
         behaviours: [scripted]}
  where:
    customer: What do I do?
    choices:
      - {id: dispatch, text: I'm calling the ambulance to your address., next: ticket,
         takes: 30s, actions: [ambulance]}
      - {id: transfer, text: Let me transfer you., next: where, actions: [transfer]}
      - {id: leak, text: Here is another caller's number., next: ticket, critical: leaked}
  ticket:
    customer: And my phone?
    choices:
      - {id: log, text: I've logged the fault., next: safe, actions: [fault-ticket]}
      - {id: bye, text: Goodbye., next: alone}
endings:
  safe: {outcome: safe, text: Help arrived.}
  alone: {outcome: failed, text: She was left alone.}
scoring:
  critical_actions:
    ambulance: {grace: 30s, deadline: 5m}
  escalations:
    required: [ambulance, fault-ticket]
    order: [[ambulance, fault-ticket]]
    unnecessary: [transfer]
  critical_errors:
    leaked: {label: Disclosed a third party's number}
    no-ambulance: {label: The call ended before the ambulance was called, missing: [ambulance]}
"""


@pytest.fixture
def fever(tmp_path: Path) -> Scenario:
    path = tmp_path / "fever.yaml"
    path.write_text(FEVER, encoding="utf-8")
    return load_scenario(path)


def play(scenario: Scenario, path: list[str], lang: str = "en") -> Scorecard:
    return score(scenario, Engine(scenario).replay(path, lang=lang))


def said(scenario: Scenario, finding: Finding, lang: str = "en") -> Explained:
    """A finding as the trainee reads it."""
    return Explainer(scenario, Words(lang)).finding(finding.to_dict())


def why(scenario: Scenario, error: CriticalHit, lang: str = "en") -> tuple[str, str]:
    return Explainer(scenario, Words(lang)).critical(error.to_dict())


def test_worked_example(fever: Scenario) -> None:
    """A generic acknowledgement, a needless transfer, then the right escalations.

    Best path: calm-name (20 s), dispatch (30 s), log (15 s): the ambulance at 0:50, the
    call over at 1:05. Behaviour points: acknowledge 3 + reassure 2 = 5 for calm-name,
    acknowledge-generic 1 for generic, scripted -2.

    Trainee: generic (10 s), transfer (15 s), dispatch (30 s, clock 0:55), log (0:70).
    - Empathy: one emotional moment; credit 1/5 = 0.2 against the best path's 1.0 -> 20.0.
    - Speed: ambulance at 0:55 <= 0:50 + 30 s grace -> full credit; handle time 70 s <=
      1.25 x 65 s -> full credit. 100.0.
    - Escalation: ambulance 10 + fault ticket 10 + order kept 5 = 25 of the best path's
      25 -> 100, minus 25 for the transfer -> 75.0.
    - Overall: (20 + 100 + 75) / 3 = 65.0; pass mark 70, so failed.
    - Findings: empathy loses 80.0 (26.7 overall), the transfer 25.0 (8.3 overall);
      26.7 + 8.3 = 35.0 = 100 - 65.0.
    """
    card = play(fever, ["generic", "transfer", "dispatch", "log"])
    assert dict(card.scores) == {"empathy": 20.0, "speed": 100.0, "escalation": 75.0,
                                 "accuracy": 100.0, "overall": 65.0}
    assert card.weights["accuracy"] == 0.0  # no reply is marked: accuracy weighs nothing
    assert (card.passed, card.ending, card.outcome) == (False, "safe", "safe")
    assert card.best_path == ("calm-name", "dispatch", "log")
    empathy, transfer = card.findings
    assert (empathy.dimension, empathy.points, empathy.overall, empathy.turn) == (
        "empathy", 80.0, 26.7, 1)
    assert (empathy.key, dict(empathy.params)) == ("empathy-gap", {
        "emotion": "fear", "got": 1.0, "n": 5.0})
    shown = said(fever, empathy)
    assert shown.did == "I understand."
    assert shown.better == "Vera, a fever like that is frightening. I'll call them now."
    assert shown.message == ("Vera sounded frightened here. Your reply earned 1 of the 5 "
                             "empathy points on offer.")
    assert (transfer.dimension, transfer.points, transfer.overall, transfer.turn) == (
        "escalation", 25.0, 8.3, 2)
    assert said(fever, transfer).better == "I'm calling the ambulance to your address."


def test_the_best_path_scores_100_and_passes(fever: Scenario) -> None:
    card = play(fever, ["calm-name", "dispatch", "log"])
    assert dict(card.scores) == {"empathy": 100.0, "speed": 100.0, "escalation": 100.0,
                                 "accuracy": 100.0, "overall": 100.0}
    assert card.passed
    assert card.findings == ()


def test_slow_escalation_loses_speed_linearly(fever: Scenario) -> None:
    """Two transfers and a script: the ambulance at 1:40, 20 s past full credit (1:20).

    Credit 1 - 20/(300-80) = 0.909 for the 80 % share; handle 115 s vs 81.25 s full and
    195 s zero: 1 - 33.75/113.75 = 0.703 for the 20 % share. 72.7 + 14.1 = 86.8.
    """
    card = play(fever, ["script", "transfer", "transfer", "dispatch", "log"])
    assert card.scores["speed"] == 86.8
    speed = [f for f in card.findings if f.dimension == "speed"]
    assert sum(f.points for f in speed) == pytest.approx(13.2)
    assert (speed[0].key, dict(speed[0].params)) == ("speed-late", {
        "action": "ambulance", "at": 100.0, "best": 50.0, "full": 80.0, "deadline": 300.0})
    assert said(fever, speed[0]).message == (
        "Ambulance called: done at 01:40; the best path does it at 00:50 (full credit until "
        "01:20, none from 05:00).")


def test_a_critical_error_fails_the_run_but_keeps_the_scores(fever: Scenario) -> None:
    card = play(fever, ["calm-name", "leak", "log"])
    assert card.scores["overall"] == 0.0
    assert card.scores["empathy"] == 100.0
    assert not card.passed
    leaked, no_ambulance = card.critical_errors
    assert (leaked.id, leaked.turn, leaked.choice) == ("leaked", 2, "leak")
    assert why(fever, leaked)[0] == "Disclosed a third party's number"
    assert (no_ambulance.id, no_ambulance.turn) == ("no-ambulance", 3)


def test_ending_without_the_ambulance_is_a_critical_error(fever: Scenario) -> None:
    card = play(fever, ["calm-name", "transfer", "leak", "bye"])
    assert [e.id for e in card.critical_errors] == ["leaked", "no-ambulance"]
    assert card.critical_errors[1].missing == ("ambulance",)
    assert why(fever, card.critical_errors[1])[1] == (
        "The call ended without any of these: Ambulance called.")


def test_order_constraint_broken(tmp_path: Path) -> None:
    text = FEVER.replace("next: safe, actions: [fault-ticket]",
                         "next: late, actions: [fault-ticket]").replace(
        "endings:\n", "  late:\n    customer: Still no ambulance.\n    choices:\n"
        "      - {id: now, text: Calling now., next: safe, actions: [ambulance]}\n"
        "endings:\n").replace(
        "- {id: leak,", "- {id: ticket-first, text: Let me log the fault., next: ticket}\n"
        "      - {id: leak,")
    path = tmp_path / "fever.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    card = play(scenario, ["calm-name", "ticket-first", "log", "now"])
    order = [f for f in card.findings if f.dimension == "escalation"]
    assert [(f.key, dict(f.params)) for f in order] == [
        ("escalation-order", {"first": "ambulance", "then": "fault-ticket"})]
    assert said(scenario, order[0]).message == (
        "Wrong order: “Ambulance called” must come before “Fault ticket logged”.")


def test_findings_are_in_the_sessions_language(fever: Scenario) -> None:
    card = play(fever, ["generic", "transfer", "dispatch", "log"], lang="id")
    assert said(fever, card.findings[0], "id").message.startswith(
        "Vera terdengar ketakutan di sini")
    english = play(fever, ["generic", "transfer", "dispatch", "log"])
    assert english.findings == card.findings  # data, not prose: the same in any language


def test_scenario_weights_and_pass_mark_override_the_profile(fever: Scenario,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "fever.yaml"
    path.write_text(FEVER + "  weights: {empathy: 0, speed: 1, escalation: 1}\n"
                    "  pass_mark: 80\n", encoding="utf-8")
    card = play(load_scenario(path), ["generic", "transfer", "dispatch", "log"])
    assert card.scores["overall"] == 87.5
    assert (card.pass_mark, card.passed) == (80.0, True)
    assert sum(f.overall for f in card.findings) == pytest.approx(12.5)


def test_a_profile_file_replaces_the_default(fever: Scenario, tmp_path: Path) -> None:
    default = load_profile()
    text = Path(default_path()).read_text(encoding="utf-8").replace(
        "acknowledge-generic: 1", "acknowledge-generic: 5")
    custom = tmp_path / "profile.yaml"
    custom.write_text(text, encoding="utf-8")
    session = Engine(fever).replay(["generic", "dispatch", "log"])
    assert score(fever, session, load_profile(custom)).scores["empathy"] == 100.0
    assert score(fever, session, default).scores["empathy"] == 20.0


def default_path() -> Path:
    from simulator.scoring import DEFAULT_PATH

    return DEFAULT_PATH


def test_a_broken_profile_is_reported_with_locations() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_profile(textwrap.dedent("""\
            format: 1
            behaviours: {acknowledge: lots}
            weights: {empathy: 1, speed: 1, escalation: 1}
            pass_mark: 170
            speed: {grace: 30s, handle_time_share: 0.2, handle_time_full: 1.25,
                    handle_time_zero: 3}
            escalation: {required: 10, order: 5, unnecessary: 25}
            labels: {}
            """).encode(), "p.yaml")
    messages = [str(d) for d in caught.value.diagnostics]
    assert "p.yaml:2:27: error[P001]: 'acknowledge' must be a number" in messages
    assert "p.yaml:4:12: error[P001]: 'pass_mark' must be between 0 and 100" in messages


PROFILE = """\
format: 1
behaviours: {acknowledge: 3, acknowledge-generic: 1, reassure: 2, ownership: 2, explore: 2,
             personalise: 1, apologise: 1, dismiss: -3, blame: -3, judge: -3, scripted: -2,
             break-cover: -4}
weights: {empathy: 1, speed: 1, escalation: 1}
pass_mark: 70
speed: {grace: 30s, handle_time_share: 0.2, handle_time_full: 1.25, handle_time_zero: 3}
escalation: {required: 10, order: 5, unnecessary: 25}
labels: {}
"""
HUGE = "1" + "0" * 400  # an integer too large for a float


def profile_messages(text: str) -> list[str]:
    """The problems parse_profile() finds in `text`, as the CLI prints them."""
    with pytest.raises(ScenarioError) as caught:
        parse_profile(text.encode(), "p.yaml")
    return [str(d) for d in caught.value.diagnostics]


def test_the_example_profile_is_valid() -> None:
    profile = parse_profile(PROFILE.encode(), "p.yaml")
    assert (profile.grace, profile.pass_mark, profile.behaviours["judge"]) == (30.0, 70.0, -3.0)


@pytest.mark.parametrize(("change", "expected"), [
    (("empathy: 1", "empathy: high"), "p.yaml:5:20: error[P001]: 'empathy' must be a number"),
    (("empathy: 1", "empathy: .nan"),
     "p.yaml:5:20: error[P001]: 'empathy' must be a finite number, not nan"),
    (("pass_mark: 70", "pass_mark: .inf"),
     "p.yaml:6:12: error[P001]: 'pass_mark' must be a finite number, not inf"),
    (("order: 5", f"order: {HUGE}"),
     f"p.yaml:8:35: error[P001]: 'order' must be a finite number, not {HUGE[:60]}..."),
    (("judge: -3", "judge: -.inf"),
     "p.yaml:3:75: error[P001]: 'judge' must be a finite number, not -inf"),
    (("empathy: 1, speed: 1, escalation: 1",
      "empathy: 0, speed: 0, escalation: 0, accuracy: 0"),
     "p.yaml:5:10: error[P001]: the weights are all 0: at least one must be above 0, or every "
     "overall score is 0"),
    (("grace: 30s", "grace: soon"),
     "p.yaml:7:16: error[P001]: 'grace' must be a duration such as 20, \"20s\", \"2m\" or "
     "\"1m30s\", not 'soon'"),
    (("handle_time_share: 0.2", "handle_time_share: 2"),
     "p.yaml:7:40: error[P001]: 'handle_time_share' must be between 0 and 1"),
    (("pass_mark: 70", "pas_mark: 70"),
     "p.yaml:6:1: error[P001]: unknown key 'pas_mark' in the profile (did you mean "
     "'pass_mark'?)"),
    (("reassure: 2", "reasure: 2"),
     "p.yaml:2:54: error[P001]: unknown key 'reasure' in 'behaviours' (did you mean "
     "'reassure'?)"),
    (("weights: {", "weights: &w {"),
     "p.yaml:5:10: error[Y006]: anchors (&w) are not allowed in a scoring profile"),
    (("weights: {empathy: 1, speed: 1, escalation: 1}", "weights: *w"),
     "p.yaml:5:10: error[Y006]: aliases (*w) are not allowed in a scoring profile"),
    (("pass_mark: 70", "pass_mark: !!float 70"),
     "p.yaml:6:12: error[Y007]: tags (!!float) are not allowed in a scoring profile"),
    (("labels: {}\n", "labels: {}\n---\nformat: 1\n"),
     "p.yaml:10:1: error[Y005]: a scoring profile file holds one YAML document; found a "
     "second"),
])
def test_profile_errors_name_the_profile(change: tuple[str, str], expected: str) -> None:
    """A profile's problems say 'profile', never 'scenario', and use the P and Y codes."""
    assert change[0] in PROFILE
    found = profile_messages(PROFILE.replace(*change))
    assert expected in found, found
    assert not any("scenario" in message for message in found)
    assert all(m.split(": ")[1].startswith(("error[P001]", "error[Y")) for m in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("- format: 1\n", "p.yaml:1:1: error[P001]: the profile must be a mapping, not a list"),
    ("", "p.yaml:1:1: error[P001]: the profile must be a mapping, not nothing"),
    ("format: 1\n", "p.yaml:1:1: error[P001]: the profile needs a mapping 'behaviours'"),
])
def test_a_profile_that_is_not_one(text: str, expected: str) -> None:
    assert profile_messages(text)[0] == expected


def test_a_profile_of_too_many_entries_names_the_profile() -> None:
    text = PROFILE.replace("labels: {}\n", "labels:\n") + "".join(
        f"  l{i}: x\n" for i in range(20_000))
    assert profile_messages(text) == [
        "p.yaml:10010:3: error[Y002]: a mapping or list holds more than 10,000 entries; a "
        "scoring profile's hold at most 10,000"]


def test_an_oversized_profile_file_names_the_profile(tmp_path: Path) -> None:
    path = tmp_path.resolve() / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(3_000_000)
    with pytest.raises(ScenarioError) as caught:
        load_profile(path)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}: error[Y002]: the file is 3,000,000 bytes; a scoring profile may be at most "
        "2,000,000 bytes"]


def test_the_search_is_cached(fever: Scenario) -> None:
    profile = load_profile()
    assert best_plan(fever, profile) is best_plan(fever, profile)


# -- properties ----------------------------------------------------------------------------

def random_session(scenario: Scenario, picks: list[int], lang: str = "en") -> Session:
    engine = Engine(scenario)
    session = engine.start(seed=0, lang=lang)
    for pick in picks:
        if session.ending is not None:
            break
        offered = engine.choices(session)
        engine.choose(session, offered[pick % len(offered)].id)
    engine.release(session)
    return session


def check_invariants(scenario: Scenario, session: Session) -> Scorecard:
    """What always holds: scores in 0..100, findings that add up, and the verdict and the
    ending telling the same story."""
    card = score(scenario, session)
    assert score(scenario, session) == card
    if session.status != "completed":  # abandoned: incomplete, never scored
        assert dict(card.scores) == {}
        assert not card.passed
        assert card.findings == ()
        return card
    for name, value in card.scores.items():
        assert 0.0 <= value <= 100.0, name
    for dimension in ("empathy", "speed", "escalation", "accuracy"):
        lost = sum(f.points for f in card.findings if f.dimension == dimension)
        assert lost == pytest.approx(100 - card.scores[dimension], abs=1e-6), dimension
    if not card.critical_errors:
        assert sum(f.overall for f in card.findings) == pytest.approx(
            100 - card.scores["overall"], abs=1e-6)
    overall, mark = card.scores["overall"], card.pass_mark
    assert card.passed == (not card.critical_errors and overall >= mark)
    if not card.success:
        assert overall < mark or mark == 0
        assert not card.passed or mark == 0
    return card


@functools.cache
def builtin_scenarios() -> list[Scenario]:
    catalog = Catalog.builtin()
    return [load_scenario(path) for path in catalog.files()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.integers(3, 25),
       picks=st.lists(st.integers(0, 50), max_size=60))
def test_generated_scenarios_keep_the_invariants(seed: int, size: int,
                                                 picks: list[int]) -> None:
    scenario, diagnostics = compile_bytes(generate(seed, size).encode(), "gen.yaml")
    assert scenario is not None, diagnostics
    check_invariants(scenario, random_session(scenario, picks))
    best = best_plan(scenario, load_profile()).session
    card = check_invariants(scenario, best)
    if best.ending and scenario.endings[best.ending].success and not card.critical_errors:
        assert dict(card.scores) == {"empathy": 100.0, "speed": 100.0, "escalation": 100.0,
                                     "accuracy": 100.0, "overall": 100.0}


@settings(max_examples=80, deadline=None)
@given(picks=st.lists(st.integers(0, 50), max_size=40), which=st.integers(0, 100),
       lang=st.sampled_from(["en", "id"]))
def test_builtin_scenarios_keep_the_invariants(picks: list[int], which: int, lang: str) -> None:
    scenarios = builtin_scenarios()
    scenario = scenarios[which % len(scenarios)]
    check_invariants(scenario, random_session(scenario, picks, lang))


@pytest.mark.parametrize("scenario", builtin_scenarios(), ids=lambda s: s.id)
def test_builtin_best_paths_score_100(scenario: Scenario) -> None:
    card = check_invariants(scenario, best_plan(scenario, load_profile()).session)
    assert card.passed
    assert dict(card.scores) == {"empathy": 100.0, "speed": 100.0, "escalation": 100.0,
                                 "accuracy": 100.0, "overall": 100.0}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 50), max_size=40),
       which=st.integers(0, 1000),
       behaviour=st.sampled_from(["acknowledge", "reassure", "ownership", "explore",
                                  "personalise", "apologise"]))
def test_a_positive_behaviour_never_lowers_empathy(seed: int, picks: list[int], which: int,
                                                   behaviour: str) -> None:
    """Add a positive behaviour to one reply the trainee chose; empathy must not drop.

    The reply is one the trainee chose at a state where they chose nothing else, so the
    change cannot raise the bar for another reply they gave at the same moment.
    """
    doc = scenario_doc(seed, 12)
    scenario, _ = compile_bytes(dump(doc).encode(), "gen.yaml")
    assert scenario is not None
    session = random_session(scenario, picks)
    if session.status != "completed":
        return  # an abandoned call has no empathy score to compare
    by_state: dict[str, set[str]] = {}
    for turn in session.turns:
        by_state.setdefault(turn.state, set()).add(turn.choice)
    single = sorted((state, next(iter(c))) for state, c in by_state.items() if len(c) == 1)
    if not single:
        return
    state, target = single[which % len(single)]
    before = score(scenario, session).scores["empathy"]
    reply = next(c for c in doc["states"][state]["choices"] if c["id"] == target)
    if behaviour in reply["behaviours"]:
        return
    reply["behaviours"].append(behaviour)
    improved, _ = compile_bytes(dump(doc).encode(), "gen.yaml")
    assert improved is not None
    assert score(improved, session).scores["empathy"] >= before


def test_score_reads_no_clock_and_writes_nothing(fever: Scenario,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    def forbidden(*_: object) -> float:
        raise AssertionError("score() read the clock")

    session = Engine(fever).replay(["generic", "dispatch", "log"])
    best_plan(fever, load_profile())
    monkeypatch.setattr(time, "time", forbidden)
    monkeypatch.setattr(time, "monotonic", forbidden)
    monkeypatch.setattr("builtins.open", forbidden)
    score(fever, session)



def test_the_worked_example_of_the_outcome_rule() -> None:
    """docs/scoring.md: a mean of 90 ending harmed loses 70 (more than the 20.1 needed to
    fall below 70); ending partial it loses 30 (at least 20.1); a success loses nothing."""
    from simulator.scoring import ending_cost

    profile = load_profile()
    assert ending_cost(90.0, "harmed", 70, profile) == 70.0
    assert ending_cost(90.0, "partial", 70, profile) == 30.0
    assert ending_cost(95.0, "partial", 70, profile) == 30.0
    assert ending_cost(100.0, "partial", 70, profile) == 30.1
    assert ending_cost(40.0, "harmed", 70, profile) == 40.0  # never below 0


SLIP = """\
format: 1
id: slip
title: A slip
summary: An unsafe word, then a correction.
customer: {name: Pavel}
shuffle: false
start: cold
actions:
  taxi: {label: Taxi ordered}
states:
  cold:
    customer: My fingers are white and numb.
    emotion: fear
    choices:
      - {id: warm-slowly, text: "Warm them slowly against your body; don't rub them.", next: wait,
         behaviours: [acknowledge, reassure]}
      - {id: rub-snow, text: "Rub them hard with snow, Pavel, that gets the blood going.",
         next: fix,
         behaviours: [acknowledge, reassure, personalise],
         accuracy: [{kind: unsafe-advice, severity: major, why: Rubbing damages frozen skin.}]}
  fix:
    customer: With snow?
    emotion: fear
    choices:
      - {id: correct, text: "No, sorry: don't rub them. Warm them against your body.", next: wait,
         behaviours: [acknowledge, reassure]}
  wait:
    customer: And now?
    emotion: worry
    choices:
      - {id: order, text: "The taxi is ordered; stay in the car.", next: home, actions: [taxi],
         behaviours: [reassure, ownership]}
endings:
  home: {outcome: safe, text: He got home.}
scoring:
  escalations: {required: [taxi]}
"""


def test_a_corrected_unsafe_slip_costs_at_least_10_overall_points(tmp_path: Path) -> None:
    """Under the default profile: the mark's accuracy points, no empathy for the warm but
    unsafe words, and the detour's time."""
    path = tmp_path / "slip.yaml"
    path.write_text(SLIP, encoding="utf-8")
    scenario = load_scenario(path)
    best = play(scenario, ["warm-slowly", "order"])
    slipped = play(scenario, ["rub-snow", "correct", "order"])
    assert best.scores["overall"] == 100.0
    assert slipped.scores["accuracy"] == 60.0
    assert slipped.findings[0].dimension in ("accuracy", "empathy")
    assert best.scores["overall"] - slipped.scores["overall"] >= 10.0
