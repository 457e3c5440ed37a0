"""Read a scenario's states, the choices each offers, and its endings."""

from __future__ import annotations

import math
from typing import Any

from simulator.errors import Location
from simulator.scenario import _keys as keys
from simulator.scenario._fields import as_float, is_number, kind
from simulator.scenario._model import BEHAVIOURS, OUTCOMES, Choice, Ending, State, frozen_map
from simulator.scenario._read_conditions import marks, silence, targets, tests, variants
from simulator.scenario._references import ScenarioReader
from simulator.scenario._text import speaking_time
from simulator.scenario._yaml import Map, Seq, quote

DEFAULT_TAKES = 15.0  # format 1: a reply with no `takes`


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
            endings[ident] = Ending(ident, outcome, success, r.text(m, "text"),
                                    variants(r, m, f"ending '{ident}'", keys.ENDING_VARIANT),
                                    m.loc)
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
    if emotion and r.format >= 2:
        r.refer("emotion", emotion, m.value_locs["emotion"], f"state '{ident}'")
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
    return State(ident, customer, narration, tuple(choices), emotion,
                 variants(r, m, f"state '{ident}'", keys.STATE_VARIANT),
                 silence(r, m, ident, _change), m.loc)


def _choice(r: ScenarioReader, state: str, value: Any, loc: Location) -> Choice | None:
    m = r.block(value, loc, f"a choice in state '{state}'", keys.CHOICE)
    if m is None:
        return None
    ident = r.ident(m, "id")
    where = f"choice '{ident}'"
    branches: tuple[Any, ...] = ()
    if isinstance(m.get("next"), Seq):
        branches, nxt = targets(r, m["next"], m.value_locs["next"], where)
    else:
        nxt = r.ident(m, "next")
        if nxt:
            r.refer("node", nxt, m.value_locs["next"], where)
    text = r.text(m, "text")
    extra = r.duration(m["extra"], m.value_locs["extra"], "extra") or 0.0 if "extra" in m \
        else 0.0
    # Format 2: a reply takes as long as saying it, plus what the agent does meanwhile.
    takes = DEFAULT_TAKES if r.format < 2 else speaking_time(text) + extra
    if "takes" in m:
        takes = r.duration(m["takes"], m.value_locs["takes"], "takes") or 0.0
    flags_set = r.id_list(m, "set", None, where)
    r.flags_set.update(flags_set)
    return Choice(
        id=ident, state=state, text=text, next=nxt, takes=takes,
        requires=frozenset(r.id_list(m, "requires", "flag", where)),
        unless=frozenset(r.id_list(m, "unless", "flag", where)),
        when=tests(r, m, where), set=frozenset(flags_set),
        clear=frozenset(r.id_list(m, "clear", None, where)),
        change=frozen_map(_change(r, m, where)),
        actions=r.id_list(m, "actions", "action", where), behaviours=_behaviours(r, m),
        critical=_critical(r, m, where), feedback=r.text(m, "feedback"),
        marks=marks(r, m, where), targets=branches, extra=extra, loc=m.loc)


def _critical(r: ScenarioReader, m: Map, where: str) -> tuple[str, ...]:
    """`critical`: the critical error a reply commits, or (format 2) a list of them."""
    if isinstance(m.get("critical"), Seq):
        if r.newer(m.value_locs["critical"], f"'critical' as a list in {where}"):
            return ()
        return r.id_list(m, "critical", "critical", where)
    critical = r.ident(m, "critical")
    if critical:
        r.refer("critical", critical, m.value_locs["critical"], where)
    return (critical,) if critical else ()


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
