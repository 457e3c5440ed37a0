"""How long a reply takes against what it says: `validate` warns about a `takes` no one could
say the reply in, or (format 2, where `extra` says what else the time is for) one far longer
than saying it when the reply does nothing else (S007).

A reply's time decides speed scores and drains meters, so an authored time that favours
one reply over another decides the score by authoring rather than by what is said.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.errors import Diagnostic
from simulator.scenario import WORDS_PER_MINUTE, Scenario, speaking_time

TOO_FAST = 0.6  # under 60 % of the speaking time: said at more than 250 words a minute
TOO_SLOW = 2.5  # over 2.5 times the speaking time (plus 30 s) with no action to account for it
SLACK = 30.0


def implausible_durations(scenario: Scenario) -> Iterator[Diagnostic]:
    """S007 for each reply whose time does not fit what it says (in English)."""
    for state in scenario.states.values():
        for choice in state.choices:
            spoken = speaking_time(choice.text)
            if spoken <= 0:
                continue
            words = len((choice.text.values.get("en") or "").split()) or round(
                spoken * WORDS_PER_MINUTE / 60)
            if choice.takes < TOO_FAST * spoken:
                yield Diagnostic(choice.loc, "warning", f"choice '{choice.id}' takes "
                                 f"{choice.takes:g} s, but saying its {words} words takes "
                                 f"about {spoken:g} s at {WORDS_PER_MINUTE:g} words a minute: "
                                 "give it at least that", "S007")
            elif (scenario.format >= 2 and not choice.actions
                  and choice.takes > TOO_SLOW * spoken + SLACK + choice.extra):
                yield Diagnostic(choice.loc, "warning", f"choice '{choice.id}' takes "
                                 f"{choice.takes:g} s, but saying its {words} words takes "
                                 f"about {spoken:g} s and it performs no action: leave "
                                 "'takes' out and put the time spent doing something in "
                                 "'extra'", "S007")
