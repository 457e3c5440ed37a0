"""The trainee's desk in a terminal: the call as the screen shows it, then the call scored,
recorded, reported and debriefed.

A call that cannot be recorded is kept as a JSON file; a report that cannot be written is
said so; neither stops the trainee from seeing how the call went.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.play import Closing, Session, keep_unrecorded
from simulator.present._findings import Explainer
from simulator.present._screen import Debrief, Screen
from simulator.scoring import Profile, Scorecard, load_profile, score


def unsaved_folder() -> Path:
    """Where calls that could not be recorded are kept: `AGENTSIM_UNSAVED` or
    ~/agentsim-unsaved."""
    return Path(os.environ.get("AGENTSIM_UNSAVED") or Path.home() / "agentsim-unsaved")


@dataclass(frozen=True, slots=True)
class Desk:
    """A `simulator.play.Desk` for the terminal: shows the call, then closes it."""

    screen: Screen
    db: str | None = None
    profile: Profile | None = None
    save: bool = True
    as_json: bool = False

    # The moments of the call, as the screen shows them.
    def opening(self) -> str:
        return self.screen.opening()

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

    def stopped(self, session: Session, ran_out: bool) -> str:
        return self.screen.stopped(session, ran_out)

    def finish(self, session: Session) -> Closing:
        """Score the call, record it with its report, and say how it went."""
        scenario = self.screen.scenario
        profile = self.profile or load_profile()
        card = score(scenario, session, profile)
        kept = self.screen.t("not-saved")
        if self.save:
            kept = self._record(session, card, profile)
        if self.as_json:
            return Closing(json.dumps({**card_json(card, Explainer(scenario, self.screen.words)),
                                       "session": session.to_dict()}, ensure_ascii=False), kept)
        if session.ending is None:
            return Closing("", kept)
        debrief = Debrief(self.screen.scenario, self.screen.lang, self.screen.width,
                          self.screen.color)
        shown = "\n".join((debrief.ending(session), debrief.scores(card, profile),
                           debrief.debrief(session), "", kept))
        return Closing(shown, kept)

    def _record(self, session: Session, card: Scorecard, profile: Profile) -> str:
        from simulator.errors import StoreError
        from simulator.present._report import render
        from simulator.present._session_report import session_view
        from simulator.records import Store, reports_folder

        scenario = self.screen.scenario
        try:
            store = Store(self.db)
            try:
                store.save(scenario, session, card)
                record = store.record(session.id)
            finally:
                store.close()
        except StoreError as err:
            path = keep_unrecorded(session, unsaved_folder())
            return f"{err.render()}\nThe session was kept in {path}."
        folder = reports_folder(self.db)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"session-{session.id[:8]}.html"
        view = session_view(record, scenario, profile, session.lang)
        path.write_text(render("session.html", view), encoding="utf-8")
        return self.screen.t("saved", id=session.id[:8], path=path)


def card_json(card: Scorecard, explain: Explainer) -> dict[str, Any]:
    """A scorecard as JSON: its data, with each finding and critical error also in words."""
    data = card.to_dict()
    for finding in data["findings"]:
        shown = explain.finding(finding)
        finding.update(message=shown.message, did=shown.did, better=shown.better)
    for error in data["critical_errors"]:
        error["label"], error["why"] = explain.critical(error)
    return data
