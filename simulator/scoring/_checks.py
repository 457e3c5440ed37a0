"""Checks on a loaded scenario beyond its references: the call as a whole, before anyone plays.

Each problem carries a stable code, documented in docs/diagnostics/<CODE>.md.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from simulator.errors import Diagnostic, Location
from simulator.scenario import Condition, Scenario, Text, compile_scenario
from simulator.scoring._durations import implausible_durations
from simulator.scoring._profile import Profile, load_profile
from simulator.scoring._search import MAX_POINTS, Plan, best_plan, first_times
from simulator.scoring._validity import policy, validity
from simulator.scoring._walk import Point, offered


def check_file(path: Path, display: str | None = None,
               profile: Profile | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load a file and run every check on it; the scenario is None if it has errors."""
    scenario, diagnostics = compile_scenario(path, display)
    if scenario is not None:
        diagnostics += validate(scenario, path, profile)
    diagnostics.sort(key=lambda d: (d.location, d.code))
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return scenario, diagnostics


def validate(scenario: Scenario, path: Path | None = None,
             profile: Profile | None = None) -> list[Diagnostic]:
    """Every problem in a scenario that loaded: reachability, dead ends, scoring, text."""
    problems = list(_reachability(scenario))
    problems += _flags(scenario)
    problems += _translations(scenario)
    if path is not None and path.stem != scenario.id:
        problems.append(Diagnostic(scenario.loc, "warning", f"the id '{scenario.id}' differs "
                                   f"from the file name '{path.name}': name the file "
                                   f"'{scenario.id}.yaml' so it can be played by its id",
                                   "T002"))
    if not any(d.severity == "error" for d in problems):
        plan = best_plan(scenario, profile or load_profile())
        if plan.coarse:
            problems.append(Diagnostic(scenario.loc, "warning", f"the flags and actions of "
                                       f"this scenario combine into more than {MAX_POINTS:,} "
                                       "situations: the best path was searched over its states "
                                       "alone, so scores are approximate and dead ends are not "
                                       "checked", "S005"))
        else:
            problems += _dead_ends(scenario, plan)
        if plan.approximate:
            problems.append(Diagnostic(scenario.loc, "warning", "this scenario's meters decide "
                                       "what happens (replies on offer, targets, limits), but "
                                       f"following their values takes more than {MAX_POINTS:,} "
                                       "situations: the best path was searched with meter tests "
                                       "taken to hold, so scores may be approximate", "S006"))
        problems += _scoring(scenario, plan)
    problems += implausible_durations(scenario)
    if not any(d.severity == "error" for d in problems):
        problems += validity(scenario, plan, profile or load_profile())
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
        onward = [d for choice in state.choices for d in choice.destinations]
        if state.silence is not None and state.silence.next:
            onward.append(state.silence.next)
        for node in onward:
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


def _reachability(scenario: Scenario) -> Iterator[Diagnostic]:
    seen = reachable(scenario)
    for state in scenario.states.values():
        if state.id not in seen:
            yield Diagnostic(state.loc, "error", f"state '{state.id}' cannot be reached "
                             f"from the start '{scenario.start}'", "G001")
    for ending in scenario.endings.values():
        if ending.id not in seen:
            yield Diagnostic(ending.loc, "error", f"ending '{ending.id}' is never reached",
                             "G002")


def _flags(scenario: Scenario) -> Iterator[Diagnostic]:
    read = _flags_read(scenario)
    for state in scenario.states.values():
        for choice in state.choices:
            for flag in sorted(choice.set - read):
                yield Diagnostic(choice.loc, "warning", f"flag '{flag}' is set by choice "
                                 f"'{choice.id}' but nothing reads it", "G005")


def _flags_read(scenario: Scenario) -> set[str]:
    """Every flag some condition reads: of a choice, a target, a variant or a pace."""
    conditions: list[Condition] = []
    for state in scenario.states.values():
        conditions += [v.condition for v in state.variants]
        for choice in state.choices:
            conditions.append(Condition(choice.requires, choice.unless))
            conditions += [target.condition for target in choice.targets]
    for ending in scenario.endings.values():
        conditions += [v.condition for v in ending.variants]
    for meter in scenario.meters.values():
        conditions += [pace.condition for pace in meter.pace]
    return {flag for c in conditions for flag in c.requires | c.unless}


def _dead_ends(scenario: Scenario, plan: Plan) -> Iterator[Diagnostic]:
    """States the call can reach with flags under which no reply is on offer."""
    stuck: dict[str, Point] = {}
    for point in plan.values:
        if not scenario.is_ending(point.node) and not offered(scenario, point):
            stuck.setdefault(point.node, point)
    for state_id, point in stuck.items():
        flags = ", ".join(sorted(point.flags)) or "none"
        yield Diagnostic(scenario.states[state_id].loc, "error", f"dead end: state "
                         f"'{state_id}' can be reached with no reply on offer (flags set: "
                         f"{flags})", "G004")


def _scoring(scenario: Scenario, plan: Plan) -> Iterator[Diagnostic]:
    best = plan.session
    ending = scenario.endings.get(best.ending or "")
    if ending is None or not ending.success:
        yield Diagnostic(scenario.loc, "error", "no path leads to a success ending"
                         + (f": the best path ends at '{best.ending}'" if best.ending else ""),
                         "G003")
    value = plan.values.get(plan.key(plan.moves.start()))
    if value is not None and -1e18 < value[0] < 0:  # a path ends, and each commits one
        yield Diagnostic(scenario.loc, "error", "every path commits a critical error",
                         "S004")
    performed = {a for point in plan.values if not scenario.is_ending(point.node)
                 for c in plan.replies(point) for a in c.actions}
    best_times = first_times(best)
    for action, rule in scenario.scoring.critical_actions.items():
        if action not in performed:
            yield Diagnostic(rule.loc, "error", f"critical action '{action}' is performed by "
                             "no path: no reply that can be reached has it", "S001")
        elif action in best_times and best_times[action] > rule.deadline:
            yield Diagnostic(rule.loc, "error", f"even the best path misses the deadline of "
                             f"'{action}': it is performed at {best_times[action]:g} s, the "
                             f"deadline is {rule.deadline:g} s", "S002")
    if plan.coarse:
        return
    best_replies = {(point.node, choice.id) for point, choice in policy(plan)}
    for state in scenario.states.values():
        for choice in state.choices:
            if (state.id, choice.id) not in best_replies and not choice.feedback:
                yield Diagnostic(choice.loc, "warning", f"choice '{choice.id}' is not the "
                                 "best reply anywhere and has no 'feedback' to tell the "
                                 "trainee why", "S003")


def _translations(scenario: Scenario) -> Iterator[Diagnostic]:
    for loc, what, text in _texts(scenario):
        if not text:
            continue
        for lang in scenario.languages:
            if not text.values.get(lang):
                yield Diagnostic(loc, "warning", f"{what} has no text in language '{lang}'",
                                 "T001")


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
