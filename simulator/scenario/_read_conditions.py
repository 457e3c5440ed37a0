"""Read the parts of format 2 that depend on what happened: conditions, variants of what the
customer says and of an ending's text, conditional targets of a reply, a meter's pace,
silence, and the accuracy marks of a reply."""

from __future__ import annotations

from typing import Any

from simulator.errors import Location
from simulator.scenario import _keys as keys
from simulator.scenario._keys import Block
from simulator.scenario._model import (
    MARK_KINDS,
    SEVERITIES,
    Condition,
    Mark,
    Pace,
    Silence,
    Target,
    Test,
    Variant,
)
from simulator.scenario._references import ScenarioReader
from simulator.scenario._yaml import Map, Seq


def condition(r: ScenarioReader, m: Map, where: str) -> Condition:
    """The condition keys of a variant, target or pace: requires, unless, when, after, in."""
    return Condition(
        requires=frozenset(r.id_list(m, "requires", "flag", where)),
        unless=frozenset(r.id_list(m, "unless", "flag", where)),
        when=tests(r, m, where),
        after=frozenset(r.id_list(m, "after", "choice", where)),
        within=frozenset(r.id_list(m, "in", "state", where)),
        loc=m.loc)


def tests(r: ScenarioReader, m: Map, where: str) -> tuple[Test, ...]:
    """`when`: the test each meter must pass."""
    out = []
    for meter, value, key_loc, value_loc in r.entries(m, "when", "tests"):
        r.refer("meter", meter, key_loc, where)
        test = r.comparison(value, value_loc, f"the test on '{meter}'", keys.TEST)
        if test is not None:
            out.append(Test(meter, test[0], test[1], key_loc))
    return tuple(out)


def variants(r: ScenarioReader, m: Map, owner: str, block: Block) -> tuple[Variant, ...]:
    """A state's or an ending's `variants`: each a condition and the words it shows."""
    out = []
    for index, (item, loc) in enumerate(r.items(m, "variants"), 1):
        where = f"variant {index} of {owner}"
        v = r.block(item, loc, where, block)
        if v is None:
            continue
        variant = Variant(condition(r, v, where), r.text(v, "customer"),
                          r.text(v, "narration"), r.text(v, "text"), v.loc)
        if block is keys.STATE_VARIANT and not (variant.customer or variant.narration):
            r.error("F008", v.loc, f"{where} needs 'customer' or 'narration': what the "
                    "agent hears when it applies")
        if not (variant.condition.requires or variant.condition.unless
                or variant.condition.when or variant.condition.after):
            r.error("F008", v.loc, f"{where} has no condition (requires, unless, when or "
                    f"after): it would always apply; write its words in {owner} itself")
        out.append(variant)
    return tuple(out)


def targets(r: ScenarioReader, value: Any, loc: Location, where: str) -> tuple[tuple[Target, ...],
                                                                              str]:
    """A reply's `next`: an id, or (format 2) a list of targets whose last has no condition.

    Returns the conditional targets and the default one.
    """
    if not isinstance(value, Seq):
        return (), ""
    if r.newer(loc, f"'next' as a list in {where}"):
        return (), ""
    out: list[Target] = []
    default = ""
    for index, (item, item_loc) in enumerate(zip(value, value.item_locs, strict=True), 1):
        t = r.block(item, item_loc, f"target {index} of 'next' in {where}", keys.TARGET)
        if t is None:
            continue
        to = r.ident(t, "to")
        if to:
            r.refer("node", to, t.value_locs["to"], where)
        rule = condition(r, t, where)
        if rule.requires or rule.unless or rule.when:
            out.append(Target(rule, to, t.loc))
        elif index == len(value):
            default = to
        else:
            r.error("F008", t.loc, f"target {index} of 'next' in {where} has no condition, so "
                    "the targets after it are never taken: only the last may have none")
    if not default and isinstance(value, Seq) and value:
        r.error("F008", loc, f"'next' in {where} needs a last target with no condition: where "
                "the reply leads when no condition holds")
    return tuple(out), default


def pace(r: ScenarioReader, m: Map, meter: str) -> tuple[Pace, ...]:
    """A meter's `pace`: its rate per minute while a condition holds."""
    out = []
    for index, (item, loc) in enumerate(r.items(m, "pace"), 1):
        where = f"pace {index} of meter '{meter}'"
        p = r.block(item, loc, where, keys.PACE)
        if p is None:
            continue
        rate = r.optional_number(p, "per_minute")
        if rate is not None:
            out.append(Pace(condition(r, p, where), rate))
    return tuple(out)


def silence(r: ScenarioReader, m: Map, state: str,
            change: Any) -> Silence | None:
    """A state's `silence`: what happens when the trainee hesitates past a time."""
    if "silence" not in m:
        return None
    where = f"the silence of state '{state}'"
    s = r.block(m["silence"], m.value_locs["silence"], where, keys.SILENCE)
    if s is None:
        return None
    after = r.duration(s["after"], s.value_locs["after"], "after") if "after" in s else None
    nxt = r.ident(s, "next") or None
    if nxt:
        r.refer("node", nxt, s.value_locs["next"], where)
    customer, narration = r.text(s, "customer"), r.text(s, "narration")
    moves = change(r, s, where)
    if not (customer or narration or moves or nxt):
        r.error("F008", s.loc, f"{where} does nothing: give 'customer', 'narration', "
                "'change' or 'next'")
    return Silence(after or 0.0, customer, narration, moves, nxt, s.loc)


def marks(r: ScenarioReader, m: Map, where: str) -> tuple[Mark, ...]:
    """A reply's `accuracy`: what it says that is wrong, unsafe or against the rules."""
    out = []
    for index, (item, loc) in enumerate(r.items(m, "accuracy"), 1):
        k = r.block(item, loc, f"accuracy mark {index} of {where}", keys.MARK)
        if k is None:
            continue
        kind = r.choice_of(k, "kind", MARK_KINDS, MARK_KINDS[0])
        severity = r.choice_of(k, "severity", SEVERITIES, "major")
        out.append(Mark(kind, severity, r.text(k, "why"), k.loc))
    return tuple(out)
