"""The validity checks of `validate` (V001 to V010): can a score be earned without judgement?

Item-writing cues (the best reply the longest, words or the caller's name only in best
replies, stock phrases only in wrong ones), moments where kindness and judgement cannot be
told apart, harm tagged as empathy, scoring rules that pass a bad call or pay for nothing,
walkthroughs that check no score, and test-wise strategies that pass. Each is a warning
with the figures; docs/diagnostics/V0NN.md explains each one and how to fix it.

The cues are read at the scenario's decision points: every distinct moment the best-path
search reaches (a state with the replies on offer there) that offers two replies or more,
with the reply the best policy gives there as its best.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from simulator.errors import Diagnostic, Location
from simulator.scenario import POSITIVE_BEHAVIOURS, Choice, Scenario
from simulator.scoring._cues import Cues, Lexicon, load_cues, name_forms, normal
from simulator.scoring._profile import Profile
from simulator.scoring._search import Plan
from simulator.scoring._strategies import RANDOM_LIMIT, STRATEGIES, play_strategies
from simulator.scoring._verdict import ending_cost, weights_of
from simulator.scoring._walk import Point
from simulator.scoring._walkthrough import run_walkthrough

LONGEST_SHARE = 1 / 3  # V001: the best reply the longest at more than this share of points
LENGTH_RATIO = 1.3  # V001: or on average more than this many times the others' length
WORD_REPLIES = 3  # V002: a word in at least this many best replies and in no other
NAME_RATIO = 2.0  # V002: the name this many times more often in best replies than others
SHOWN_WORDS = 5  # V002, V003: the words or replies named; the rest are counted


@dataclass(frozen=True, slots=True)
class Decision:
    """A moment with a choice: a state, the replies on offer there, and the best of them."""

    state: str
    offered: tuple[Choice, ...]
    best: Choice

    @property
    def others(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.offered if c is not self.best)


def policy(plan: Plan) -> list[tuple[Point, Choice]]:
    """The plan's best reply at every point it solved (`Plan.policy`), kept with the plan so
    that validate's checks walk it once."""
    memo = plan.memo
    if "policy" not in memo:
        memo["policy"] = list(plan.policy())
    found: list[tuple[Point, Choice]] = memo["policy"]
    return found


def decisions(plan: Plan) -> list[Decision]:
    """Every distinct moment the search reaches with two replies or more on offer, from
    which the call can still succeed with no critical error, and the best policy's reply
    there; kept with the plan. (Past a point of no return the best reply only limits the
    damage, and no cue in it can make a call pass.)"""
    memo = plan.memo
    if "decisions" not in memo:
        found: dict[tuple[str, tuple[str, ...], str], Decision] = {}
        for point, best in policy(plan):
            offered = tuple(plan.moves.offered(point))
            if len(offered) >= 2 and plan.value(point)[:2] == (0.0, 0.0):
                key = (point.node, tuple(c.id for c in offered), best.id)
                found.setdefault(key, Decision(point.node, offered, best))
        memo["decisions"] = list(found.values())
    result: list[Decision] = memo["decisions"]
    return result


def validity(scenario: Scenario, plan: Plan, profile: Profile,
             cues: Cues | None = None) -> list[Diagnostic]:
    """Every validity warning for a scenario that has no errors."""
    cues = cues or load_cues()
    points = decisions(plan)
    problems = list(_lengths(scenario, points))
    problems += _name(scenario, points, cues)
    for lang in scenario.languages:
        problems += _words(scenario, points, cues(lang))
        problems += _stock(scenario, points, cues(lang))
    problems += _kindness(scenario, plan, points)
    problems += _harm_tagged_kind(scenario)
    problems += _bad_call_passes(scenario, profile)
    problems += _escalation_for_nothing(scenario, profile)
    problems += _walkthroughs(scenario, profile)
    problems += _strategies(scenario, profile)
    return problems


def _warning(loc: Location, message: str, code: str) -> Diagnostic:
    return Diagnostic(loc, "warning", message, code)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0} %"


def _lengths(scenario: Scenario, points: Sequence[Decision]) -> Iterator[Diagnostic]:
    """V001: the best reply is the longest too often, or much longer than the others."""
    if not points:
        return
    lang = scenario.languages[0]

    def size(choice: Choice) -> int:
        return len(choice.text.get(lang).strip())

    longest = sum(all(size(d.best) > size(c) for c in d.others) for d in points)
    best_mean = sum(size(d.best) for d in points) / len(points)
    others_mean = sum(sum(size(c) for c in d.others) / len(d.others)
                      for d in points) / len(points)
    ratio = best_mean / others_mean if others_mean else 1.0
    if longest / len(points) > LONGEST_SHARE or ratio > LENGTH_RATIO:
        yield _warning(scenario.loc, f"the best reply is the longest at {longest} of "
                       f"{len(points)} decision points ({_percent(longest, len(points))}) "
                       f"and on average {ratio:.1f}x as long as the other replies there "
                       f"(in characters, in '{lang}'): a trainee can pick it by its length; "
                       "make some best replies short and some wrong ones long", "V001")


def _classes(points: Sequence[Decision]) -> tuple[list[Choice], list[Choice]]:
    """The replies that are the best somewhere, and those offered but never the best."""
    best = {id(d.best): d.best for d in points}
    others = {id(c): c for d in points for c in d.others if id(c) not in best}
    return list(best.values()), list(others.values())


def _name(scenario: Scenario, points: Sequence[Decision],
          cues: Cues) -> Iterator[Diagnostic]:
    """V002: the caller's name, much more often in best replies than in the others."""
    best, others = _classes(points)
    found: dict[tuple[int, int, int, int], list[str]] = {}
    forms: set[str] = set()
    for lang in scenario.languages:
        lexicon = cues(lang)
        name = name_forms(scenario.customer.name, lexicon)
        forms |= name

        def named(choices: list[Choice], lang: str = lang, lexicon: Lexicon = lexicon,
                  name: frozenset[str] = name) -> int:
            return sum(bool(name & set(lexicon.words(normal(c.text.get(lang)))))
                       for c in choices)

        figures = (named(best), len(best), named(others), len(others))
        found.setdefault(figures, []).append(lang)
    for (in_best, n_best, in_others, n_others), langs in found.items():
        other_rate = in_others / n_others if n_others else 0.0
        if in_best < WORD_REPLIES or in_best / n_best <= NAME_RATIO * other_rate:
            continue
        shown = ", ".join(f"'{n}'" for n in sorted(forms))
        where = ", ".join(f"'{lang}'" for lang in langs)
        yield _warning(scenario.loc, f"the caller's name ({shown}) is in {in_best} of "
                       f"{n_best} best replies ({_percent(in_best, n_best)}) and {in_others} "
                       f"of {n_others} other replies ({_percent(in_others, n_others)}) (in "
                       f"{where}): a trainee can pick by it; use the name in wrong replies "
                       "too", "V002")


def _words(scenario: Scenario, points: Sequence[Decision],
           lexicon: Lexicon) -> Iterator[Diagnostic]:
    """V002: words that only the best replies use."""
    best, others = _classes(points)
    lang = lexicon.lang
    name = name_forms(scenario.customer.name, lexicon)

    def words(choice: Choice) -> set[str]:
        return set(lexicon.words(normal(choice.text.get(lang))))

    used_elsewhere: set[str] = set().union(*(words(c) for c in others))
    counts: dict[str, int] = {}
    for choice in best:
        for word in words(choice) - used_elsewhere - name - lexicon.stop_words:
            if len(word) >= 3:
                counts[word] = counts.get(word, 0) + 1
    cues = sorted(((n, w) for w, n in counts.items() if n >= WORD_REPLIES),
                  key=lambda item: (-item[0], item[1]))
    if cues:
        listed = ", ".join(f"'{w}' ({n})" for n, w in cues[:SHOWN_WORDS])
        more = f", and {len(cues) - SHOWN_WORDS} more" if len(cues) > SHOWN_WORDS else ""
        yield _warning(scenario.loc, f"words used only by best replies (in '{lang}', with "
                       f"how many use each): {listed}{more}: a trainee can pick by them; use "
                       "them in wrong replies too", "V002")


def _stock(scenario: Scenario, points: Sequence[Decision],
           lexicon: Lexicon) -> Iterator[Diagnostic]:
    """V003: a stock phrase that only replies never the best use."""
    best, others = _classes(points)
    lang = lexicon.lang
    in_best = {p for c in best for p in lexicon.stock.found(normal(c.text.get(lang)))}
    users: dict[str, list[Choice]] = {}
    for choice in others:
        for phrase in dict.fromkeys(lexicon.stock.found(normal(choice.text.get(lang)))):
            if phrase not in in_best:
                users.setdefault(phrase, []).append(choice)
    for phrase, choices in users.items():
        ids = ", ".join(f"'{c.id}'" for c in choices[:SHOWN_WORDS])
        if len(choices) > SHOWN_WORDS:
            ids += f", and {len(choices) - SHOWN_WORDS} more"
        yield _warning(choices[0].loc, f"the stock phrase '{phrase}' (in '{lang}') is used only "
                       f"by replies that are never the best ({ids}): a trainee can rule them "
                       "out by it; give it to a best reply too, or leave it out", "V003")


def _kindness(scenario: Scenario, plan: Plan,
              points: Sequence[Decision]) -> Iterator[Diagnostic]:
    """V004: an emotional moment whose only kind reply is the best one."""
    rubric = plan.rubric
    reported: set[str] = set()
    for d in points:
        state = scenario.states[d.state]
        if state.emotion is None or d.state in reported:
            continue
        kind = [c for c in d.offered if rubric.reply_value(c) > 0]
        if kind and all(c is d.best for c in kind):
            reported.add(d.state)
            yield _warning(state.loc, f"at the emotional moment '{d.state}' ({state.emotion}) "
                           f"the only kind reply is the best one, '{d.best.id}': with no "
                           "reply that is kind but wrong, empathy and judgement cannot be "
                           "told apart; add a warm reply that does the wrong thing", "V004")


def _harm_tagged_kind(scenario: Scenario) -> Iterator[Diagnostic]:
    """V005: a harmful reply tagged with positive behaviours, which earn nothing."""
    for state in scenario.states.values():
        for choice in state.choices:
            kind = [b for b in choice.behaviours if b in POSITIVE_BEHAVIOURS]
            if not (choice.harmful and kind):
                continue
            if choice.critical:
                what = "commits the critical error " + ", ".join(f"'{e}'" for e in choice.critical)
            else:
                marks = dict.fromkeys(m.kind for m in choice.marks
                                      if m.kind in ("wrong-information", "unsafe-advice"))
                what = "is marked " + ", ".join(f"'{k}'" for k in marks)
            yield _warning(choice.loc, f"choice '{choice.id}' {what} yet carries the positive "
                           f"behaviours {', '.join(kind)}: harm earns no empathy, so they "
                           "count for nothing and mislead whoever reads the file; remove "
                           "them", "V005")


def _bad_call_passes(scenario: Scenario, profile: Profile) -> Iterator[Diagnostic]:
    """V006: a call that ends without success can still reach the pass mark."""
    pass_mark = scenario.scoring.pass_mark
    pass_mark = profile.pass_mark if pass_mark is None else pass_mark
    for ending in scenario.endings.values():
        if ending.success:
            continue
        # The overall a call ending there gets, over means from 0 to 100 (by halves, and
        # where the ending's cost and the pass mark meet).
        cost = profile.endings.get(ending.outcome, 0.0)
        means = {m / 2 for m in range(201)} | {min(100.0, pass_mark + d) for d in (0, 0.1, cost)}
        top = max(round(m - ending_cost(m, ending.outcome, pass_mark, profile), 1)
                  for m in means)
        if top >= pass_mark:
            yield _warning(ending.loc, f"ending '{ending.id}' ({ending.outcome}) is not a "
                           f"success, yet a call that ends there can score {top:g} against "
                           f"a pass mark of {pass_mark:g} and pass; raise the pass mark",
                           "V006")


def _escalation_for_nothing(scenario: Scenario, profile: Profile) -> Iterator[Diagnostic]:
    """V007: escalation weighs in the overall, yet nothing can be earned there."""
    weight = weights_of(scenario, profile)["escalation"]
    rules = scenario.scoring
    if weight > 0 and not rules.required and not rules.order:
        yield _warning(scenario.loc, f"escalation weighs {weight:g} in the overall, but the "
                       "scenario requires no action and sets no order: every call scores "
                       "100 there, one that does nothing included; list the actions the "
                       "call needs under 'scoring.escalations.required', or give escalation "
                       "a weight of 0", "V007")


def _walkthroughs(scenario: Scenario, profile: Profile) -> Iterator[Diagnostic]:
    """V008: a walkthrough that gives no score ranges; the message suggests one around what
    it scores now."""
    for walkthrough in scenario.walkthroughs:
        if walkthrough.scores:
            continue
        card = run_walkthrough(scenario, walkthrough, profile).card
        overall = card.scores.get("overall") if card is not None else None
        if overall is None:
            hint = "add 'scores', for example {overall: [90, 100]}"
        else:
            low, high = max(0, math.floor(overall) - 2), min(100, math.ceil(overall) + 2)
            hint = (f"it scores {overall:g} overall now, so add for example "
                    f"scores: {{overall: [{low}, {high}]}}")
        yield _warning(walkthrough.loc, f"walkthrough '{walkthrough.name}' gives no score "
                       f"ranges: `agentsim check` passes it whatever it scores; {hint}",
                       "V008")


def _strategies(scenario: Scenario, profile: Profile) -> Iterator[Diagnostic]:
    """V009 and V010: a test-wise strategy passes, or random play passes too often."""
    results = play_strategies(scenario, profile, overall=False)
    for strategy in STRATEGIES:
        passed = [r for r in results.passing() if r.strategy == strategy.id]
        if passed:
            where = " and ".join(f"in '{r.lang}' with {r.overall:g}" for r in passed)
            yield _warning(scenario.loc, f"the surface strategy '{strategy.id}' "
                           f"({strategy.summary}) passes {where}: the call can be passed "
                           f"without judgement (`agentsim explore {scenario.id} --strategies`"
                           " shows each strategy's path)", "V009")
    chance = results.random
    if chance.rate > RANDOM_LIMIT:
        yield _warning(scenario.loc, f"random play passes {chance.passed} of {chance.calls} "
                       f"calls ({_percent(chance.passed, chance.calls)}), more than "
                       f"{RANDOM_LIMIT * 100:g} %: replies picked blindly pass too "
                       "often; make more of the wrong replies lead somewhere worse", "V010")
