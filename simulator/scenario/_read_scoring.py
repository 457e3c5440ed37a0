"""Read a scenario's `scoring` block, and the walkthroughs that check what it scores."""

from __future__ import annotations

import math
from typing import Any

from simulator.scenario import _keys as keys
from simulator.scenario._fields import as_float, is_number
from simulator.scenario._model import (
    DIMENSIONS,
    CriticalAction,
    CriticalError,
    Scoring,
    Walkthrough,
    frozen_map,
)
from simulator.scenario._references import ScenarioReader
from simulator.scenario._yaml import Map, Seq, shown


def read_scoring(r: ScenarioReader, doc: Map) -> Scoring:
    """The `scoring` block: weights, pass mark, critical actions, escalations and errors."""
    if "scoring" not in doc:
        return Scoring()
    m = r.block(doc["scoring"], doc.value_locs["scoring"], "'scoring'", keys.SCORING)
    if m is None:
        return Scoring()
    weights = {}
    for dim, value, key_loc, value_loc in r.entries(m, "weights", "numbers"):
        if dim not in DIMENSIONS:
            r.error("F005", key_loc, f"unknown dimension '{shown(dim)}'{r.hint(dim, DIMENSIONS)}")
        elif not is_number(value) or not 0 <= as_float(value) < math.inf:
            r.error("F003", value_loc, f"the weight of '{dim}' must be a number >= 0")
        else:
            weights[dim] = float(value)
    _check_some_weight(r, m, weights)
    return Scoring(
        weights=frozen_map(weights), pass_mark=r.between(m, "pass_mark", 0, 100),
        critical_actions=frozen_map(_critical_actions(r, m)),
        **_escalations(r, m),
        critical_errors=frozen_map(_critical_errors(r, m)))


def _check_some_weight(r: ScenarioReader, m: Map, weights: dict[str, float]) -> None:
    """Weights that leave nothing to count: every overall would be 0, a perfect call
    failed. Accuracy counts only where it is weighed here or a reply is marked, so three
    zeros and no accuracy above 0 are refused too."""
    counted = {d: w for d, w in weights.items() if d != "accuracy"}
    if len(counted) == len(DIMENSIONS) - 1 and not any(weights.values()):
        r.error("F005", m.value_locs["weights"], "the weights are all 0: at least one must "
                "be above 0, or every overall score is 0 and no call can pass")


def _critical_actions(r: ScenarioReader, m: Map) -> dict[str, CriticalAction]:
    out = {}
    for action, value, key_loc, loc in r.entries(m, "critical_actions", "deadlines"):
        r.refer("action", action, key_loc, "'critical_actions'")
        c = r.block(value, loc, f"critical action '{action}'", keys.CRITICAL_ACTION)
        if c is None:
            continue
        grace = None
        if "grace" in c:
            grace = r.duration(c["grace"], c.value_locs["grace"], "grace")
        deadline = None
        if c.get("deadline") is not None:
            deadline = r.duration(c["deadline"], c.value_locs["deadline"], "deadline")
        if deadline is not None:
            out[action] = CriticalAction(action, grace, deadline, key_loc)
    return out


def _escalations(r: ScenarioReader, m: Map) -> dict[str, Any]:
    if "escalations" not in m:
        return {}
    e = r.block(m["escalations"], m.value_locs["escalations"], "'escalations'",
                keys.ESCALATIONS)
    if e is None:
        return {}
    order = []
    for item, loc in r.items(e, "order"):
        if (not isinstance(item, Seq) or len(item) != 2
                or not all(isinstance(a, str) for a in item)):
            r.error("F005", loc, "each entry of 'order' must be a pair [first, then] of actions")
            continue
        for action, action_loc in zip(item, item.item_locs, strict=True):
            r.refer("action", action, action_loc, "'order'")
        order.append((item[0], item[1]))
    return {
        "required": r.id_list(e, "required", "action", "'required'"),
        "order": tuple(order),
        "unnecessary": r.id_list(e, "unnecessary", "action", "'unnecessary'"),
    }


def _critical_errors(r: ScenarioReader, m: Map) -> dict[str, CriticalError]:
    out = {}
    for ident, value, _key_loc, loc in r.entries(m, "critical_errors", "critical errors"):
        c = r.block(value, loc, f"critical error '{ident}'", keys.CRITICAL_ERROR)
        if c is not None:
            missing = r.id_list(c, "missing", "action", f"critical error '{ident}'")
            out[ident] = CriticalError(ident, r.text(c, "label"), r.text(c, "why"), missing,
                                       c.loc)
    return out


def read_walkthroughs(r: ScenarioReader, doc: Map) -> tuple[Walkthrough, ...]:
    """The golden paths `agentsim check` replays, with the results each must give."""
    out = []
    for value, loc in r.items(doc, "walkthroughs"):
        w = r.block(value, loc, "a walkthrough", keys.WALKTHROUGH)
        if w is None:
            continue
        name = r.string(w, "name")
        where = f"walkthrough '{shown(name)}'"
        ending = r.ident(w, "ending")
        if ending:
            r.refer("ending", ending, w.value_locs["ending"], where)
        passed = r.boolean(w, "passed", True) if "passed" in w else None
        out.append(Walkthrough(
            name=name, choices=r.id_list(w, "choices", "choice", where), ending=ending,
            passed=passed, critical_errors=r.id_list(w, "critical_errors", "critical", where),
            scores=frozen_map(_score_ranges(r, w)), loc=w.loc))
    return tuple(out)


def _score_ranges(r: ScenarioReader, w: Map) -> dict[str, tuple[float, float]]:
    out = {}
    names = (*DIMENSIONS, "overall")
    for dim, value, key_loc, value_loc in r.entries(w, "scores", "score ranges"):
        if dim not in names:
            r.error("F005", key_loc, f"unknown score '{shown(dim)}'{r.hint(dim, names)}")
            continue
        if (not isinstance(value, Seq) or len(value) != 2
                or not all(is_number(v) for v in value)
                or not 0 <= value[0] <= value[1] <= 100):
            r.error("F005", value_loc, f"the range of '{dim}' must be [min, max] "
                    "with 0 <= min <= max <= 100")
            continue
        out[dim] = (float(value[0]), float(value[1]))
    return out
