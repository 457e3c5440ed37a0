"""A linked set of reports in one folder (`agentsim report --all -o DIR`): the cohort report,
every trainee's and every session's, linked cohort -> trainee -> session and back. Also the
checks of a report's filters: a trainee named in any case, a scenario that exists.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import NotFoundError, OutputError, UsageError, did_you_mean
from simulator.play import trainee_key
from simulator.present._cohort import cohort_view
from simulator.present._floor import FloorFunction, judgement_floor, kept_floor
from simulator.present._items import best_by_state
from simulator.present._report import Links, render, session_file, trainee_files
from simulator.present._session_report import session_view
from simulator.present._trainee import trainee_view
from simulator.records import Cohort, Filters, Store, write_file
from simulator.scenario import Scenarios
from simulator.scoring import Profile

COHORT = "cohort.html"


def resolve_trainee(name: str, known: Sequence[str]) -> str:
    """The trainee the records know by `name`: any spelling that is the same name once tidied
    and compared without regard to case ('DEWI ' finds 'dewi', as `history` does); an
    error that suggests a close name when there is none."""
    key = trainee_key(name)
    matches = sorted(k for k in known if trainee_key(k) == key)
    if matches:
        return name if name in matches else matches[0]
    folded = {trainee_key(k): k for k in known}
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    hint = f" (did you mean '{folded[close[0]]}'?)" if close else ""
    raise NotFoundError(f"no trainee '{name}' in the records{hint}")


def check_scenario(scenario: str | None, known: Sequence[str]) -> None:
    """Refuse a scenario filter that names no scenario the records or the catalog know."""
    if scenario is not None and scenario not in known:
        raise NotFoundError(f"no scenario '{scenario}' in the records or the scenario folder"
                            f"{did_you_mean(scenario, known)}")


def cohort_report(store: Store, scenarios: Scenarios, profile: Profile, filters: Filters,
                  lang: str = "en", links: Links | None = None,
                  floor: FloorFunction | None = None) -> tuple[str, Cohort]:
    """The cohort report as HTML, with the figures it shows. The database sums the figures
    (`Store.cohort`) while this process loads every scenario, searches its best path and
    finds its floor: the two overlap, as SQLite and PostgreSQL work outside Python's lock."""
    floor = floor or kept_floor(judgement_floor, store)
    with ThreadPoolExecutor(max_workers=1) as pool:
        figures = pool.submit(store.cohort, filters)
        ids = [filters.scenario] if filters.scenario else _catalog_ids(scenarios)
        for scenario_id in ids:
            scenario = scenarios.get(scenario_id)
            if scenario is not None:
                best_by_state(scenario, profile)
                floor(scenario, profile)
        data = figures.result()
    return render("cohort.html", cohort_view(data, scenarios, profile, lang,
                                             links=links or Links(), floor=floor)), data


def _catalog_ids(scenarios: Scenarios) -> list[str]:
    try:
        return scenarios.catalog.ids()
    except UsageError:  # no scenario folder: the records name the scenarios
        return []


@dataclass(frozen=True, slots=True)
class Written:
    """What `write_all` wrote."""

    trainees: int
    sessions: int
    folder: Path


def write_all(store: Store, scenarios: Scenarios, profile: Profile, folder: Path,
              filters: Filters, lang: str | None = None) -> Written:
    """Write the cohort report, every trainee's and every session's into `folder`, linked.

    Trainees are read one at a time, so memory holds one trainee's calls, not all of them.
    """
    try:  # the folder itself, as `-o DIR` names it; a missing parent is the user's to make
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot make the folder {folder}: "
                          f"{(err.strerror or str(err)).lower()}") from None
    files = trainee_files(store.trainees())  # the same name for a trainee in every set
    html, data = cohort_report(store, scenarios, profile, filters, lang or "en",
                               Links(cohort=COHORT, trainees=files))
    write_file(folder / COHORT, html)
    # One report per trainee, however the records spell the name ("Dewi", "dewi ").
    names = sorted({trainee_key(p.trainee): p.trainee for p in data.pairs}.values())
    sessions = 0
    for name in names:
        records = [r for r in store.records(trainee=name, scenario=filters.scenario,
                                            since=filters.start, with_turns=True,
                                            with_notes=True)
                   if filters.holds(r.started_at)]
        mine = Links(cohort=COHORT, trainees=files, sessions=frozenset(r.id for r in records))
        write_file(folder / files[name], render("trainee.html", trainee_view(
            name, records, scenarios, profile, lang or "en", links=mine)))
        for record in records:
            view = session_view(record, scenarios.get(record.scenario), profile, lang,
                                links=mine)
            write_file(folder / session_file(record.id), render("session.html", view))
            sessions += 1
    return Written(trainees=len(names), sessions=sessions, folder=folder)
