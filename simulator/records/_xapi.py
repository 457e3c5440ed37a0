"""Recorded sessions as xAPI 1.0.3 statements for a learning record store (pure, no I/O).

Per session: one `answered` per reply (a `cmi.interaction` of type `choice`), then
`completed` with `passed` or `failed`; an abandoned call (incomplete: it has no scores)
gives `abandoned` instead. The results follow cmi5's rules for these verbs: `completed`
carries completion and duration and never a score or success; `passed` and `failed` carry
success, the score (an integer `raw`, as cmi5 asks) and the duration. The statements are not
cmi5 "cmi5 defined" statements (no cmi5 category): no LMS launched the call. Everything
comes from the records and the scenario as it was played, so building twice gives the same
statements, ids and timestamps included; a call's timestamps are distinct and in order.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.errors import UsageError
from simulator.play import Turn, trainee_key
from simulator.records._store import Store
from simulator.records._tables import Record
from simulator.scenario import DIMENSIONS, Choice, Scenario, Text
from simulator.scoring import Profile, best_replies, empathy_credits

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://agentsim.invalid"

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "answered": ADL + "answered",
    "completed": ADL + "completed",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"

# Statement ids are UUID v5 names in this namespace: session id, kind, turn.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://agentsim.invalid/xapi/statements")

Statement = dict[str, Any]


@dataclass(frozen=True, slots=True)
class XapiSettings:
    """Where the statements point: the base of every IRI, and whose accounts trainees are.

    `key` is the secret that turns a trainee's name into their pseudonymous account name.
    """

    base: str = DEFAULT_BASE
    home_page: str = DEFAULT_BASE
    key: str = ""

    @classmethod
    def checked(cls, base: str | None, home_page: str | None, key: str) -> XapiSettings:
        """Settings from what an administrator gave (None: the default), checked."""
        for name, value in (("--base", base), ("--home-page", home_page)):
            if value is not None and not _is_web_address(value):
                raise UsageError(f"{name} '{value}' is not an http:// or https:// address")
        return cls((base or DEFAULT_BASE).rstrip("/"), home_page or DEFAULT_BASE, key)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The settings still at the placeholder address (`--base`, `--home-page`): an LRS
        keeps statements under them that no one can tell from another seat's."""
        return tuple(name for name, value in (("--base", self.base),
                                              ("--home-page", self.home_page))
                     if value.rstrip("/") == DEFAULT_BASE)

    def scenario_iri(self, scenario: str) -> str:
        return f"{self.base.rstrip('/')}/scenarios/{scenario}"

    def state_iri(self, scenario: str, state: str) -> str:
        return f"{self.scenario_iri(scenario)}/states/{state}"

    def extension(self, name: str) -> str:
        return f"{self.base.rstrip('/')}/xapi/extensions/{name}"


def xapi_settings(store: Store, base: str | None = None,
                  home_page: str | None = None) -> XapiSettings:
    """Settings from the options given, else the environment (`AGENTSIM_XAPI_BASE`,
    `AGENTSIM_XAPI_HOME_PAGE`), else the defaults; the pseudonym key from `AGENTSIM_XAPI_KEY`
    or the records."""
    key = os.environ.get("AGENTSIM_XAPI_KEY") or store.secret("xapi-trainee-key")
    return XapiSettings.checked(base or os.environ.get("AGENTSIM_XAPI_BASE"),
                                home_page or os.environ.get("AGENTSIM_XAPI_HOME_PAGE"), key)


def statements_json(records: Iterable[Record], scenarios: Callable[[str], Scenario | None],
                    settings: XapiSettings) -> str:
    """Every statement of the records as one JSON document (`export --format xapi`)."""
    return "".join(statements_pieces(records, scenarios, settings))


def statements_pieces(records: Iterable[Record], scenarios: Callable[[str], Scenario | None],
                      settings: XapiSettings) -> Iterator[str]:
    """`statements_json`, a statement at a time: for exports of any size."""
    from simulator.records._export import json_array

    every = (s for r in records for s in session_statements(r, scenarios(r.scenario),
                                                             settings))
    yield from json_array(every)
    yield "\n"


def trainee_id(name: str, key: str) -> str:
    """A trainee's pseudonym: a keyed hash of the name, the same for every session.

    Without the key nobody can tell whose it is, not even by hashing a list of names.
    Names that are the same trainee ("Dewi", "dewi ") have the same pseudonym.
    """
    digest = hmac.new(key.encode(), trainee_key(name).encode(), hashlib.sha256).hexdigest()
    return f"trainee-{digest[:32]}"


def statement_id(session_id: str, kind: str, turn: int | None = None) -> str:
    """The deterministic id of one statement: sent twice, it is still one statement."""
    name = f"{session_id}/{kind}" if turn is None else f"{session_id}/{kind}/{turn}"
    return str(uuid.uuid5(NAMESPACE, name))


def duration(seconds: float) -> str:
    """An ISO 8601 duration, to the hundredth of a second: 754.5 -> 'PT12M34.5S'."""
    centis = round(max(0.0, seconds) * 100)
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6_000)
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if centis or out == "PT":
        out += f"{centis // 100}" + (f".{centis % 100:02d}".rstrip("0") if centis % 100 else "")
        out += "S"
    return out


def timestamp(moment: datetime) -> str:
    """UTC, to the millisecond, as xAPI recommends."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statements(records: Iterable[Record], scenarios: Callable[[str], Scenario | None],
               settings: XapiSettings, profile: Profile | None = None) -> list[Statement]:
    """Every statement of the records, session after session."""
    out: list[Statement] = []
    for record in records:
        out.extend(session_statements(record, scenarios(record.scenario), settings, profile))
    return out


def session_statements(record: Record, scenario: Scenario | None, settings: XapiSettings,
                       profile: Profile | None = None) -> list[Statement]:
    """The statements of one session (with its turns).

    `scenario` is used only if it is the version that was played (same digest): the best
    replies and the rubric of another version would judge the call by other rules.
    """
    played = scenario if scenario is not None and scenario.digest == record.digest else None
    session = _Session(record, played, settings)
    # A retry's replayed replies were answered in the call it retried: only the replies
    # given in this attempt are `answered` here.
    first = record.retry_from or 1
    out = [session.answered(turn, best, credit)
           for turn, best, credit in zip(record.turns, *session.judged(profile), strict=True)
           if turn.number >= first]
    if record.status == "abandoned":
        out.append(session.abandoned())
    else:
        out.append(session.completed())
        out.append(session.passed_or_failed())
    return _in_order(out)


def _in_order(statements: list[Statement]) -> list[Statement]:
    """The statements with distinct timestamps in their order: each at least a millisecond
    before the next, the last where it was (the call's end). Scripted play answers within
    one millisecond, and an LRS orders a call's statements by their timestamps."""
    later: datetime | None = None
    for statement in reversed(statements):
        moment = datetime.fromisoformat(statement["timestamp"])
        if later is not None and moment >= later:
            moment = later - timedelta(milliseconds=1)
            statement["timestamp"] = timestamp(moment)
        later = moment
    return statements


class _Session:
    """Builds the statements of one recorded session."""

    def __init__(self, record: Record, scenario: Scenario | None,
                 settings: XapiSettings) -> None:
        self.record = record
        self.scenario = scenario
        self.settings = settings
        self.started = _parse(record.started_at)
        self.ended = max(self.started, _parse(record.ended_at))

    def judged(self, profile: Profile | None) -> tuple[list[Choice | None],
                                                       list[float | None]]:
        """The best reply and the empathy credit of each turn (None where not known)."""
        turns = self.record.turns
        if self.scenario is None:
            return [None] * len(turns), [None] * len(turns)
        return (best_replies(self.scenario, turns, profile),
                empathy_credits(self.scenario, turns, profile))

    # -- statements ------------------------------------------------------------------------

    def answered(self, turn: Turn, best: Choice | None,
                 credit: float | None) -> Statement:
        ext = self.settings.extension
        extensions: dict[str, Any] = {
            ext("reply"): turn.reply,
            ext("actions"): list(turn.actions),
            ext("simulated-clock"): turn.clock,
        }
        if turn.typed is not None:
            # A choice interaction's response is the id of the reply chosen (xAPI 1.0.3,
            # Response Patterns); the trainee's own words go beside it as an extension.
            extensions[ext("typed")] = turn.typed
        choice = _choice(self.scenario, turn)
        if choice is not None:
            extensions[ext("behaviours")] = list(choice.behaviours)
        if credit is not None:
            extensions[ext("empathy-credit")] = round(credit, 4)
        result: dict[str, Any] = {"response": turn.choice}
        if best is not None:
            result["success"] = best.id == turn.choice
            extensions[ext("best-reply")] = best.id
        result["duration"] = duration(turn.thinking)
        result["extensions"] = extensions
        return self._statement(
            "answered", self._interaction(turn.state, best), result, self._when(turn),
            turn=turn.number,
            parent={"objectType": "Activity",
                    "id": self.settings.scenario_iri(self.record.scenario)})

    def completed(self) -> Statement:
        result = {"completion": True, "duration": duration(self.record.clock)}
        return self._statement("completed", self._activity(), result, self.ended)

    def passed_or_failed(self) -> Statement:
        record, ext = self.record, self.settings.extension
        overall = record.scores["overall"]
        result = {
            "score": {"scaled": round(overall / 100, 4), "raw": raw_score(overall),
                      "min": 0, "max": 100},
            "success": record.passed,
            "duration": duration(record.clock),
            "extensions": {
                **{ext(name): record.scores[name] for name in DIMENSIONS
                   if name in record.scores},
                ext("ending"): record.ending,
                ext("outcome"): record.outcome,
                ext("critical-errors"): [e["id"] for e in record.critical_errors],
            },
        }
        kind = "passed" if record.passed else "failed"
        return self._statement(kind, self._activity(), result, self.ended,
                               context_extensions={ext("pass-mark"): record.pass_mark})

    def abandoned(self) -> Statement:
        result = {"duration": duration(self.record.clock)}
        return self._statement("abandoned", self._activity(), result, self.ended)

    # -- parts -----------------------------------------------------------------------------

    def _statement(self, kind: str, activity: Statement, result: Statement, when: datetime,
                   *, turn: int | None = None, parent: Statement | None = None,
                   context_extensions: Mapping[str, Any] | None = None) -> Statement:
        record, ext = self.record, self.settings.extension
        context: dict[str, Any] = {
            "registration": record.id,
            "revision": str(record.scenario_version),
            "platform": "agentsim",
            "language": record.lang,
        }
        if parent is not None:
            context["contextActivities"] = {"parent": [parent]}
        context["extensions"] = {
            ext("scenario"): record.scenario,
            ext("scenario-version"): record.scenario_version,
            ext("scenario-digest"): record.digest,
            ext("timed"): record.timed,
            **(context_extensions or {}),
        }
        if record.practice:  # only then: a first attempt's statements stay as they were
            context["extensions"].update({ext("practice"): True,
                                          ext("retry-of"): record.retry_of,
                                          ext("retry-from"): record.retry_from})
        return {
            "id": statement_id(record.id, kind, turn),
            "version": XAPI_VERSION,
            "actor": {"objectType": "Agent", "account": {
                "homePage": self.settings.home_page,
                "name": trainee_id(record.trainee, self.settings.key)}},
            "verb": {"id": VERBS[kind], "display": {"en-US": kind}},
            "object": activity,
            "result": result,
            "context": context,
            "timestamp": timestamp(when),
        }

    def _activity(self) -> Statement:
        """The scenario, as the activity a session is about."""
        definition: dict[str, Any] = {"type": SIMULATION}
        if self.scenario is not None:
            definition.update(_named("name", self.scenario.title))
            definition.update(_named("description", self.scenario.summary))
        return {"objectType": "Activity",
                "id": self.settings.scenario_iri(self.record.scenario),
                "definition": definition}

    def _interaction(self, state_id: str, best: Choice | None) -> Statement:
        """A moment of the call, as a choice interaction: the customer's words, the replies,
        and the best reply from where the trainee was as its correct response."""
        definition: dict[str, Any] = {"type": INTERACTION, "interactionType": "choice"}
        state = self.scenario.states.get(state_id) if self.scenario else None
        if state is not None:
            definition.update(_named("description", state.customer))
            if best is not None:
                definition["correctResponsesPattern"] = [best.id]
            definition["choices"] = [{"id": c.id, **_named("description", c.text)}
                                     for c in state.choices]
        return {"objectType": "Activity",
                "id": self.settings.state_iri(self.record.scenario, state_id),
                "definition": definition}

    def _when(self, turn: Turn) -> datetime:
        """When a reply was given: between the real start and end of the call, in proportion
        to the simulated clock (the records keep real times for the call, not each reply)."""
        total = self.record.clock or max((t.clock for t in self.record.turns), default=0.0)
        share = min(1.0, turn.clock / total) if total > 0 else 1.0
        return self.started + (self.ended - self.started) * share


def _choice(scenario: Scenario | None, turn: Turn) -> Choice | None:
    state = scenario.states.get(turn.state) if scenario else None
    return state.choice(turn.choice) if state else None


def raw_score(overall: float) -> int:
    """The overall as cmi5's integer `raw`: cut to a whole number, never rounded up, so a
    call that failed below the pass mark never shows a raw score at it (69.6 is 69)."""
    return math.floor(round(overall, 6))


def _named(key: str, text: Text) -> dict[str, dict[str, str]]:
    """A language map under `key`, or nothing when the text is empty (xAPI allows no
    empty values)."""
    values = {lang: value for lang, value in text.values.items() if value.strip()}
    return {key: values} if values else {}


def _is_web_address(value: str) -> bool:
    parsed = urllib.parse.urlsplit(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def _parse(stamp: str) -> datetime:
    """A stored time; one without a zone is taken as UTC."""
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
