"""Calls kept as JSON files, because they could not be recorded when they ended, put into
the records: read, scored again with their scenario, saved, and the file removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import AgentsimError, SessionError
from simulator.play import Session
from simulator.records._store import Store
from simulator.scenario import Scenario
from simulator.scoring import Profile, score

MAX_KEPT_BYTES = 16 * 1024 * 1024  # a kept call is a few kilobytes; anything huge is not one


@dataclass(frozen=True, slots=True)
class Recovered:
    """What became of one kept file: `recorded`, `already` (it was in the records) or
    `failed`, with why."""

    path: Path
    outcome: str
    session: str = ""
    why: str = ""


def kept_files(folders: Iterable[Path]) -> list[Path]:
    """The kept calls (`*.json`) in these folders, oldest first."""
    found = [p for folder in folders if folder.is_dir() for p in folder.glob("*.json")]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def recover(store: Store, path: Path, scenarios: Callable[[str], Scenario | None],
            profile: Profile | None = None) -> Recovered:
    """Put the call kept in `path` into the records and remove the file once it is there.

    A file that cannot be read, whose scenario cannot be found, or that cannot be saved is
    left where it is, with why.
    """
    try:
        session = _read(path)
    except (OSError, SessionError, UnicodeDecodeError) as err:
        return Recovered(path, "failed", why=_reason(err))
    scenario = scenarios(session.scenario)
    if scenario is None:
        return Recovered(path, "failed", session.id, f"no scenario '{session.scenario}' "
                         "among the scenarios (give --scenarios DIR)")
    if _recorded(store, session.id):
        path.unlink(missing_ok=True)
        return Recovered(path, "already", session.id)
    try:
        card = score(scenario, session, profile)
        store.save(scenario, session, card)
    except AgentsimError as err:
        return Recovered(path, "failed", session.id, str(err).splitlines()[0])
    except (ValueError, KeyError) as err:  # a session the scenario no longer fits
        return Recovered(path, "failed", session.id, f"it does not fit the scenario "
                         f"'{scenario.id}' as it is now ({type(err).__name__}: {err})")
    path.unlink(missing_ok=True)
    return Recovered(path, "recorded", session.id)


def _read(path: Path) -> Session:
    with path.open("rb") as kept:
        data = kept.read(MAX_KEPT_BYTES + 1)
    if len(data) > MAX_KEPT_BYTES:
        raise SessionError("too large to be a kept call")
    session = Session.from_json(data.decode("utf-8-sig"))
    if session.status == "playing":
        raise SessionError("the call had not ended")
    return session


def _recorded(store: Store, session_id: str) -> bool:
    try:
        store.record(session_id)
    except AgentsimError:
        return False
    return True


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError):
        return (err.strerror or str(err)).lower()
    if isinstance(err, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return str(err)
