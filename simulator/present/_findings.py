"""Findings and critical errors in words: a key and its parameters become sentences in the
language asked for, with the scenario's own wording for its actions, replies and errors.

Records written before findings became data carry their prose instead; it is shown as kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.present._words import Words, clock
from simulator.scenario import Choice, Scenario

# Parameters that are simulated times (seconds), and those that name actions.
_TIMES = ("at", "best", "full", "deadline", "took")
_ACTIONS = ("action", "first", "then")
# Findings about a reply that its own trainer feedback explains further.
_WITH_FEEDBACK = ("empathy-gap", "escalation-needless")


@dataclass(frozen=True, slots=True)
class Explained:
    """A finding as a person reads it: what happened, the reply given, the better one."""

    message: str
    did: str
    better: str


@dataclass(frozen=True, slots=True)
class Explainer:
    """Puts findings and critical errors of one scenario into one language's words."""

    scenario: Scenario | None
    words: Words

    @property
    def lang(self) -> str:
        return self.words.lang

    def _emotion(self, name: str) -> str:
        """How the caller sounded: the scenario's own label for a declared emotion."""
        declared = self.scenario.emotions.get(name) if self.scenario else None
        return declared.label.get(self.lang) if declared else self.words.emotion(name)

    def _why(self, params: Mapping[str, Any]) -> str:
        """Why an accuracy mark matters, as the scenario gives it."""
        return str(params.get("why_text", ""))

    def finding(self, finding: Mapping[str, Any]) -> Explained:
        """A finding (as `Finding.to_dict()` or the records keep it) in words."""
        if not finding.get("key"):  # recorded as prose before findings were data
            prose = {**dict(finding.get("params") or {}), **finding}
            return Explained(str(prose.get("message", "")), str(prose.get("did", "")),
                             str(prose.get("better", "")))
        key, params = str(finding["key"]), dict(finding.get("params") or {})
        reply = self._reply(finding.get("state"), finding.get("choice"))
        if key == "accuracy-mark" and reply is not None:
            index = params.get("mark")
            if isinstance(index, int) and 0 <= index < len(reply.marks):
                params["why_text"] = reply.marks[index].why.get(self.lang)
        message = self._sentence(key, params)
        if key in _WITH_FEEDBACK and reply is not None:
            message = _join(message, reply.feedback.get(self.lang))
        better = self._reply(finding.get("state"), finding.get("better_choice"))
        did = reply.text.get(self.lang) if reply else str(finding.get("choice") or "")
        return Explained(message, did if finding.get("turn") else "",
                         better.text.get(self.lang) if better else "")

    def critical(self, error: Mapping[str, Any]) -> tuple[str, str]:
        """A critical error's label and why it matters, in words."""
        ident = str(error.get("id", ""))
        known = self.scenario.scoring.critical_errors.get(ident) if self.scenario else None
        if known is None:
            return str(error.get("label") or ident), str(error.get("why") or "")
        why = known.why.get(self.lang)
        if "label" in error and "choice" not in error:  # recorded as prose
            return known.label.get(self.lang), str(error.get("why") or why)
        reply = self._reply(error.get("state"), error.get("choice"))
        if reply is not None:
            why = _join(why, reply.feedback.get(self.lang))
        missing = [str(a) for a in error.get("missing") or ()]
        if missing:
            why = _join(why, self._with_actions("finding.critical-missing", missing, "or"))
        return known.label.get(self.lang), why

    # -- parts -----------------------------------------------------------------------------

    def _sentence(self, key: str, params: dict[str, Any]) -> str:
        w = self.words
        values: dict[str, Any] = {}
        for name, value in params.items():
            if name in _TIMES and isinstance(value, int | float):
                values[name] = clock(value)
            elif name not in _ACTIONS and name != "why_text":
                values[name] = value
        if key == "empathy-gap":
            values["customer"] = self.scenario.customer.name if self.scenario else ""
            values["emotion"] = self._emotion(str(params.get("emotion", "")))
        elif key == "accuracy-mark":
            values["kind"] = w(f"mark.{params.get('kind')}")
            values["severity"] = w(f"mark.{params.get('severity')}")
            values["why"] = self._why(params)
        elif key == "ending":
            values["outcome"] = w(f"outcome.{params.get('outcome')}")
        actions = [str(params[name]) for name in _ACTIONS if name in params]
        full = f"finding.{key}"
        if not actions:
            return w(full, **values) if w.has(full) else key
        verbs = [self._verb(a) for a in actions]
        if all(verbs):
            names = dict(zip(("verb",) if len(actions) == 1 else ("first", "then"), verbs,
                             strict=False))
            return w(full, **values, **names)
        labels = [self._label(a) for a in actions]
        names = dict(zip(("label",) if len(actions) == 1 else ("first", "then"), labels,
                         strict=False))
        return w(full + "-label", **values, **names)

    def _with_actions(self, key: str, actions: Sequence[str], style: str) -> str:
        verbs = [self._verb(a) for a in actions]
        if all(verbs):
            return self.words(key, verb=self.words.join(verbs, style))
        return self.words(key + "-label", label=self.words.join(
            [self._label(a) for a in actions], style))

    def _verb(self, action: str) -> str:
        known = self.scenario.actions.get(action) if self.scenario else None
        return known.verb.get(self.lang) if known is not None else ""

    def _label(self, action: str) -> str:
        known = self.scenario.actions.get(action) if self.scenario else None
        return known.label.get(self.lang) if known is not None else action

    def _reply(self, state: object, choice: object) -> Choice | None:
        if self.scenario is None or not isinstance(state, str) or not isinstance(choice, str):
            return None
        found = self.scenario.states.get(state)
        return found.choice(choice) if found else None


def _join(*texts: str) -> str:
    return " ".join(t.strip() for t in texts if t and t.strip())
