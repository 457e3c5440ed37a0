"""The floor of a scenario: what play without judgement scores, so a score can be read
against it ("random play passes 2 % of calls with a mean overall of 31").

`random_floor` is random play as `explore --strategies` plays it (`scoring.play_random`:
seeded calls through the engine, a reply picked at random from those on offer).
`judgement_floor` adds the surface strategies of the scoring layer (always the longest
reply, always the kindest-sounding one, ...) played in every language of the scenario: the
cohort report shows both. The report takes any function of the same shape
(`FloorFunction`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from simulator.scenario import Scenario
from simulator.scoring import Profile, play_random, play_strategies

WALKS = 200


@dataclass(frozen=True, slots=True)
class FloorRow:
    """What one way of playing without judgement scores on a scenario.

    `strategy` is a word key (`floor.<strategy>` in the word files); `passed` the share of
    calls that passed (0-1); `overall` the mean overall of the calls that ended; `walks` how
    many calls were played.
    """

    strategy: str
    passed: float
    overall: float
    walks: int


FloorFunction = Callable[[Scenario, Profile], Sequence[FloorRow]]


class Keeper(Protocol):
    """Where floors are kept between reports: the records (`records.Store`)."""

    def kept(self, key: str) -> str | None: ...

    def keep(self, key: str, value: str) -> None: ...


def kept_floor(floor: FloorFunction, keeper: Keeper) -> FloorFunction:
    """`floor`, its results kept in the records per scenario content and profile, so only the
    first report after a scenario changes pays for the walks."""

    def kept(scenario: Scenario, profile: Profile) -> Sequence[FloorRow]:
        name = getattr(floor, "__name__", "floor")[:12]
        key = f"floor:{name}:{scenario.digest[:20]}:{profile.digest[:20]}"
        found = keeper.kept(key)
        if found:
            try:
                return tuple(_row(part) for part in found.split(";"))
            except ValueError:
                pass  # written by another version: compute it again
        rows = tuple(floor(scenario, profile))
        keeper.keep(key, ";".join(f"{r.strategy} {r.passed:.4f} {r.overall} {r.walks}"
                                  for r in rows))
        return rows

    return kept


def _row(text: str) -> FloorRow:
    strategy, passed, overall, walks = text.split(" ")
    return FloorRow(strategy, float(passed), float(overall), int(walks))

_cache: dict[tuple[str, str, int], tuple[FloorRow, ...]] = {}


def random_floor(scenario: Scenario, profile: Profile, walks: int = WALKS) -> tuple[FloorRow, ...]:
    """Random play's pass rate and mean overall over `walks` seeded calls, as `explore
    --strategies` plays them (`scoring.play_random`); cached per scenario content and
    profile."""
    key = (scenario.digest, profile.digest, walks)
    if key in _cache:
        return _cache[key]
    run = play_random(scenario, profile, seeds=walks)
    found = (FloorRow("random", run.rate, run.mean_overall or 0.0, run.calls),)
    if scenario.digest:
        _cache[key] = found
    return found


def judgement_floor(scenario: Scenario, profile: Profile,
                    walks: int = WALKS) -> tuple[FloorRow, ...]:
    """Random play, and the surface strategies (`scoring.play_strategies`): the share of
    strategy runs (each strategy in each language) that passed, and their mean overall over
    the runs that finished. As `explore --strategies` and `validate` play them."""
    results = play_strategies(scenario, profile, seeds=walks)
    run = results.random
    finished = [r.scores["overall"] for r in results.runs if r.scores]
    return (FloorRow("random", run.rate, run.mean_overall or 0.0, run.calls),
            FloorRow("strategies", len(results.passing()) / len(results.runs)
                     if results.runs else 0.0,
                     round(sum(finished) / len(finished), 1) if finished else 0.0,
                     len(results.runs)))
