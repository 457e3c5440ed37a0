"""Test-wise strategies: play a scenario by surface cues alone and score the calls.

A test-wise trainee picks replies by how they look, not by what they do: the longest, the
warmest, the one with the caller's name. Each strategy here reads only the words of the
replies on offer (and of what the customer just said), in one language at a time, and
picks the reply its cue ranks highest. The calls are played through the engine and scored
as any call is, in every language the scenario promises. If any strategy passes, the
scenario can be passed without judgement (`validate` warns, V009); so can it if random
play passes too often (V010).

Rules every strategy follows, so that the results are the same on every run:

- Ties go to the reply shown first, in the order a trainee sees with seed 0.
- A strategy never goes round in circles: a reply that leads back to a state already
  visited with the same flags is taken only when every reply on offer does.
- A call still going after MAX_TURNS replies counts as not finished: no score, not passed.
- Random play picks uniformly among the replies on offer (by the same no-circles rule),
  seeded per call. It reads no words, and a call scores the same in every language, so it
  is played once, in the scenario's first language.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.play import Engine, Session
from simulator.scenario import Choice, Scenario, frozen_map
from simulator.scoring._cues import Cues, Lexicon, load_cues, name_forms, normal
from simulator.scoring._profile import Profile
from simulator.scoring._scorecard import Scorecard
from simulator.scoring._search import best_plan
from simulator.scoring._verdict import score

MAX_TURNS = 200
RANDOM_SEEDS = 200
SHOWN_SEED = 0  # the seed whose shown order breaks ties
RANDOM_LIMIT = 0.10  # random play passing more often than this share can be gamed (V010)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a strategy sees at one moment of a call, in one language."""

    lexicon: Lexicon
    heard: frozenset[str]  # the content words of what the customer just said
    name: frozenset[str]  # the caller's name, word by word
    actions: frozenset[str]  # the content words of the scenario's actions


# A cue ranks a reply's text (as `normal` gives it): the highest key wins.
Cue = Callable[[Reading, str], tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Strategy:
    """A test-wise way to pick a reply: its id and, in English for `validate`, what it does."""

    id: str
    summary: str
    cue: Cue


def _longest(r: Reading, text: str) -> tuple[float, ...]:
    return (len(text.strip()),)


def _shortest(r: Reading, text: str) -> tuple[float, ...]:
    return (-len(text.strip()),)


def _warmest(r: Reading, text: str) -> tuple[float, ...]:
    return (r.lexicon.warm.count(text),)


def _name(r: Reading, text: str) -> tuple[float, ...]:
    words = r.lexicon.words(text)
    return (sum(w in r.name for w in words), sum(w in r.lexicon.titles for w in words))


def _echo(r: Reading, text: str) -> tuple[float, ...]:
    return (len(r.lexicon.content(text) & r.heard),)


def _action(r: Reading, text: str) -> tuple[float, ...]:
    named = set(r.lexicon.services.found(text)) | (r.lexicon.content(text) & r.actions)
    return (len(named),)


def _no_script(r: Reading, text: str) -> tuple[float, ...]:
    return (-(r.lexicon.stock.count(text) + r.lexicon.refusals.count(text)),)


def _question(r: Reading, text: str) -> tuple[float, ...]:
    return (text.count("?"),)


STRATEGIES: tuple[Strategy, ...] = (
    Strategy("longest", "always the longest reply", _longest),
    Strategy("shortest", "always the shortest reply", _shortest),
    Strategy("warmest", "the reply with the most warm phrases", _warmest),
    Strategy("name", "the reply that uses the caller's name", _name),
    Strategy("echo", "the reply that repeats most of the customer's own words", _echo),
    Strategy("action", "the reply that names the most actions and services", _action),
    Strategy("no-script", "the reply with the fewest stock phrases and refusals", _no_script),
    Strategy("question", "the reply that asks the most questions", _question),
)
RANDOM = "random"


@dataclass(frozen=True, slots=True)
class StrategyRun:
    """One strategy played in one language: where the call ended and how it scored.

    `scores` is empty and `ending` None when the call did not finish (MAX_TURNS)."""

    strategy: str
    lang: str
    path: tuple[str, ...]
    ending: str | None
    outcome: str | None
    scores: Mapping[str, float]
    passed: bool
    critical_errors: tuple[str, ...] = ()

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall")

    def to_dict(self) -> dict[str, Any]:
        return {"strategy": self.strategy, "lang": self.lang, "ending": self.ending,
                "outcome": self.outcome, "scores": dict(self.scores), "passed": self.passed,
                "critical_errors": list(self.critical_errors), "path": list(self.path)}


@dataclass(frozen=True, slots=True)
class RandomRun:
    """Random play over many seeded calls."""

    calls: int
    passed: int
    finished: int
    mean_overall: float | None  # over the calls that finished; None if none did
    endings: Mapping[str, int] = field(default_factory=frozen_map)

    @property
    def rate(self) -> float:
        """The share of calls that passed, from 0 to 1."""
        return self.passed / self.calls if self.calls else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"calls": self.calls, "passed": self.passed, "rate": round(self.rate, 4),
                "finished": self.finished, "mean_overall": self.mean_overall,
                "endings": dict(self.endings)}


@dataclass(frozen=True, slots=True)
class StrategyResults:
    """Every strategy played against one scenario, in each of its languages."""

    scenario: str
    pass_mark: float
    languages: tuple[str, ...]
    runs: tuple[StrategyRun, ...]
    random: RandomRun

    def passing(self) -> list[StrategyRun]:
        """The strategy runs that passed: each one a way to pass without judgement."""
        return [run for run in self.runs if run.passed]

    @property
    def gameable(self) -> bool:
        """Whether a surface strategy passes, or random play passes more than RANDOM_LIMIT."""
        return bool(self.passing()) or self.random.rate > RANDOM_LIMIT

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "pass_mark": self.pass_mark,
                "languages": list(self.languages),
                "strategies": [run.to_dict() for run in self.runs],
                "random": self.random.to_dict(),
                "gameable": self.gameable}


Pick = Callable[[Session, Sequence[Choice]], Choice]


def play_strategies(scenario: Scenario, profile: Profile, seeds: int = RANDOM_SEEDS,
                    cues: Cues | None = None, overall: bool = True) -> StrategyResults:
    """Play every strategy in every language of the scenario, and random play over `seeds`
    calls; kept with the scenario's best plan, so `validate` and `explore` share it.

    With `overall` False, random play scores only the calls that could pass (see
    `play_random`) and gives no mean overall: what `validate` needs, at a fraction of the
    cost.
    """
    memo = best_plan(scenario, profile).memo
    if cues is None:
        for key in (f"strategies/{seeds}/scored", f"strategies/{seeds}/{_kind(overall)}"):
            if key in memo:
                found: StrategyResults = memo[key]
                return found
    chosen = cues or load_cues()
    engine = Engine(scenario)
    runs = tuple(play_strategy(scenario, profile, strategy, lang, chosen, engine)
                 for strategy in STRATEGIES for lang in scenario.languages)
    results = StrategyResults(scenario.id, pass_mark_of(scenario, profile), scenario.languages,
                              runs, play_random(scenario, profile, seeds, engine, overall))
    if cues is None:
        memo[f"strategies/{seeds}/{_kind(overall)}"] = results
    return results


def _kind(overall: bool) -> str:
    return "scored" if overall else "passes"


def pass_mark_of(scenario: Scenario, profile: Profile) -> float:
    """The pass mark a scenario is scored against: its own, else the profile's."""
    own = scenario.scoring.pass_mark
    return profile.pass_mark if own is None else own


def play_strategy(scenario: Scenario, profile: Profile, strategy: Strategy, lang: str,
                  cues: Cues | None = None, engine: Engine | None = None) -> StrategyRun:
    """Play one strategy in one language and score the call."""
    engine = engine or Engine(scenario)
    lexicon = (cues or load_cues())(lang)
    name = name_forms(scenario.customer.name, lexicon)
    actions = frozenset(word for action in scenario.actions.values()
                        for text in (action.label, action.verb, action.party)
                        for word in lexicon.content(normal(text.get(lang))))

    def pick(session: Session, replies: Sequence[Choice]) -> Choice:
        state = scenario.states[session.state]
        heard = lexicon.content(normal(state.words(engine.variant(session))[0].get(lang)))
        reading = Reading(lexicon, frozenset(heard), name, actions)
        ranked = [(strategy.cue(reading, normal(c.text.get(lang))), -i, c)
                  for i, c in enumerate(replies)]
        return max(ranked, key=lambda item: (item[0], item[1]))[2]

    session = _play(engine, scenario, pick, SHOWN_SEED, lang)
    card = score(scenario, session, profile)
    return StrategyRun(strategy.id, lang, tuple(session.path), session.ending, card.outcome,
                       frozen_map(card.scores), card.passed,
                       tuple(e.id for e in card.critical_errors))


def play_random(scenario: Scenario, profile: Profile, seeds: int = RANDOM_SEEDS,
                engine: Engine | None = None, overall: bool = True) -> RandomRun:
    """Random play over `seeds` calls: how many passed, and their mean overall.

    With `overall` False, a call that cannot pass is not scored and no mean is given: one
    that did not finish, or (while the pass mark is above 0) did not end in success.
    """
    engine = engine or Engine(scenario)
    lang = scenario.languages[0]
    must_succeed = pass_mark_of(scenario, profile) > 0
    passed = 0
    overalls: list[float] = []
    finished = 0
    endings: dict[str, int] = {}
    cards: dict[tuple[str, ...], Scorecard] = {}  # calls that took the same path score alike
    for seed in range(seeds):
        rng = random.Random(f"random/{seed}")  # a string seed hashes the same everywhere

        def pick(session: Session, replies: Sequence[Choice],
                 rng: random.Random = rng) -> Choice:
            return rng.choice(list(replies))

        session = _play(engine, scenario, pick, seed, lang, shown=False)
        if session.ending is None:
            continue
        finished += 1
        endings[session.ending] = endings.get(session.ending, 0) + 1
        if not overall and must_succeed and not scenario.endings[session.ending].success:
            continue
        path = tuple(session.path)
        card = cards.get(path) or cards.setdefault(path, score(scenario, session, profile))
        passed += card.passed
        overalls.append(card.scores["overall"])
    mean = round(sum(overalls) / len(overalls), 1) if overalls and overall else None
    ordered = dict(sorted(endings.items(), key=lambda item: (-item[1], item[0])))
    return RandomRun(seeds, passed, finished, mean, frozen_map(ordered))


def _play(engine: Engine, scenario: Scenario, pick: Pick, seed: int, lang: str,
          shown: bool = True) -> Session:
    """One call, each reply chosen by `pick` among the replies on offer (fresh ones first),
    in the order the trainee sees them (`shown`) or in the authored order."""
    session = engine.start(seed=seed, lang=lang)
    visited = {(session.state, frozenset(session.flags))}
    try:
        while session.ending is None and len(session.turns) < MAX_TURNS:
            offered = engine.choices(session) if shown else [
                c for c in scenario.states[session.state].choices
                if c.allowed(session.flags, session.meters)]
            if not offered:
                break
            fresh = [c for c in offered
                     if (c.target(session.flags, session.meters),
                         frozenset((session.flags - c.clear) | c.set)) not in visited]
            engine.choose(session, pick(session, fresh or offered).id)
            visited.add((session.state, frozenset(session.flags)))
    finally:
        engine.release(session)
    return session
