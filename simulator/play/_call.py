"""The call as a trainee meets it in a terminal: what is shown, what is typed, and the clock.

Rendering is plain text that reads well at 80 columns and to a screen reader; colour only
emphasises, it never carries meaning. Input comes from a prompt (interactive) or a list of
answers (scripted).
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from simulator.errors import UsageError
from simulator.play._engine import Engine
from simulator.play._session import Session
from simulator.present._words import clock, message
from simulator.scenario._model import DIMENSIONS, Choice, Scenario

if TYPE_CHECKING:
    from simulator.scoring._profile import Profile
    from simulator.scoring._scorecard import Scorecard

TOP_FINDINGS = 3

READING_BASE = 8.0
READING_PER_WORD = 0.3


def reading_allowance(text: str) -> float:
    """Seconds a trainee may spend reading before their hesitation counts as call time."""
    return READING_BASE + READING_PER_WORD * len(text.split())


def match_answer(answer: str, choices: Sequence[Choice]) -> Choice | None:
    """The reply an answer names: its number as shown (1-based) or its id."""
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return next((c for c in choices if c.id == answer), None)


@dataclass(frozen=True, slots=True)
class Screen:
    """Turns the call into text for one trainee's language, width and colour setting."""

    scenario: Scenario
    lang: str = "en"
    width: int = 80
    color: bool = False

    def _style(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.color else text  # type: ignore[arg-type]

    def _wrap(self, text: str, indent: str = "", first: str | None = None) -> str:
        lines = []
        for paragraph in text.strip().splitlines() or [""]:
            lines.append(textwrap.fill(
                paragraph, self.width, initial_indent=first if first is not None else indent,
                subsequent_indent=indent) or first or "")
            first = None
        return "\n".join(lines)

    def t(self, key: str, **values: object) -> str:
        return message(self.lang, key, **values)

    def opening(self) -> str:
        s = self.scenario
        title = s.title.get(self.lang)
        rule = "=" * min(self.width, max(len(title) + 4, 40))
        parts = [rule, self._style(title, bold=True), rule]
        parts.append(self._wrap(s.summary.get(self.lang)))
        parts.append("")
        parts.append(f"{self.t('calling')}: {s.customer.name}")
        if s.customer.profile:
            parts.append(self._wrap(s.customer.profile.get(self.lang), "  ",
                                    f"{self.t('profile')}: "))
        if s.customer.mood:
            parts.append(self._wrap(s.customer.mood.get(self.lang), "  ", f"{self.t('mood')}: "))
        return "\n".join(parts)

    def status(self, session: Session) -> str:
        items = [f"{self.t('time')} {clock(session.clock)}"]
        for meter in self.scenario.meters.values():
            if meter.shown:
                value = session.meters[meter.id]
                items.append(f"{meter.label.get(self.lang)} {value:.0f}{meter.unit}")
        return self._style("[" + " | ".join(items) + "]", dim=True)

    def moment(self, session: Session, choices: Sequence[Choice]) -> str:
        """The status line, what the customer says, and the numbered replies."""
        state = self.scenario.states[session.state]
        parts = ["", self.status(session)]
        if state.narration:
            parts.append(self._wrap(f"({state.narration.get(self.lang)})"))
        if state.customer:
            name = self.scenario.customer.name
            parts.append(self._wrap(state.customer.get(self.lang), "  ",
                                    self._style(f"{name}: ", bold=True) if self.color
                                    else f"{name}: "))
        parts.append("")
        for number, choice in enumerate(choices, 1):
            label = f"{number:>2}) "
            parts.append(self._wrap(choice.text.get(self.lang), " " * len(label), label))
        return "\n".join(parts)

    def reply(self, choice: Choice) -> str:
        return self._wrap(choice.text.get(self.lang), "  ", f"{self.t('you')}: ")

    def words(self, session: Session, choices: Sequence[Choice]) -> str:
        state = self.scenario.states[session.state]
        texts = [state.customer.get(self.lang), state.narration.get(self.lang)]
        return " ".join(texts + [c.text.get(self.lang) for c in choices])

    def scores(self, card: Scorecard, profile: Profile) -> str:
        """The three scores and the overall, the verdict, critical errors, costliest findings."""
        lang = self.lang
        items = [f"{profile.label(lang, d)} {card.scores[d]:.1f}" for d in (*DIMENSIONS,
                                                                               "overall")]
        verdict = self.t("passed") if card.passed else self.t("failed")
        reasons = [self.t("pass_mark", mark=card.pass_mark)]
        if not card.passed:
            if card.critical_errors:
                reasons.append(self.t("why_critical"))
            if card.status == "completed" and not card.success:
                reasons.append(self.t("why_ending", outcome=self.t(f"outcome_{card.outcome}")))
            if card.scores["overall"] < card.pass_mark and not card.critical_errors:
                reasons.append(self.t("why_below"))
        parts = ["", self._style(f"-- {self.t('scores')} --", bold=True),
                 self._wrap(" | ".join(items)),
                 self._wrap(f"{verdict} ({'; '.join(reasons)})", "  ", "")]
        if card.critical_errors:
            parts.append(self.t("critical_errors") + ":")
            for error in card.critical_errors:
                turn = f" ({self.t('turn')} {error.turn})" if error.turn else ""
                parts.append(self._wrap(f"{error.label}{turn}. {error.why}", "    ", "  - "))
        parts += ["", self._style(f"-- {self.t('top_findings')} --", bold=True)]
        if not card.findings:
            parts.append(self.t("no_findings"))
        for number, finding in enumerate(card.findings[:TOP_FINDINGS], 1):
            turn = f", {self.t('turn')} {finding.turn}" if finding.turn else ""
            dimension = f"{profile.label(lang, finding.dimension)} -{finding.points:g}{turn}"
            head = (f"{number}. {dimension}: " if card.critical_errors else
                    f"{number}. -{finding.overall:g} {profile.label(lang, 'overall')} "
                    f"({dimension}): ")
            parts.append(self._wrap(head + finding.message, "   ", ""))
            if finding.did:
                parts.append(self._wrap(finding.did, "      ", f"   {self.t('you')}: "))
            if finding.better:
                parts.append(self._wrap(finding.better, "      ", f"   {self.t('better')}: "))
        if len(card.findings) > TOP_FINDINGS:
            parts.append(self.t("more_findings", n=len(card.findings) - TOP_FINDINGS))
        return "\n".join(parts)

    def ending(self, session: Session) -> str:
        """How the call ended, and why when a meter ended it."""
        assert session.ending is not None
        ending = self.scenario.endings[session.ending]
        last = session.turns[-1] if session.turns else None
        parts = [""]
        if last is not None and last.forced_by:
            label = self.scenario.meters[last.forced_by].label.get(self.lang)
            parts.append(self._wrap(self.t("forced", meter=label)))
        parts.append(self._style(f"== {self.t('ended')} ==", bold=True))
        parts.append(self._wrap(ending.text.get(self.lang)))
        verdict = self.t("success") if ending.success else self.t("not_success")
        parts.append(f"{self.t('outcome')}: {self.t('outcome_' + ending.outcome)} ({verdict})")
        parts.append(self.t("handled", clock=clock(session.clock), turns=len(session.turns)))
        return "\n".join(parts)

    def debrief(self, session: Session) -> str:
        """Every reply given, with the trainer's feedback on it."""
        parts = ["", self._style(f"-- {self.t('debrief')} --", bold=True)]
        for number, turn in enumerate(session.turns, 1):
            choice = self.scenario.states[turn.state].choice(turn.choice)
            assert choice is not None
            parts.append(self._wrap(choice.text.get(self.lang), "     ",
                                    f"{number:>2}. [{clock(turn.clock)}] "))
            if choice.feedback:
                parts.append(self._wrap(choice.feedback.get(self.lang), "     "))
        return "\n".join(parts)


Echo = Callable[[str], None]


def play_interactive(engine: Engine, session: Session, screen: Screen, echo: Echo,
                     ask: Callable[[str], str],
                     now: Callable[[], float] = time.monotonic) -> None:
    """Play until the call ends. `ask` raises click.Abort on Ctrl-C or end of input.

    In timed play, the trainee's time beyond the reading allowance is added to the clock:
    the customer waits while the agent hesitates.
    """
    while session.ending is None:
        choices = engine.choices(session)
        echo(screen.moment(session, choices))
        shown_at = now()
        choice = None
        while choice is None:
            choice = match_answer(ask(f"{screen.t('prompt')} [1-{len(choices)}]"), choices)
            if choice is None:
                echo(screen.t("wrong_key", n=len(choices)))
        thinking = 0.0
        if session.timed:
            hesitation = now() - shown_at - reading_allowance(screen.words(session, choices))
            thinking = round(max(0.0, hesitation), 1)
        engine.choose(session, choice.id, thinking)
        echo(screen.reply(choice))


def play_scripted(engine: Engine, session: Session, screen: Screen, echo: Echo,
                  answers: Iterable[tuple[int, str]], source: str) -> bool:
    """Play `(line number, answer)` pairs; return False if they ran out before the ending.

    An answer that names no reply on offer stops with an error naming its line.
    """
    lines = iter(answers)
    while session.ending is None:
        choices = engine.choices(session)
        echo(screen.moment(session, choices))
        try:
            number, answer = next(lines)
        except StopIteration:
            return False
        choice = match_answer(answer, choices)
        if choice is None:
            ids = ", ".join(c.id for c in choices)
            raise UsageError(f"{source}:{number}: '{answer}' matches no reply at "
                             f"'{session.state}' (type 1-{len(choices)} or one of: {ids})")
        engine.choose(session, choice.id)
        echo(screen.reply(choice))
    return True


def read_answers(lines: Iterable[str]) -> list[tuple[int, str]]:
    """Answers from a file: one per line; blank lines and lines starting with # are skipped."""
    out = []
    for number, line in enumerate(lines, 1):
        answer = line.strip()
        if answer and not answer.startswith("#"):
            out.append((number, answer))
    return out
