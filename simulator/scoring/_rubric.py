"""What one reply is worth: its empathy value, its escalation gain and what its accuracy marks
cost, from the profile.

Shared by the best-path search and the scorer, so that both count points the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from simulator.scenario import Choice, Scenario
from simulator.scoring._profile import Profile

# Behaviours that say the same thing: only the best of a family counts in one reply.
FAMILIES = (("acknowledge", "acknowledge-generic"),)


@dataclass(frozen=True, slots=True)
class Rubric:
    """Per-reply points for one scenario under one profile."""

    scenario: Scenario
    profile: Profile
    _values: dict[tuple[str, str], float] = field(default_factory=dict, compare=False)

    def reply_value(self, choice: Choice) -> float:
        """Empathy points of a reply's behaviours, with families not stacking."""
        key = (choice.state, choice.id)
        if key not in self._values:
            self._values[key] = self._value(choice)
        return self._values[key]

    def _value(self, choice: Choice) -> float:
        points = self.profile.behaviours
        behaviours = set(choice.behaviours)
        if choice.harmful:  # harm earns no empathy, however warm the words: only its faults
            return sum(points[b] for b in behaviours if points[b] < 0)
        total = 0.0
        for family in FAMILIES:
            present = [b for b in family if b in behaviours]
            if present:
                total += max(points[b] for b in present)
                behaviours -= set(present)
        return total + sum(points[b] for b in behaviours)

    def moment_best(self, offered: Sequence[Choice]) -> float:
        """The most a reply can earn at a moment: the value of the best reply on offer."""
        return max((self.reply_value(c) for c in offered), default=0.0)

    def credit(self, choice: Choice, offered: Sequence[Choice]) -> float | None:
        """Empathy credit of a reply, from -1 to 1: 1 for the best reply on offer, less by how
        far its value falls short of the best's, measured against the best's value (or, where
        no reply has much to give, against the profile's points for a specific
        acknowledgement). Stacking earns nothing past the best reply.

        None where empathy is not scored: the customer shows no emotion at that state. A
        moment where every reply is cold still counts, so a dismissive reply there loses.
        """
        state = self.scenario.states[choice.state]
        if state.emotion is None:
            return None
        best = self.moment_best(offered)
        scale = max(best, self.profile.behaviours.get("acknowledge", 1.0), 1.0)
        return max(-1.0, min(1.0, 1.0 + (self.reply_value(choice) - best) / scale))

    def accuracy_cost(self, choice: Choice) -> float:
        """Accuracy points a reply loses: the profile's points for each of its marks."""
        return sum(self.profile.accuracy[mark.severity] for mark in choice.marks)

    def escalation_gain(self, done: AbstractSet[str], choice: Choice) -> float:
        """Points earned by the actions of a reply, given the actions already performed.

        A required action earns once; an order constraint earns when its second action is
        performed after its first. Unnecessary actions are not counted here (see `needless`).
        """
        scoring = self.scenario.scoring
        gain = 0.0
        seen = set(done)
        for action in choice.actions:
            if action in seen:
                continue
            if action in scoring.required:
                gain += self.profile.required_points
            for first, then in scoring.order:
                if then == action and first in seen:
                    gain += self.profile.order_points
            seen.add(action)
        return gain

    def needless(self, choice: Choice) -> list[str]:
        """The unnecessary actions a reply performs."""
        return [a for a in choice.actions if a in self.scenario.scoring.unnecessary]

    def missing_errors(self, done: AbstractSet[str]) -> list[str]:
        """Critical errors committed by ending the call without any of their actions."""
        return [e.id for e in self.scenario.scoring.critical_errors.values()
                if e.missing and not (set(e.missing) & done)]
