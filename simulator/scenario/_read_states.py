"""Read a scenario's states, the choices each offers, and its endings."""

from __future__ import annotations

import math
from typing import Any

from simulator.errors import Location
from simulator.scenario import _keys as keys
from simulator.scenario._fields import as_float, is_number, kind
from simulator.scenario._model import BEHAVIOURS, OUTCOMES, Choice, Ending, State, Test, frozen_map
from simulator.scenario._references import ScenarioReader
from simulator.scenario._yaml import Map, Seq, quote

DEFAULT_TAKES = 15.0


def read_states(r: ScenarioReader, doc: Map) -> dict[str, State]:
    """The `states` of the scenario, by id."""
    states = {}
    for ident, value, _key_loc, loc in r.entries(doc, "states", "states"):
        state = _state(r, ident, value, loc)
        if state is not None:
            states[ident] = state
    if "states" in doc and not states and isinstance(doc["states"], Map):
        r.error("F008", doc.value_locs["states"], "a scenario needs at least one state")
    return states


def read_endings(r: ScenarioReader, doc: Map, states: dict[str, State]) -> dict[str, Ending]:
    """The `endings` of the scenario, by id; an id may not also be a state's."""
    endings = {}
    for ident, value, key_loc, loc in r.entries(doc, "endings", "endings"):
        if ident in states:
            r.error("R007", key_loc, f"'{ident}' is both a state and an ending: "
                    "ids must be unique")
        m = r.block(value, loc, f"ending '{ident}'", keys.ENDING)
        if m is not None:
            outcome = r.choice_of(m, "outcome", OUTCOMES, "failed")
            success = r.boolean(m, "success", outcome == "safe")
            endings[ident] = Ending(ident, outcome, success, r.text(m, "text"), m.loc)
    if "endings" in doc and not endings and isinstance(doc["endings"], Map):
        r.error("F008", doc.value_locs["endings"], "a scenario needs at least one ending")
    return endings


def _state(r: ScenarioReader, ident: str, value: Any, loc: Location) -> State | None:
    m = r.block(value, loc, f"state '{ident}'", keys.STATE)
    if m is None:
        return None
    customer, narration = r.text(m, "customer"), r.text(m, "narration")
    if not customer and not narration:
        r.error("F008", m.loc, f"state '{ident}' needs 'customer' or 'narration': "
                "what the agent hears")
    emotion = r.ident(m, "emotion") or None
    choices: list[Choice] = []
    seen: dict[str, Location] = {}
    for item, item_loc in r.items(m, "choices"):
        choice = _choice(r, ident, item, item_loc)
        if choice is None:
            continue
        if choice.id and choice.id in seen:  # a missing or invalid id is reported already
            r.error("R007", choice.loc, f"duplicate choice id '{choice.id}' in state '{ident}' "
                    f"(first at line {seen[choice.id].line})")
            continue
        seen[choice.id] = choice.loc
        choices.append(choice)
    if "choices" in m and not choices and isinstance(m["choices"], Seq):
        r.error("F008", m.value_locs["choices"], f"state '{ident}' offers no choices: "
                "a state needs at least one reply (or make it an ending)")
    return State(ident, customer, narration, tuple(choices), emotion, m.loc)


def _choice(r: ScenarioReader, state: str, value: Any, loc: Location) -> Choice | None:
    m = r.block(value, loc, f"a choice in state '{state}'", keys.CHOICE)
    if m is None:
        return None
    ident = r.ident(m, "id")
    where = f"choice '{ident}'"
    nxt = r.ident(m, "next")
    if nxt:
        r.refer("node", nxt, m.value_locs["next"], where)
    takes = DEFAULT_TAKES
    if "takes" in m:
        takes = r.duration(m["takes"], m.value_locs["takes"], "takes") or 0.0
    flags_set = r.id_list(m, "set", None, where)
    r.flags_set.update(flags_set)
    when = _tests(r, m, where)
    change = _change(r, m, where)
    behaviours = _behaviours(r, m)
    critical = r.ident(m, "critical") or None
    if critical:
        r.refer("critical", critical, m.value_locs["critical"], where)
    return Choice(
        id=ident, state=state, text=r.text(m, "text"), next=nxt, takes=takes,
        requires=frozenset(r.id_list(m, "requires", "flag", where)),
        unless=frozenset(r.id_list(m, "unless", "flag", where)),
        when=when, set=frozenset(flags_set),
        clear=frozenset(r.id_list(m, "clear", None, where)), change=frozen_map(change),
        actions=r.id_list(m, "actions", "action", where), behaviours=behaviours,
        critical=critical, feedback=r.text(m, "feedback"), loc=m.loc)


def _tests(r: ScenarioReader, m: Map, where: str) -> tuple[Test, ...]:
    """`when`: the test each meter must pass for the choice to be offered."""
    when = []
    for meter, value, key_loc, value_loc in r.entries(m, "when", "tests"):
        r.refer("meter", meter, key_loc, where)
        test = r.comparison(value, value_loc, f"the test on '{meter}'", keys.TEST)
        if test is not None:
            when.append(Test(meter, test[0], test[1], key_loc))
    return tuple(when)


def _change(r: ScenarioReader, m: Map, where: str) -> dict[str, float]:
    """`change`: the amount the choice adds to each meter."""
    change = {}
    for meter, amount, key_loc, value_loc in r.entries(m, "change", "numbers"):
        r.refer("meter", meter, key_loc, where)
        if not is_number(amount):
            r.error("F003", value_loc, f"a change to '{meter}' must be a number, "
                    f"not {kind(amount)}")
        elif not math.isfinite(as_float(amount)):
            r.error("F005", value_loc, f"a change to '{meter}' must be a finite number, "
                    f"not {quote(amount)}")
        else:
            change[meter] = float(amount)
    return change


def _behaviours(r: ScenarioReader, m: Map) -> tuple[str, ...]:
    behaviours = []
    for item, item_loc in r.items(m, "behaviours"):
        if item not in BEHAVIOURS:
            r.error("F005", item_loc, f"unknown behaviour {quote(item)}"
                    f"{r.hint(str(item), BEHAVIOURS)}")
        else:
            behaviours.append(item)
    return tuple(behaviours)
