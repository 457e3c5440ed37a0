"""The scoring layer: the scoring profile, the best path, scorecards with their findings, and
the trainer's tools built on them (explore, walkthroughs, test-wise strategies, the checks
of `validate` with its validity checks).

Scoring is pure: (scenario, session) -> Scorecard, no I/O and no clock reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator._exports import exports

_MODULES = {
    "_profile": ("Profile", "load_profile", "parse_profile", "DEFAULT_PATH"),
    "_search": ("Plan", "Point", "best_plan", "offered"),
    "_scorecard": ("Scorecard", "Finding", "CriticalHit"),
    "_verdict": ("score", "best_replies", "empathy_credits", "ending_cost"),
    "_explore": ("Exploration", "explore"),
    "_walkthrough": ("WalkthroughResult", "run_walkthrough", "run_walkthroughs"),
    "_checks": ("check_file", "validate"),
    "_cues": ("CUES_PATH", "Cues", "load_cues"),
    "_strategies": ("RANDOM_LIMIT", "STRATEGIES", "RandomRun", "Strategy", "StrategyResults",
        "StrategyRun", "play_random", "play_strategies", "play_strategy"),
    "_validity": ("validity",),
}
__all__ = [
    "CUES_PATH",
    "DEFAULT_PATH",
    "RANDOM_LIMIT",
    "STRATEGIES",
    "CriticalHit",
    "Cues",
    "Exploration",
    "Finding",
    "Plan",
    "Point",
    "Profile",
    "RandomRun",
    "Scorecard",
    "Strategy",
    "StrategyResults",
    "StrategyRun",
    "WalkthroughResult",
    "best_plan",
    "best_replies",
    "check_file",
    "empathy_credits",
    "ending_cost",
    "explore",
    "load_cues",
    "load_profile",
    "offered",
    "parse_profile",
    "play_random",
    "play_strategies",
    "play_strategy",
    "run_walkthrough",
    "run_walkthroughs",
    "score",
    "validate",
    "validity",
]

if TYPE_CHECKING:
    from simulator.scoring._checks import check_file, validate
    from simulator.scoring._cues import CUES_PATH, Cues, load_cues
    from simulator.scoring._explore import Exploration, explore
    from simulator.scoring._profile import DEFAULT_PATH, Profile, load_profile, parse_profile
    from simulator.scoring._scorecard import CriticalHit, Finding, Scorecard
    from simulator.scoring._search import Plan, Point, best_plan, offered
    from simulator.scoring._strategies import (
        RANDOM_LIMIT,
        STRATEGIES,
        RandomRun,
        Strategy,
        StrategyResults,
        StrategyRun,
        play_random,
        play_strategies,
        play_strategy,
    )
    from simulator.scoring._validity import validity
    from simulator.scoring._verdict import best_replies, empathy_credits, ending_cost, score
    from simulator.scoring._walkthrough import (
        WalkthroughResult,
        run_walkthrough,
        run_walkthroughs,
    )
else:
    __getattr__ = exports(__name__, _MODULES, __all__)
