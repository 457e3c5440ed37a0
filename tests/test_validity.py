"""validate's validity checks (V001 to V010): each warns with its figures where a score can be
earned without judgement, and stays quiet on a balanced call."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.play import Engine
from simulator.scenario import load_scenario
from simulator.scoring import best_plan, check_file, load_profile, score
from simulator.scoring._validity import decisions
from tests.cases import CARD, LONG

Write = Callable[..., Path]


def warnings(write: Write, text: str, code: str, name: str = "card-theft.yaml") -> list[str]:
    """The diagnostics of one code, as validate prints them."""
    _, diagnostics = check_file(write(text, name), name)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return [str(d) for d in diagnostics if d.code == code]


def changed(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_the_balanced_call_gives_no_warning(write: Write) -> None:
    _, diagnostics = check_file(write(CARD, "card-theft.yaml"), "card-theft.yaml")
    assert [str(d) for d in diagnostics] == []


# CARD where blocking late can still end well: every moment of it can still pass.
LATE_IS_SAFE = changed(CARD, ("late-refund: {outcome: partial,", "late-refund: {outcome: safe,"))


def test_decision_points_are_the_moments_with_a_choice(write: Write) -> None:
    scenario = load_scenario(write(LATE_IS_SAFE, "card-theft.yaml"))
    found = [(d.state, d.best.id, len(d.offered))
             for d in decisions(best_plan(scenario, load_profile()))]
    assert sorted(found) == [("blocked", "refund-case", 4), ("blocked-late", "refund-late", 2),
                             ("opening", "block", 5), ("still-open", "block-late", 3)]


def test_points_of_no_return_are_not_decision_points(write: Write) -> None:
    """Once the card was not blocked at once, every ending is partial or worse: no cue in
    the best reply there can make a call pass, so those moments are not weighed."""
    scenario = load_scenario(write(CARD, "card-theft.yaml"))
    found = [(d.state, d.best.id, len(d.offered))
             for d in decisions(best_plan(scenario, load_profile()))]
    assert sorted(found) == [("blocked", "refund-case", 4), ("opening", "block", 5)]


def test_v001_the_best_reply_is_the_longest(write: Write) -> None:
    assert warnings(write, LONG, "V001", "long-best.yaml") == [
        "long-best.yaml:1:1: warning[V001]: the best reply is the longest at 2 of 2 decision "
        "points (100 %) and on average 6.7x as long as the other replies there (in "
        "characters, in 'en'): a trainee can pick it by its length; make some best replies "
        "short and some wrong ones long"]


def test_v002_the_callers_name_mostly_in_best_replies(write: Write) -> None:
    text = changed(LATE_IS_SAFE,
                   ("text: Our procedure is quick.", "text: Ana, our procedure is quick."),
                   ("text: You're right. Blocked", "text: You're right, Ana. Blocked"),
                   ("text: I've opened a refund case", "text: Ana, I've opened a refund case"),
                   ("text: Three payments.", "text: Three payments, Ana."))
    assert warnings(write, text, "V002") == [
        "card-theft.yaml:1:1: warning[V002]: the caller's name ('ana', 'lima') is in 4 of 4 "
        "best replies (100 %) and 3 of 10 other replies (30 %) (in 'en'): a trainee can pick "
        "by it; use the name in wrong replies too"]


def test_v002_a_word_only_best_replies_use(write: Write) -> None:
    text = changed(LATE_IS_SAFE,
                   ("I'm blocking the card now.", "I'm quickly blocking the card now."),
                   ("Blocked, this second.", "Blocked quickly, this second."),
                   ("Three payments. I've opened", "Three payments. I've quickly opened"))
    assert warnings(write, text, "V002") == [
        "card-theft.yaml:1:1: warning[V002]: words used only by best replies (in 'en', with "
        "how many use each): 'quickly' (3): a trainee can pick by them; use them in wrong "
        "replies too"]
    # In two best replies it is no cue yet.
    text = changed(LATE_IS_SAFE,
                   ("I'm blocking the card now.", "I'm quickly blocking the card now."),
                   ("Blocked, this second.", "Blocked quickly, this second."))
    assert warnings(write, text, "V002") == []


def test_v003_a_stock_phrase_only_wrong_replies_use(write: Write) -> None:
    text = changed(CARD, ("text: So someone took money",
                          "text: Thank you for calling. So someone took money"))
    assert warnings(write, text, "V003") == [
        "card-theft.yaml:34:9: warning[V003]: the stock phrase 'thank you for calling' (in "
        "'en') is used only by replies that are never the best ('verify'): a trainee can rule "
        "them out by it; give it to a best reply too, or leave it out"]
    # 'is there anything else I can help you with' is in the best reply 'refund-case' too.
    text = changed(CARD, ("text: Let's wait and see what the bank says?",
                          "text: Let's wait and see. Is there anything else I can help you with?"))
    assert warnings(write, text, "V003") == []


def test_v004_no_reply_is_kind_but_wrong(write: Write) -> None:
    text = changed(CARD, ("        behaviours: [acknowledge, reassure, explore]\n", ""))
    assert warnings(write, text, "V004") == [
        "card-theft.yaml:12:5: warning[V004]: at the emotional moment 'opening' (fear) the "
        "only kind reply is the best one, 'block': with no reply that is kind but wrong, "
        "empathy and judgement cannot be told apart; add a warm reply that does the wrong "
        "thing"]


def test_v005_harm_tagged_as_kindness(write: Write) -> None:
    marked = changed(CARD, (
        "        next: no-refund\n        feedback: A promise is no refund.",
        "        next: no-refund\n        behaviours: [reassure]\n        accuracy: [{kind: "
        "wrong-information, severity: major, why: Nobody can promise that.}]\n        "
        "feedback: A promise is no refund."))
    assert warnings(write, marked, "V005") == [
        "card-theft.yaml:67:9: warning[V005]: choice 'promise' is marked 'wrong-information' "
        "yet carries the positive behaviours reassure: harm earns no empathy, so they count "
        "for nothing and mislead whoever reads the file; remove them"]
    critical = changed(CARD, (
        "        next: sent-away\n",
        "        next: sent-away\n        critical: sent-away\n        behaviours: [ownership]\n"),
        ("    order: [[block-card, open-case]]\n", "    order: [[block-card, open-case]]\n"
         "  critical_errors:\n    sent-away: {label: Sent a theft victim away}\n"))
    assert warnings(write, critical, "V005") == [
        "card-theft.yaml:30:9: warning[V005]: choice 'police' commits the critical error "
        "'sent-away' yet carries the positive behaviours ownership: harm earns no empathy, so "
        "they count for nothing and mislead whoever reads the file; remove them"]


def test_v006_a_call_that_ends_badly_can_pass(write: Write) -> None:
    found = warnings(write, changed(CARD, ("scoring:\n", "scoring:\n  pass_mark: 0\n")), "V006")
    assert found[0] == (
        "card-theft.yaml:94:14: warning[V006]: ending 'no-refund' (partial) is not a success, "
        "yet a call that ends there can score 0 against a pass mark of 0 and pass; raise the "
        "pass mark")
    assert [line.split("'")[1] for line in found] == [
        "no-refund", "sent-away", "money-gone", "late-refund"]
    assert warnings(write, changed(CARD, ("scoring:\n", "scoring:\n  pass_mark: 0.1\n")),
                    "V006") == []


def test_a_safe_ending_that_is_not_a_success_is_checked_and_scored(write: Write) -> None:
    """The profile has no points for a `safe` ending that is no success: only the pass
    mark's share is taken, so the call ends just below it (69.9 against 70)."""
    text = changed(CARD, ("  no-refund: {outcome: partial,",
                          "  no-refund: {outcome: safe, success: false,"))
    assert warnings(write, text, "V006") == []
    scenario = load_scenario(write(text, "card-theft.yaml"))
    session = Engine(scenario).replay(["block", "billing"])
    card = score(scenario, session, load_profile())
    assert (card.ending, card.scores["overall"], card.passed) == ("no-refund", 69.9, False)


def test_v007_escalation_weighed_with_nothing_to_earn(write: Write) -> None:
    text = changed(CARD, ("  escalations:\n    required: [block-card, open-case]\n"
                          "    order: [[block-card, open-case]]\n", "  weights: {escalation: 2}\n"))
    assert warnings(write, text, "V007") == [
        "card-theft.yaml:1:1: warning[V007]: escalation weighs 2 in the overall, but the "
        "scenario requires no action and sets no order: every call scores 100 there, one that "
        "does nothing included; list the actions the call needs under "
        "'scoring.escalations.required', or give escalation a weight of 0"]
    unweighed = changed(text, ("weights: {escalation: 2}", "weights: {escalation: 0}"))
    assert warnings(write, unweighed, "V007") == []


def test_v008_a_walkthrough_without_score_ranges(write: Write) -> None:
    text = changed(CARD, ("    scores: {overall: [100, 100]}\n",
                          "    scores: {overall: [100, 100]}\n  - name: slow block\n"
                          "    choices: [look-first, block-late, refund-late]\n"
                          "    ending: late-refund\n"))
    assert warnings(write, text, "V008") == [
        "card-theft.yaml:108:5: warning[V008]: walkthrough 'slow block' gives no score "
        "ranges: `agentsim check` passes it whatever it scores; it scores 55.7 overall now, so "
        "add for example scores: {overall: [53, 58]}"]


def test_v009_a_surface_strategy_passes(write: Write) -> None:
    found = warnings(write, LONG, "V009", "long-best.yaml")
    assert found[:2] == [
        "long-best.yaml:1:1: warning[V009]: the surface strategy 'longest' (always the longest "
        "reply) passes in 'en' with 100: the call can be passed without judgement (`agentsim "
        "explore long-best --strategies` shows each strategy's path)",
        "long-best.yaml:1:1: warning[V009]: the surface strategy 'shortest' (always the "
        "shortest reply) passes in 'id' with 100: the call can be passed without judgement "
        "(`agentsim explore long-best --strategies` shows each strategy's path)"]
    assert len(found) == 8


def test_v010_random_play_passes_too_often(write: Write) -> None:
    text = changed(CARD, ("      - id: look-first\n        text: One moment while I look at "
                          "your account.\n        next: still-open\n        feedback: Nothing "
                          "needs looking at before the block; block first.\n", ""))
    assert warnings(write, text, "V010") == [
        "card-theft.yaml:1:1: warning[V010]: random play passes 23 of 200 calls (12 %), more "
        "than 10 %: replies picked blindly pass too often; make more of the wrong replies lead "
        "somewhere worse"]


# -- the built-in stories -------------------------------------------------------------------


def test_validate_exits_0_when_the_built_ins_only_warn() -> None:
    """The five stories predate the validity checks and warn until they are rewritten (an
    issue of their own); warnings never fail validate."""
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("checked 5 files: 0 errors, ")


# -- the diagnostics pages ------------------------------------------------------------------

PAGES = Path(__file__).resolve().parent.parent / "docs" / "diagnostics"


@pytest.mark.parametrize("code", [f"V{n:03d}" for n in range(1, 11)])
def test_each_page_shows_what_validate_says_about_its_example(code: str, write: Write) -> None:
    """The first YAML block of docs/diagnostics/V0NN.md, validated, gives the lines shown
    in the block after it, exactly."""
    page = (PAGES / f"{code}.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```\n\n```\n(.*?)```", page, flags=re.S)
    assert example is not None
    text, shown = example.groups()
    assert warnings(write, text, code, "scenario.yaml") == shown.splitlines()
