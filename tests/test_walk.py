"""The one walk over points that the search, explore, validate and the reports share."""

from __future__ import annotations

import sys
import textwrap

import pytest

from simulator.play._session import Session, Turn
from simulator.scenario._catalog import Catalog
from simulator.scenario._loader import compile_bytes, load_scenario
from simulator.scenario._model import Choice, Scenario
from simulator.scoring import _search
from simulator.scoring._explore import _all_paths, _count_paths
from simulator.scoring._profile import load_profile
from simulator.scoring._search import best_plan, first_times
from simulator.scoring._walk import Moves, Point, TooMany, offered, onward, walk

# `again` and a second `note` lead back onto the point they leave; the first `note` sets a
# flag, so it reaches a new point at the same state; `back` returns with help sent.
LOOP = """\
format: 1
id: loop
title: Loop
summary: A call that can go round.
customer: {name: Ana}
shuffle: false
start: ask
actions:
  help: {label: Help sent}
states:
  ask:
    customer: Help.
    choices:
      - {id: again, text: Say again?, next: ask, feedback: Goes round.}
      - {id: note, text: Noted., next: ask, set: [noted], feedback: Notes it.}
      - {id: send, text: Sending help., next: wait, actions: [help], feedback: Sends.}
      - {id: bye, text: Bye., next: alone, feedback: Leaves.}
  wait:
    customer: Thanks.
    choices:
      - {id: back, text: Anything else?, next: ask, feedback: Asks.}
      - {id: done, text: Done., next: safe, feedback: Ends well.}
endings:
  safe: {outcome: safe, text: Safe.}
  alone: {outcome: failed, text: Alone.}
"""


def load(text: str, name: str = "loop.yaml") -> Scenario:
    scenario, diagnostics = compile_bytes(textwrap.dedent(text).encode(), name)
    assert scenario is not None, diagnostics
    return scenario


def at(node: str, flags: tuple[str, ...] = (), done: tuple[str, ...] = ()) -> Point:
    return Point(node, frozenset(flags), frozenset(done))


def count(scenario: Scenario, limit: int | None = None) -> dict[Point, int]:
    def add(total: int, point: Point, choice: Choice, after: int) -> int:
        return total + after

    return walk(scenario, Point.start(scenario), lambda p: offered(scenario, p),
                lambda p: 1, add, 0, limit=limit)


def test_a_reply_back_onto_the_current_path_is_not_followed() -> None:
    """`again` returns to the point it leaves, so it adds no path; `note` reaches a new one."""
    counts = count(load(LOOP))
    assert counts[at("ask", ("noted",))] == 3  # bye, and send then back or done
    assert counts[at("wait", (), ("help",))] == 3
    assert counts[at("ask")] == 7


def test_every_point_reached_is_valued_once_endings_included() -> None:
    counts = count(load(LOOP))
    assert len(counts) == 12
    assert counts[at("safe", (), ("help",))] == 1
    assert counts[at("alone", ("noted",), ("help",))] == 1


def test_a_point_is_solved_once_on_the_path_that_reached_it_first() -> None:
    """Exactly as the search has always cut loops: enumerating paths one by one finds a
    path more, since the second path into a point can take a reply the first could not."""
    scenario = load(LOOP)
    # First reached through ask(noted) -> wait(noted): `send` from here led back onto it.
    assert count(scenario)[at("ask", ("noted",), ("help",))] == 1
    assert len(_all_paths(Moves(scenario, False))) == 8


def test_points_are_stored_as_they_are_solved() -> None:
    """An ending when first reached, any other point once all its replies are taken in."""
    points = list(count(load(LOOP)))
    assert points[:4] == [at("alone", ("noted",), ("help",)), at("ask", ("noted",), ("help",)),
                          at("safe", ("noted",), ("help",)), at("wait", ("noted",), ("help",))]
    assert points[-1] == at("ask")


def test_the_walk_is_not_recursive() -> None:
    """A call deeper than Python's recursion limit is walked all the same."""
    depth = sys.getrecursionlimit() + 500
    nexts = [f"s{i + 1}" for i in range(depth - 1)] + ["end"]
    states = "".join(f"  s{i}:\n    customer: Moment {i}.\n"
                     f"    choices: [{{id: on, text: On., next: {nxt}}}]\n"
                     for i, nxt in enumerate(nexts))
    scenario = load("format: 1\nid: deep\ntitle: Deep\nsummary: Deep.\n"
                    "customer: {name: Sam}\nstart: s0\nstates:\n" + states
                    + "endings:\n  end: {outcome: safe, text: Done.}\n", "deep.yaml")
    counts = count(scenario)
    assert counts[Point.start(scenario)] == 1
    assert len(counts) == depth + 1


def test_the_walk_stops_past_its_limit() -> None:
    scenario = load(LOOP)
    assert count(scenario, limit=12) == count(scenario)
    with pytest.raises(TooMany):
        count(scenario, limit=4)


def test_past_the_bound_the_search_goes_by_state(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load(LOOP)
    monkeypatch.setattr(_search, "_cache", {})
    assert not best_plan(scenario, load_profile()).coarse
    monkeypatch.setattr(_search, "_cache", {})
    monkeypatch.setattr(_search, "MAX_POINTS", 4)
    plan = best_plan(scenario, load_profile())
    assert plan.coarse
    assert set(plan.values) == {at("ask"), at("wait"), at("safe"), at("alone")}
    assert plan.path == ["send", "done"]


@pytest.mark.parametrize("scenario_id", Catalog.builtin().ids())
def test_the_search_and_the_path_count_walk_the_same_points(scenario_id: str) -> None:
    scenario = load_scenario(Catalog.builtin().find(scenario_id))
    plan = best_plan(scenario, load_profile())
    assert list(plan.values) == list(_count_paths(scenario, plan.moves))


def test_onward_leaves_out_replies_back_onto_the_path() -> None:
    scenario = load(LOOP)
    start = Point.start(scenario)
    steps = onward(scenario, start, {start})
    assert [(choice.id, point) for choice, point in steps] == [
        ("note", at("ask", ("noted",))), ("send", at("wait", (), ("help",))),
        ("bye", at("alone"))]


def test_the_policy_of_one_state_is_the_policy_at_its_points() -> None:
    plan = best_plan(load(LOOP), load_profile())
    everywhere = list(plan.policy())
    assert {p.node for p, _ in everywhere} == {"ask", "wait"}
    assert list(plan.policy("wait")) == [(p, c) for p, c in everywhere if p.node == "wait"]
    assert dict(plan.policy())[Point.start(plan.rubric.scenario)].id == "send"


def test_first_times_are_when_each_action_was_first_done() -> None:
    session = Session("loop", "", 0)
    for state, choice, clock, actions in [("ask", "send", 20.0, ["help"]),
                                          ("wait", "back", 30.0, []),
                                          ("ask", "send", 50.0, ["help", "ticket"])]:
        session.turns.append(Turn(state, choice, 10.0, 0.0, clock, {}, actions))
    assert first_times(session) == {"help": 20.0, "ticket": 50.0}
