"""Item analysis for trainers: every decision point of every scenario, in call order, headed
by what the customer says, with every reply on offer (those nobody chose too).

For each decision point: how many calls reached it; its difficulty (the share choosing the
best reply); its discrimination (the point-biserial correlation between choosing the best
reply and the call's overall score, over completed calls); for each reply its share, its own
correlation, whether it is critical or unsafe, and whether it is a non-functioning
distractor (a reply other than the best chosen by under 5 %, or never); the median
hesitation; difficulty on first attempts against retakes and in each language. Figures from
fewer than MIN_SAMPLE calls are shown greyed as too few to read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import sqrt
from typing import Any

from simulator.present._words import Words
from simulator.records import Cohort, ItemRow
from simulator.scenario import Scenario, State
from simulator.scoring import Profile, best_plan

MIN_SAMPLE = 30
WEAK = 0.2  # discrimination at or below this is flagged
RARE = 0.05  # a distractor chosen by fewer than this share does not function
REVIEW = 5  # items listed first per scenario


@dataclass(slots=True)
class _Sums:
    turns: int = 0
    completed: int = 0
    overall: float = 0.0
    squared: float = 0.0

    def add(self, row: ItemRow | _Sums) -> None:
        if isinstance(row, _Sums):
            self.turns, self.completed = self.turns + row.turns, self.completed + row.completed
            self.overall, self.squared = self.overall + row.overall, self.squared + row.squared
            return
        self.turns += row.turns
        self.completed += row.completed
        self.overall += row.overall
        self.squared += row.overall_squared


def point_biserial(part: _Sums, whole: _Sums) -> float | None:
    """The correlation between being in `part` (choosing a reply) and the overall score,
    over the completed calls of `whole`; None where it is not defined."""
    n, n_in = whole.completed, part.completed
    if n_in == 0 or n_in == n:
        return None
    variance = whole.squared / n - (whole.overall / n) ** 2
    if variance <= 1e-9:
        return None
    mean_in = part.overall / n_in
    mean_out = (whole.overall - part.overall) / (n - n_in)
    p = n_in / n
    return (mean_in - mean_out) / sqrt(variance) * sqrt(p * (1 - p))


def call_order(scenario: Scenario) -> list[str]:
    """The scenario's states as a call meets them: breadth first from the start, replies in
    their authored order; states no reply reaches come last."""
    seen = [scenario.start] if scenario.start in scenario.states else []
    for state_id in seen:
        for choice in scenario.states[state_id].choices:
            for target in choice.destinations:
                if target in scenario.states and target not in seen:
                    seen.append(target)
    return seen + [s for s in scenario.states if s not in seen]


def median_seconds(counts: Mapping[int, int]) -> float | None:
    """The median of whole-second counts ({seconds: turns})."""
    total = sum(counts.values())
    if not total:
        return None
    middle, running = (total + 1) / 2, 0
    for seconds in sorted(counts):
        running += counts[seconds]
        if running >= middle:
            return float(seconds)
    return None


def items_view(data: Cohort, models: Mapping[str, Scenario | None], profile: Profile,
               say: Words) -> dict[str, Any]:
    """Every scenario's decision points, with what needs review first."""
    rows: dict[str, dict[str, list[ItemRow]]] = defaultdict(lambda: defaultdict(list))
    for row in data.items:
        rows[row.scenario][row.state].append(row)
    scenarios = []
    for scenario_id in sorted(rows, key=lambda s: _title(models.get(s), s, say)):
        model = models.get(scenario_id)
        if model is None:
            continue
        best = best_by_state(model, profile)
        items = [_item(model, model.states[s], rows[scenario_id].get(s, []),
                       best.get(s, set()), say)
                 for s in call_order(model) if s in rows[scenario_id]]
        unreached = [s for s in call_order(model) if s not in rows[scenario_id]]
        review = sorted((i for i in items if i["concerns"]), key=lambda i: -i["severity"])
        scenarios.append({"id": scenario_id, "title": _title(model, scenario_id, say),
                          "points": items, "review": review[:REVIEW],
                          "count": say("items.count", n=len(items)),
                          "unreached": say("items.unreached", n=len(unreached))
                          if unreached else ""})
    return {"scenarios": scenarios,
            "sample": say("items.sample", n=data.sampled, total=say.number(data.calls, 0))
            if data.sampled < data.calls else "",
            "minimum": say("items.minimum", n=MIN_SAMPLE, rare=say.percent(RARE),
                           weak=say.fixed(WEAK, 2))}


def best_by_state(scenario: Scenario, profile: Profile) -> dict[str, set[str]]:
    """The replies the best path gives at each state (at any of its points), kept with the
    plan: a report over every trainee asks for it once per scenario."""
    plan = best_plan(scenario, profile)
    if "best_by_state" not in plan.memo:
        best: dict[str, set[str]] = defaultdict(set)
        for point, choice in plan.policy():
            best[point.node].add(choice.id)
        plan.memo["best_by_state"] = best
    found: dict[str, set[str]] = plan.memo["best_by_state"]
    return found


def _title(model: Scenario | None, scenario_id: str, say: Words) -> str:
    return model.title.get(say.lang) if model else scenario_id


def _item(scenario: Scenario, state: State, rows: list[ItemRow], best: set[str],
          say: Words) -> dict[str, Any]:
    """One decision point; `best` holds the replies the best path gives there (at any of
    its points)."""
    whole = _Sums()
    by_choice: dict[str, _Sums] = defaultdict(_Sums)
    kinds: dict[str, tuple[_Sums, _Sums]] = defaultdict(lambda: (_Sums(), _Sums()))
    thinking: dict[int, int] = defaultdict(int)
    for row in rows:
        whole.add(row)
        by_choice[row.choice].add(row)
        for kind in ("first" if row.first else "retake", f"lang-{row.lang}"):
            kinds[kind][0].add(row)
            if row.choice in best:
                kinds[kind][1].add(row)
        if row.seconds >= 0:
            thinking[row.seconds] += row.turns
    chosen_best = _Sums()
    for choice_id in best:
        chosen_best.add(by_choice[choice_id])
    enough = whole.turns >= MIN_SAMPLE
    discrimination = point_biserial(chosen_best, whole) \
        if whole.completed >= MIN_SAMPLE else None
    replies = [_reply(c, by_choice[c.id], whole, c.id in best, say) for c in state.choices]
    replies += [_reply(None, sums, whole, False, say, choice_id)
                for choice_id, sums in by_choice.items() if state.choice(choice_id) is None]
    dead = [r for r in replies if r["dead"]]
    concerns, severity = _concerns(discrimination, dead, enough, say)
    hesitation = median_seconds(thinking)
    return {
        "id": state.id, "anchor": f"item-{scenario.id}-{state.id}",
        "customer": state.customer.get(say.lang) or state.id,
        "reached": say("items.reached", n=whole.turns),
        "difficulty": say.percent(chosen_best.turns / whole.turns) if whole.turns else "–",
        "discrimination": say.fixed(discrimination, 2) if discrimination is not None else "–",
        "weak": discrimination is not None and discrimination <= WEAK,
        "enough": enough, "replies": replies,
        "hesitation": say("items.seconds", n=round(hesitation)) if hesitation is not None
        else "–",
        "splits": [_split(say(f"items.{k}") if say.has(f"items.{k}") else k, kinds.get(k), say)
                   for k in ("first", "retake", *sorted(k for k in kinds
                                                        if k.startswith("lang-")))],
        "concerns": concerns, "severity": severity,
    }


def _reply(choice: Any, sums: _Sums, whole: _Sums, best: bool, say: Words,
           raw_id: str = "") -> dict[str, Any]:
    share = sums.turns / whole.turns if whole.turns else 0.0
    r = point_biserial(sums, whole) if whole.completed >= MIN_SAMPLE else None
    unsafe = choice is not None and any(m.kind in ("unsafe-advice", "wrong-information")
                                        for m in choice.marks)
    return {
        "text": choice.text.get(say.lang) if choice is not None else raw_id,
        "best": best, "critical": bool(choice is not None and choice.critical),
        "unsafe": unsafe, "count": say.number(sums.turns, 0), "share": say.percent(share),
        "width": f"{100 * share:.1f}",
        "r": say.fixed(r, 2) if r is not None else "–",
        "dead": not best and share < RARE and whole.turns >= MIN_SAMPLE,
        "never": sums.turns == 0,
    }


def _split(label: str, sums: tuple[_Sums, _Sums] | None, say: Words) -> dict[str, Any]:
    if sums is None or sums[0].turns == 0:
        return {"label": label, "value": "–", "n": say("items.reached", n=0), "enough": False}
    whole, best = sums
    return {"label": label, "value": say.percent(best.turns / whole.turns),
            "n": say("items.reached", n=whole.turns), "enough": whole.turns >= MIN_SAMPLE}


def _concerns(discrimination: float | None, dead: Iterable[dict[str, Any]], enough: bool,
              say: Words) -> tuple[list[str], float]:
    """What a trainer should look at in this item, and how pressing it is."""
    out, severity = [], 0.0
    if discrimination is not None and discrimination < 0:
        out.append(say("items.concern-negative"))
        severity += 3 - discrimination
    elif discrimination is not None and discrimination <= WEAK:
        out.append(say("items.concern-weak"))
        severity += 1 + (WEAK - discrimination)
    dead = list(dead)
    if enough and dead:
        out.append(say("items.concern-dead", n=len(dead)))
        severity += 0.5 * len(dead)
    return out, severity
