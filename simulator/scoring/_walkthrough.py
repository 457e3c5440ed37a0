"""Replay a scenario's golden walkthroughs and compare what happens with what they expect."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import AgentsimError
from simulator.play import Engine
from simulator.scenario import Scenario, Walkthrough
from simulator.scoring._profile import Profile
from simulator.scoring._scorecard import Scorecard
from simulator.scoring._verdict import score


@dataclass(frozen=True, slots=True)
class WalkthroughResult:
    """One walkthrough replayed: what went differently from what it expects, if anything."""

    walkthrough: Walkthrough
    problems: tuple[str, ...]
    card: Scorecard | None

    @property
    def ok(self) -> bool:
        return not self.problems


def run_walkthrough(scenario: Scenario, walkthrough: Walkthrough,
                    profile: Profile) -> WalkthroughResult:
    """Replay one walkthrough from the start of the call."""
    engine = Engine(scenario)
    session = engine.start(seed=0)
    problems: list[str] = []
    for number, choice in enumerate(walkthrough.choices, 1):
        if session.ending is not None:
            problems.append(f"the call ended at '{session.ending}' before reply {number} "
                            f"('{choice}')")
            break
        try:
            engine.choose(session, choice)
        except AgentsimError as err:
            problems.append(f"reply {number}: {err}")
            break
    engine.release(session)
    if problems:
        return WalkthroughResult(walkthrough, tuple(problems), None)
    if session.ending is None:
        return WalkthroughResult(walkthrough, (f"the call is still at '{session.state}' "
                                               "after the last reply",), None)
    card = score(scenario, session, profile)
    if session.ending != walkthrough.ending:
        problems.append(f"ended at '{session.ending}', expected '{walkthrough.ending}'")
    if walkthrough.passed is not None and card.passed != walkthrough.passed:
        problems.append(f"{'passed' if card.passed else 'failed'}, expected "
                        f"{'pass' if walkthrough.passed else 'fail'}")
    committed = sorted(e.id for e in card.critical_errors)
    if committed != sorted(walkthrough.critical_errors):
        problems.append(f"critical errors {committed or 'none'}, expected "
                        f"{sorted(walkthrough.critical_errors) or 'none'}")
    for name, (low, high) in walkthrough.scores.items():
        value = card.scores[name]
        if not low <= value <= high:
            problems.append(f"{name} {value:g}, expected {low:g}..{high:g}")
    return WalkthroughResult(walkthrough, tuple(problems), card)


def run_walkthroughs(scenario: Scenario, profile: Profile) -> list[WalkthroughResult]:
    return [run_walkthrough(scenario, w, profile) for w in scenario.walkthroughs]
