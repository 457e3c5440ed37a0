"""The trainee's desk in a terminal: the call as the screen shows it, then the call scored,
recorded, reported and debriefed.

A call that cannot be recorded, for any reason, is kept as a JSON file (`agentsim recover`
puts it in the records later) and the exit code says so; a report that cannot be written is
said so; neither stops the trainee from seeing how the call went.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.errors import AgentsimError
from simulator.play import (
    EXIT_UNRECORDED,
    Closing,
    Session,
    Silenced,
    fallback_folder,
    keep_unrecorded,
)
from simulator.present._findings import Explainer
from simulator.present._safe import safe, safe_json
from simulator.present._screen import Debrief, Screen
from simulator.present._words import Words
from simulator.scoring import Profile, Scorecard, load_profile, score


def unsaved_folder() -> Path:
    """Where calls that could not be recorded are kept: `AGENTSIM_UNSAVED` or
    ~/agentsim-unsaved."""
    return Path(os.environ.get("AGENTSIM_UNSAVED") or Path.home() / "agentsim-unsaved")


def kept_folders() -> list[Path]:
    """Every folder a call that could not be recorded may be kept in, the usual one first
    (the system's temporary folder when that one could not be written)."""
    return [unsaved_folder(), fallback_folder()]


@dataclass(frozen=True, slots=True)
class Desk:
    """A `simulator.play.Desk` for the terminal: shows the call, then closes it."""

    screen: Screen
    db: str | None = None
    profile: Profile | None = None
    save: bool = True
    as_json: bool = False
    recap: str = ""  # a retry's replayed replies, shown after the opening

    # The moments of the call, as the screen shows them.
    def opening(self) -> str:
        return self.screen.opening() + (f"\n{self.recap}" if self.recap else "")

    def moment(self, session: Session, choices: Any) -> str:
        return self.screen.moment(session, choices)

    def reply(self, choice: Any) -> str:
        return self.screen.reply(choice)

    def prompt(self, choices: Any) -> str:
        return self.screen.prompt(choices)

    def wrong_key(self, choices: Any) -> str:
        return self.screen.wrong_key(choices)

    def reading(self, session: Session, choices: Any) -> str:
        return self.screen.reading(session, choices)

    def silence(self, session: Session, heard: Silenced) -> str:
        return self.screen.silence(session, heard)

    def stopped(self, session: Session, ran_out: bool) -> str:
        return self.screen.stopped(session, ran_out)

    # Type-first play.
    def heard(self, session: Session) -> str:
        return self.screen.heard(session)

    def ask_words(self) -> str:
        return self.screen.ask_words()

    def no_words(self) -> str:
        return self.screen.no_words()

    def replies(self, choices: Any) -> str:
        return self.screen.replies(choices)

    def finish(self, session: Session) -> Closing:
        """Score the call, record it with its report, and say how it went.

        Whatever goes wrong while recording, the call is kept as a JSON file and the exit
        code says it was not recorded; a report that cannot be written is only said so.
        """
        scenario = self.screen.scenario
        profile = self.profile or load_profile()
        card = score(scenario, session, profile)
        kept, code = self.screen.t("not-saved"), 0
        if self.save:
            kept, code = self._record(session, card, profile)
        kept = safe(kept)
        if self.as_json:
            return Closing(json.dumps({**card_json(card, Explainer(scenario, self.screen.words)),
                                       "session": session.to_dict()}, ensure_ascii=False),
                           kept, code)
        if session.ending is None:
            return Closing("", kept, code)
        debrief = Debrief(self.screen.scenario, self.screen.lang, self.screen.width,
                          self.screen.color)
        parts = [debrief.ending(session), debrief.scores(card, profile),
                 debrief.debrief(session)]
        if not code:  # a call that was not recorded is said so on standard error
            parts += ["", kept]
        return Closing("\n".join(parts), kept, code)

    def _record(self, session: Session, card: Scorecard, profile: Profile) -> tuple[str, int]:
        """Record the call, then write its report; what to say, and the exit code."""
        from simulator.records import Store

        scenario = self.screen.scenario
        try:
            store = Store(self.db)
            try:
                store.save(scenario, session, card)
                record = store.record(session.id)
            finally:
                store.close()
        except Exception as err:  # anything at all: the call is kept, never lost
            return self._keep(session, _why(err)), EXIT_UNRECORDED
        try:
            path = self._report(record, profile, session)
        except Exception as err:  # the call is recorded: say so, carry on
            return self.words("safety.no-report", id=session.id[:8], why=_why(err)), 0
        return self.screen.t("saved", id=session.id[:8], path=path), 0

    def _keep(self, session: Session, why: str) -> str:
        try:
            path = keep_unrecorded(session, unsaved_folder())
        except OSError as err:
            return self.words("safety.unkept", why=why, kept=_why(err),
                              json=safe_json(session.to_json()))
        return self.words("safety.unrecorded", why=why, path=path)

    def _report(self, record: Any, profile: Profile, session: Session) -> Path:
        from simulator.present._report import render
        from simulator.present._session_report import session_view
        from simulator.records import reports_folder, write_file

        folder = reports_folder(self.db)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"session-{session.id[:8]}.html"
        view = session_view(record, self.screen.scenario, profile, session.lang)
        write_file(path, render("session.html", view))
        return path

    @property
    def words(self) -> Words:
        return self.screen.words


def _why(err: BaseException) -> str:
    """An error in one line: our own errors as they render, others with their kind."""
    if isinstance(err, AgentsimError):
        return str(err).splitlines()[0] if str(err) else type(err).__name__
    if isinstance(err, OSError) and err.strerror:
        where = f": {err.filename}" if err.filename else ""
        return f"{err.strerror.lower()}{where}"
    return f"{type(err).__name__}: {err}".splitlines()[0]


def card_json(card: Scorecard, explain: Explainer) -> dict[str, Any]:
    """A scorecard as JSON: its data, with each finding and critical error also in words."""
    data = card.to_dict()
    for finding in data["findings"]:
        shown = explain.finding(finding)
        finding.update(message=shown.message, did=shown.did, better=shown.better)
    for error in data["critical_errors"]:
        error["label"], error["why"] = explain.critical(error)
    return data
