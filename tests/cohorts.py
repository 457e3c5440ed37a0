"""Small cohorts played for real, for the reports' tests: SMALL with a critical reply, and a
helper that plays and records one call at a given time."""

from __future__ import annotations

from simulator.play import Engine
from simulator.records import Store
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.conftest import SMALL

# SMALL with a reply that commits a critical error, as the reports' tests need.
CRITICAL = SMALL.replace("""      - id: hang-up
        text: {en: Goodbye., id: Sampai jumpa.}""", """      - id: tell-number
        text: {en: "Her number is 555.", id: "Nomornya 555."}
        next: safe
        critical: leak
      - id: hang-up
        text: {en: Goodbye., id: Sampai jumpa.}""").replace("endings:", """scoring:
  critical_errors:
    leak: {label: {en: Disclosed a number, id: Membocorkan nomor}}
endings:""")


def play(store: Store, scenario: Scenario, trainee: str, path: list[str], when: str,
         lang: str = "en", thinking: float = 0.0) -> str:
    """Play `path` (abandoned if it stops before an ending), record it as started at
    `when`, and return its id."""
    engine = Engine(scenario)
    session = engine.start(seed=1, trainee=trainee, lang=lang, timed=bool(thinking))
    for choice in path:
        if session.ending is None:
            engine.choose(session, choice, thinking)
    if session.ending is None:
        engine.abandon(session)
    session.started_at = session.ended_at = when
    store.save(scenario, session, score(scenario, session))
    return session.id


