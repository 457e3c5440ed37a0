"""The call as text in a terminal: the opening, each moment, the ending, scores and debrief.

Plain text that reads well at 80 columns and to a screen reader; colour only emphasises, it
never carries meaning.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from simulator.play import Session, Silenced
from simulator.present._advice import advice_lines, advise
from simulator.present._findings import Explainer
from simulator.present._safe import safe
from simulator.present._words import Words, clock
from simulator.scenario import DIMENSIONS, Choice, Scenario, Silence, fill, meter_text, pick
from simulator.scoring import Profile, Scorecard

TOP_FINDINGS = 3
SCORES = (*DIMENSIONS, "overall")


def dimension_name(words: Words, profile: Profile | None, key: str) -> str:
    """A dimension's name: the profile's own label if it gives one, else the word file's."""
    custom = profile.labels.get(words.lang, {}).get(key) if profile is not None else None
    return custom or words(f"dimension.{key}")


@dataclass(frozen=True, slots=True)
class _Terminal:
    """Text for one trainee's language, width and colour setting."""

    scenario: Scenario
    lang: str = "en"
    width: int = 80
    color: bool = False
    words: Words = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Words(self.lang))

    def _style(self, text: str, *, bold: bool = False, dim: bool = False) -> str:
        text = safe(text)  # scenario text: its own escapes never reach the terminal
        if not self.color:
            return text
        import click

        return click.style(text, bold=bold or None, dim=dim or None)

    def _wrap(self, text: str, indent: str = "", first: str | None = None) -> str:
        lines = []
        for paragraph in safe(text).strip().splitlines() or [""]:
            lines.append(textwrap.fill(
                paragraph, self.width, initial_indent=first if first is not None else indent,
                subsequent_indent=indent) or first or "")
            first = None
        return "\n".join(lines)

    def t(self, key: str, **values: object) -> str:
        """A sentence of the terminal's words (`call.<key>`)."""
        return self.words(f"call.{key}", **values)


@dataclass(frozen=True, slots=True)
class Screen(_Terminal):
    """The call as it happens: the opening, each moment, the replies."""

    def opening(self) -> str:
        s = self.scenario
        title = s.title.get(self.lang)
        rule = "=" * min(self.width, max(len(title) + 4, 40))
        parts = [rule, self._style(title, bold=True), rule]
        parts.append(self._wrap(s.summary.get(self.lang)))
        parts.append("")
        parts.append(f"{self.t('calling')}: {safe(s.customer.name)}")
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
                value = meter_text(meter, session.meters[meter.id], self.lang)
                items.append(f"{meter.label.get(self.lang)} {value}")
        return self._style("[" + " | ".join(items) + "]", dim=True)

    def moment(self, session: Session, choices: Sequence[Choice]) -> str:
        """The status line, what the customer says, and the numbered replies."""
        return self.heard(session) + "\n" + self.numbered(choices)

    def heard(self, session: Session) -> str:
        """The status line and what the customer says (type-first play shows this alone)."""
        customer, narration = self.said(session)
        parts = ["", self.status(session)]
        if narration:
            parts.append(self._wrap(f"({narration})"))
        if customer:
            name = f"{self.scenario.customer.name}: "
            parts.append(self._wrap(customer, "  ",
                                    self._style(name, bold=True)))
        return "\n".join(parts)

    def numbered(self, choices: Sequence[Choice]) -> str:
        """The replies, numbered as the trainee types them."""
        parts = [""]
        for number, choice in enumerate(choices, 1):
            label = f"{number:>2}) "
            parts.append(self._wrap(choice.text.get(self.lang), " " * len(label), label))
        return "\n".join(parts)

    def recap(self, session: Session) -> str:
        """A retry's opening words: whose call it retries, and the replies replayed."""
        if session.retry_of is None:
            return ""
        parts = ["", self._wrap(self.words("practice.retry-of", id=session.retry_of[:8],
                                           turn=session.retry_from))]
        if session.turns:
            parts.append(self._wrap(self.words("practice.replayed", n=len(session.turns))))
        for number, turn in enumerate(session.turns, 1):
            parts.append(self._wrap(turn.reply, "     ", f"{number:>2}. [{clock(turn.clock)}] "))
        return "\n".join(parts)

    # Type-first play (the customer's line is `heard`).
    def ask_words(self) -> str:
        return self.words("practice.ask-words")

    def no_words(self) -> str:
        return self.words("practice.no-words")

    def replies(self, choices: Sequence[Choice]) -> str:
        return "\n" + self._wrap(self.words("practice.pick-closest")) + self.numbered(choices)

    def said(self, session: Session) -> tuple[str, str]:
        """What the customer says and the narration now: the variant that applies, with
        meter values filled in (format 2)."""
        state = self.scenario.states[session.state]
        previous = session.turns[-1].choice if session.turns else None
        customer, narration = state.words(pick(state.variants, session.flags, session.meters,
                                               previous))
        return self.fill(customer.get(self.lang), session), self.fill(
            narration.get(self.lang), session)

    def fill(self, line: str, session: Session) -> str:
        """`{meter}` placeholders filled with the meters' values, in format 2 only."""
        if self.scenario.format < 2:
            return line
        return fill(line, self.scenario.meters, session.meters, self.lang)

    def silence(self, session: Session, heard: Silenced) -> str:
        """The customer's words into the trainee's silence, with the status line."""
        state = self.scenario.states[heard.state]
        assert state.silence is not None
        parts = ["", self.status(session)]
        if state.silence.narration:
            narration = self.fill(state.silence.narration.get(self.lang), session)
            parts.append(self._wrap(f"({narration})"))
        if state.silence.customer:
            name = f"{self.scenario.customer.name}: "
            parts.append(self._wrap(self.fill(state.silence.customer.get(self.lang), session),
                                    "  ", self._style(name, bold=True)))
        return "\n".join(parts)

    def reply(self, choice: Choice) -> str:
        return self._wrap(choice.text.get(self.lang), "  ", f"{self.t('you')}: ")

    def prompt(self, choices: Sequence[Choice]) -> str:
        return f"{self.t('prompt')} [1-{len(choices)}]"

    def wrong_key(self, choices: Sequence[Choice]) -> str:
        return self.t("wrong-key", n=len(choices))

    def reading(self, session: Session, choices: Sequence[Choice]) -> str:
        return " ".join([*self.said(session), *(c.text.get(self.lang) for c in choices)])

    def stopped(self, session: Session, ran_out: bool) -> str:
        if ran_out:
            return self.t("answers-ran-out")
        return self.t("abandoned", turn=len(session.turns) + 1)



@dataclass(frozen=True, slots=True)
class Debrief(_Terminal):
    """The call once it is over: how it ended, the scores, and every reply given."""

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
        told = ending.told(session.ending_variant).get(self.lang)
        if self.scenario.format >= 2:
            told = fill(told, self.scenario.meters, session.meters, self.lang)
        parts.append(self._wrap(told))
        verdict = self.t("success") if ending.success else self.t("not-success")
        outcome = self.words(f"outcome.{ending.outcome}")
        parts.append(f"{self.t('outcome')}: {outcome} ({verdict})")
        parts.append(self.t("handled", clock=clock(session.clock), n=len(session.turns)))
        return "\n".join(parts)

    def scores(self, card: Scorecard, profile: Profile | None = None,
               top: int = TOP_FINDINGS) -> str:
        """The scores and the overall, the verdict, critical errors, the `top` costliest
        findings."""
        w = self.words
        items = [f"{dimension_name(w, profile, d)} {w.number(card.scores[d])}" for d in SCORES]
        verdict = self.t("passed") if card.passed else self.t("failed")
        reasons = [self.t("pass-mark", mark=card.pass_mark)]
        if not card.passed:
            if card.critical_errors:
                reasons.append(self.t("why-critical"))
            if card.status == "completed" and not card.success:
                reasons.append(self.t("why-ending", outcome=w(f"outcome.{card.outcome}")))
            if card.scores["overall"] < card.pass_mark and not card.critical_errors:
                reasons.append(self.t("why-below"))
        parts = ["", self._style(f"-- {self.t('scores')} --", bold=True),
                 self._wrap(" | ".join(items)),
                 self._wrap(f"{verdict} ({'; '.join(reasons)})", "  ", "")]
        explain = Explainer(self.scenario, w)
        if card.critical_errors:
            parts.append(self.t("critical-errors") + ":")
            for error in card.critical_errors:
                label, why = explain.critical(error.to_dict())
                turn = f" ({self.t('turn')} {error.turn})" if error.turn else ""
                parts.append(self._wrap(f"{label}{turn}. {why}", "    ", "  - "))
        parts += ["", self._style(f"-- {self.t('top-findings')} --", bold=True)]
        if not card.findings:
            parts.append(self.t("no-findings"))
        for number, finding in enumerate(card.findings[:top], 1):
            shown = explain.finding(finding.to_dict())
            turn = f", {self.t('turn')} {finding.turn}" if finding.turn else ""
            dimension = (f"{dimension_name(w, profile, finding.dimension)} "
                         f"-{w.number(finding.points)}{turn}")
            head = (f"{number}. {dimension}: " if card.critical_errors else
                    f"{number}. -{w.number(finding.overall)} "
                    f"{dimension_name(w, profile, 'overall')} ({dimension}): ")
            parts.append(self._wrap(head + shown.message, "   ", ""))
            if shown.did:
                parts.append(self._wrap(shown.did, "      ", f"   {self.t('you')}: "))
            if shown.better:
                parts.append(self._wrap(shown.better, "      ", f"   {self.t('better')}: "))
        if len(card.findings) > top:
            parts.append(self.t("more-findings", n=len(card.findings) - top))
        return "\n".join(parts)

    def debrief(self, session: Session, *, better: Sequence[Choice | None] = (),
                notes: Mapping[int, Sequence[str]] | None = None,
                thinking: bool = False) -> str:
        """Every reply given, with the trainer's feedback on it, the words the trainee typed
        first and their advisory note, and every silence; replies a retry replayed are
        marked. A review adds the better reply where it differs (`better`, per turn), the
        thinking time and the coach's notes on each reply (`notes`, by turn number, already
        in words)."""
        parts = ["", self._style(f"-- {self.t('debrief')} --", bold=True)]
        if session.retry_of is not None:
            parts.append(self._wrap(self.words("practice.retry-of", id=session.retry_of[:8],
                                               turn=session.retry_from)))
        for number, turn in enumerate(session.turns, 1):
            parts += self._silences(session, number - 1)
            choice = self.scenario.states[turn.state].choice(turn.choice)
            text = choice.text.get(self.lang) if choice else turn.reply
            if session.retry_from is not None and number < session.retry_from:
                text = f"({self.words('practice.replayed-mark')}) {text}"
            parts.append(self._wrap(text, "     ", f"{number:>2}. [{clock(turn.clock)}] "))
            if choice is not None and choice.feedback:
                parts.append(self._wrap(choice.feedback.get(self.lang), "     "))
            parts.extend(self.typed(turn.typed))
            best = better[number - 1] if number <= len(better) else None
            if best is not None and best.id != turn.choice:
                parts.append(self._wrap(best.text.get(self.lang), "       ",
                                        f"     {self.words('practice.better')}: "))
            if thinking and turn.thinking:
                parts.append(self._wrap(self.words("practice.thinking",
                                                   seconds=self.words.number(turn.thinking)),
                                        "     "))
            for line in (notes or {}).get(number, ()):
                parts.append(self._wrap(line, "       ", "     "))
        parts += self._silences(session, len(session.turns))
        return "\n".join(parts)

    def _silences(self, session: Session, after: int) -> list[str]:
        """The silences that came after `after` replies."""
        lines = []
        for heard in session.silences:
            silence = self.scenario.states[heard.state].silence
            if heard.turn == after and silence is not None:
                lines.append(self._wrap(silence_line(self.scenario, silence, self.words),
                                        "     ", f"    [{clock(heard.clock)}] "))
        return lines

    def typed(self, typed: str | None) -> list[str]:
        """The words typed first, quoted, with the advisory note on them."""
        if typed is None:
            return []
        lines = [self._wrap(f"“{printable(typed)}”", "       ",
                            f"     {self.words('practice.typed')}: ")]
        advice = advise(typed, self.scenario.customer.name)
        lines += [self._wrap(line, "       ", "     ")
                  for line in advice_lines(advice, self.words)]
        return lines


_PICTURES = {**{code: chr(0x2400 + code) for code in range(32)}, 127: "\u2421"}


def printable(text: str) -> str:
    """Untrusted text (typed words, coach notes) safe for a terminal: control characters
    shown as their pictures (ESC as ␛), C1 controls and bidirectional overrides replaced,
    so nothing typed can move the cursor, colour the screen or reorder what is shown."""
    out = []
    for char in text:
        code = ord(char)
        if code in _PICTURES:
            out.append(_PICTURES[code])
        elif 0x80 <= code < 0xA0 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def silence_line(scenario: Scenario, silence: Silence, words: Words) -> str:
    """What a silence the trainee let happen did, for the debrief and the session report:
    "(You said nothing for 20 seconds: the call went on without you.) Suspicion +15."
    Only the meters the trainee can see are named."""
    moved = [f"{meter.label.get(words.lang)} {'+' if silence.change[meter.id] > 0 else '-'}"
             f"{words.number(abs(silence.change[meter.id]))}"
             for meter in scenario.meters.values()
             if meter.shown and silence.change.get(meter.id)]
    said = words("call.silent", n=silence.after)
    return said + (" " + words.join(moved) + "." if moved else "")
