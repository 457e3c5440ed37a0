"""Checks on a loaded scenario that go beyond references: reachability and translations."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from simulator.errors import Diagnostic, Location
from simulator.loader import compile_scenario
from simulator.model import Scenario, Text


def check_file(path: Path, display: str | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load a file and run every check on it; the scenario is None if it has errors."""
    scenario, diagnostics = compile_scenario(path, display)
    if scenario is not None:
        diagnostics += validate(scenario, path)
    diagnostics.sort(key=lambda d: d.location)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return scenario, diagnostics


def validate(scenario: Scenario, path: Path | None = None) -> list[Diagnostic]:
    """Every problem in a scenario that loaded: unreachable parts, missing translations."""
    problems = list(_reachability(scenario))
    problems += _translations(scenario)
    if path is not None and path.stem != scenario.id:
        problems.append(Diagnostic(scenario.loc, "warning", f"the id '{scenario.id}' differs "
                                   f"from the file name '{path.name}': name the file "
                                   f"'{scenario.id}.yaml' so it can be played by its id"))
    return problems


def reachable(scenario: Scenario) -> set[str]:
    """States and endings some path can reach, ignoring conditions."""
    limit_endings = {limit.ending for m in scenario.meters.values() for limit in m.ends}
    seen = {scenario.start}
    queue = deque([scenario.start])
    while queue:
        state = scenario.states.get(queue.popleft())
        if state is None:
            continue
        seen |= limit_endings
        for choice in state.choices:
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return seen


def _reachability(scenario: Scenario) -> Iterator[Diagnostic]:
    seen = reachable(scenario)
    for state in scenario.states.values():
        if state.id not in seen:
            yield Diagnostic(state.loc, "error", f"state '{state.id}' cannot be reached "
                             f"from the start '{scenario.start}'")
    for ending in scenario.endings.values():
        if ending.id not in seen:
            yield Diagnostic(ending.loc, "error", f"ending '{ending.id}' is never reached")
    if not any(e.success and e.id in seen for e in scenario.endings.values()):
        yield Diagnostic(scenario.loc, "error", "no path leads to a success ending")


def _translations(scenario: Scenario) -> Iterator[Diagnostic]:
    for loc, what, text in _texts(scenario):
        if not text:
            continue
        for lang in scenario.languages:
            if not text.values.get(lang):
                yield Diagnostic(loc, "warning", f"{what} has no '{lang}' text")


def _texts(s: Scenario) -> Iterator[tuple[Location, str, Text]]:
    yield s.loc, "'title'", s.title
    yield s.loc, "'summary'", s.summary
    yield s.loc, "'trainer_note'", s.trainer_note
    yield s.loc, "the customer's 'profile'", s.customer.profile
    yield s.loc, "the customer's 'mood'", s.customer.mood
    for meter in s.meters.values():
        yield meter.loc, f"the label of meter '{meter.id}'", meter.label
    for action in s.actions.values():
        yield action.loc, f"the label of action '{action.id}'", action.label
        yield action.loc, f"the party of action '{action.id}'", action.party
    for state in s.states.values():
        yield state.loc, f"state '{state.id}' 'customer'", state.customer
        yield state.loc, f"state '{state.id}' 'narration'", state.narration
        for choice in state.choices:
            yield choice.loc, f"choice '{choice.id}' 'text'", choice.text
            yield choice.loc, f"choice '{choice.id}' 'feedback'", choice.feedback
    for ending in s.endings.values():
        yield ending.loc, f"ending '{ending.id}' 'text'", ending.text
    for error in s.scoring.critical_errors.values():
        yield error.loc, f"critical error '{error.id}' 'label'", error.label
        yield error.loc, f"critical error '{error.id}' 'why'", error.why
