"""xAPI statements and `agentsim xapi push`, tested against a real LRS: ralph, on loopback."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.errors import LrsError
from simulator.play import Engine
from simulator.records import Lrs, Record, Store, XapiSettings, push, session_statements
from simulator.records._xapi import VERBS, duration, raw_score, statement_id, trainee_id
from simulator.scenario import Catalog, Scenario, load_scenario
from simulator.scoring import score

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).resolve().parent / "ralph_lrs.py"
USER, PASSWORD = "agentsim-lms", "s3cret-Pa55word"
SETTINGS = XapiSettings(key="test-key")
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy

BEST = ["ask-location-first", "order-taxi-now", "battery-tips", "warmth-advice",
        "plan-callback", "watch-and-ring-back", "confirm-pickup-details", "see-him-in",
        "aftercare-advice"]
TRANSFER = ["ask-location-first", "transfer-roadside", "retry-transfer"]
STARTED, ENDED = "2026-11-25T09:00:00.000+00:00", "2026-11-25T09:10:00.000+00:00"


@pytest.fixture(scope="module")
def highway() -> Scenario:
    return load_scenario(Catalog.builtin().find("frozen-highway"))


@pytest.fixture
def store(records: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{records}")
    yield opened
    opened.close()


def save(store: Store, scenario: Scenario, path: Sequence[str], trainee: str = "Dewi Lestari",
         lang: str = "en", thinking: float = 2.5) -> Record:
    engine = Engine(scenario)
    session = engine.start(seed=1, trainee=trainee, lang=lang)
    for choice in path:
        engine.choose(session, choice, thinking=thinking)
    if session.ending is None:
        engine.abandon(session)
    session.started_at, session.ended_at = STARTED, ENDED
    store.save(scenario, session, score(scenario, session))
    return store.record(session.id)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests talk to 127.0.0.1 only, never through a proxy from the environment."""
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


def by_verb(statements: list[dict[str, Any]], verb: str) -> list[dict[str, Any]]:
    return [s for s in statements if s["verb"]["id"] == VERBS[verb]]


# -- the statements ------------------------------------------------------------------------

def test_one_answered_per_reply_then_completed_and_passed(store: Store,
                                                          highway: Scenario) -> None:
    record = save(store, highway, BEST)
    statements = session_statements(record, highway, SETTINGS)
    assert [s["verb"]["id"] for s in statements] == (
        [VERBS["answered"]] * len(BEST) + [VERBS["completed"], VERBS["passed"]])
    first = statements[0]
    assert first["object"]["id"] == (
        "https://agentsim.invalid/scenarios/frozen-highway/states/opening")
    definition = first["object"]["definition"]
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == "choice"
    assert "ask-location-first" in [c["id"] for c in definition["choices"]]
    for statement, choice in zip(statements, BEST, strict=False):
        assert statement["result"]["response"] == choice
        assert statement["result"]["success"] is True
        assert statement["result"]["duration"] == "PT2.5S"
        assert statement["context"]["contextActivities"]["parent"][0]["id"] == (
            "https://agentsim.invalid/scenarios/frozen-highway")
    extensions = first["result"]["extensions"]
    ext = SETTINGS.extension
    assert extensions[ext("empathy-credit")] == 1.0
    assert extensions[ext("behaviours")]
    assert extensions[ext("best-reply")] == "ask-location-first"
    taxi = statements[1]["result"]["extensions"]
    assert taxi[ext("actions")] == ["order-taxi"]


def test_completed_follows_cmi5_and_passed_carries_the_score(store: Store,
                                                             highway: Scenario) -> None:
    record = save(store, highway, BEST)
    *_, completed, passed = session_statements(record, highway, SETTINGS)
    assert completed["result"] == {"completion": True, "duration": duration(record.clock)}
    assert passed["result"]["score"] == {"scaled": 1.0, "raw": 100.0, "min": 0, "max": 100}
    assert passed["result"]["success"] is True
    assert passed["result"]["duration"] == duration(record.clock)
    assert "completion" not in passed["result"]
    assert passed["context"]["extensions"][SETTINGS.extension("pass-mark")] == 70.0


def test_a_failed_call_is_failed_with_the_replies_that_were_not_best(
        store: Store, highway: Scenario) -> None:
    record = save(store, highway, TRANSFER, lang="id")
    statements = session_statements(record, highway, SETTINGS)
    answered = by_verb(statements, "answered")
    assert [s["result"]["success"] for s in answered] == [True, False, False]
    assert answered[1]["result"]["extensions"][SETTINGS.extension("best-reply")] == (
        "order-taxi-now")
    [failed] = by_verb(statements, "failed")
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == round(record.scores["overall"] / 100, 4)
    assert failed["result"]["extensions"][SETTINGS.extension("critical-errors")] == [
        "left-without-help"]
    assert {s["context"]["language"] for s in statements} == {"id"}
    assert by_verb(statements, "completed")
    assert not by_verb(statements, "passed")


def test_an_abandoned_call_is_abandoned_not_completed(store: Store, highway: Scenario) -> None:
    record = save(store, highway, ["ask-location-first"])
    statements = session_statements(record, highway, SETTINGS)
    assert [s["verb"]["id"] for s in statements] == [VERBS["answered"], VERBS["abandoned"]]
    assert statements[-1]["result"] == {"duration": duration(record.clock)}


def test_statement_ids_are_deterministic_uuid5_and_distinct(store: Store,
                                                            highway: Scenario) -> None:
    record = save(store, highway, BEST)
    first = session_statements(record, highway, SETTINGS)
    again = session_statements(store.record(record.id), highway, SETTINGS)
    assert first == again
    ids = [s["id"] for s in first]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert ids[0] == statement_id(record.id, "answered", 1)
    other = save(store, highway, BEST)
    assert not set(ids) & {s["id"] for s in session_statements(other, highway, SETTINGS)}


def test_the_actor_is_a_pseudonymous_account(store: Store, highway: Scenario) -> None:
    record = save(store, highway, BEST, trainee="dewi.lestari@example.com")
    statements = session_statements(record, highway, XapiSettings(
        home_page="https://lms.example.com", key="k1"))
    actor = statements[0]["actor"]
    assert actor == {"objectType": "Agent", "account": {
        "homePage": "https://lms.example.com",
        "name": trainee_id("dewi.lestari@example.com", "k1")}}
    assert {json.dumps(s["actor"]) for s in statements} == {json.dumps(actor)}
    text = json.dumps(statements)
    assert "dewi" not in text.lower()
    assert "mbox" not in text
    assert trainee_id("dewi", "k1") == trainee_id("dewi", "k1")
    assert trainee_id("dewi", "k1") != trainee_id("dewi", "k2")
    assert trainee_id("dewi", "k1") != trainee_id("budi", "k1")


def test_registration_language_scenario_and_timestamps(store: Store, highway: Scenario) -> None:
    record = save(store, highway, BEST)
    statements = session_statements(record, highway, SETTINGS)
    ext = SETTINGS.extension
    for statement in statements:
        context = statement["context"]
        assert context["registration"] == record.id
        assert context["language"] == "en"
        assert context["revision"] == "2"
        assert context["extensions"][ext("scenario")] == "frozen-highway"
        assert context["extensions"][ext("scenario-version")] == 2
        assert context["extensions"][ext("scenario-digest")] == highway.digest
    stamps = [datetime.fromisoformat(s["timestamp"]) for s in statements]
    assert stamps == sorted(stamps)
    assert stamps[0] > datetime.fromisoformat(STARTED)
    assert stamps[-1] == datetime.fromisoformat(ENDED)
    assert all(s["timestamp"].endswith("Z") for s in statements)


def test_a_missing_or_changed_scenario_leaves_success_out(store: Store,
                                                          highway: Scenario) -> None:
    record = save(store, highway, TRANSFER)
    for scenario in (None, Scenario(**{**_fields(highway), "digest": "changed"})):
        statements = session_statements(record, scenario, SETTINGS)
        answered = by_verb(statements, "answered")
        assert [s["result"]["response"] for s in answered] == TRANSFER
        assert all("success" not in s["result"] for s in answered)
        assert "choices" not in answered[0]["object"]["definition"]
        assert by_verb(statements, "failed")[0]["result"]["success"] is False


def _fields(scenario: Scenario) -> dict[str, Any]:
    return {name: getattr(scenario, name) for name in scenario.__dataclass_fields__}


def test_iso_8601_durations() -> None:
    assert duration(0) == "PT0S"
    assert duration(2.5) == "PT2.5S"
    assert duration(0.05) == "PT0.05S"
    assert duration(60) == "PT1M"
    assert duration(754.5) == "PT12M34.5S"
    assert duration(3725.25) == "PT1H2M5.25S"


def test_settings_are_checked() -> None:
    settings = XapiSettings.checked("https://lms.example.com/sim/", None, "k")
    assert settings.scenario_iri("a") == "https://lms.example.com/sim/scenarios/a"
    assert settings.home_page == "https://agentsim.invalid"
    code, _, err = run("xapi", "push", "--endpoint", "http://127.0.0.1:9/xAPI",
                       "--base", "not an address")
    assert code == 2
    assert "--base 'not an address' is not an http:// or https:// address" in err


def test_raw_is_cmi5s_integer_cut_never_rounded_up_to_the_pass_mark() -> None:
    assert [raw_score(x) for x in (100.0, 85.2, 69.96, 0.0, 70.0)] == [100, 85, 69, 0, 70]
    assert all(type(raw_score(x)) is int for x in (100.0, 85.2))


def _walkthrough_records(store: Store) -> list[tuple[Scenario, Record]]:
    """Every built-in scenario's and example's walkthroughs, played and recorded."""
    paths = [*Catalog.builtin().files(), *sorted((ROOT / "docs" / "examples").glob("*.yaml"))]
    out = []
    for path in paths:
        scenario = load_scenario(path)
        for walkthrough in scenario.walkthroughs:
            out.append((scenario, save(store, scenario, walkthrough.choices, thinking=0.0)))
    return out


def test_no_call_fails_with_a_score_at_or_above_the_pass_mark(store: Store) -> None:
    """Over every walkthrough shipped: `failed` carries a score below the pass mark, in
    `scaled` and in `raw`, and `passed` one at or above it."""
    verdicts = set()
    for scenario, record in _walkthrough_records(store):
        *_, verdict = session_statements(record, scenario, SETTINGS)
        kind = verdict["verb"]["display"]["en-US"]
        verdicts.add(kind)
        mark = verdict["context"]["extensions"][SETTINGS.extension("pass-mark")]
        score_ = verdict["result"]["score"]
        assert type(score_["raw"]) is int
        if kind == "failed":
            assert score_["scaled"] * 100 < mark, (scenario.id, score_)
            assert score_["raw"] < mark, (scenario.id, score_)
        else:
            assert kind == "passed", kind
            assert score_["scaled"] * 100 >= mark, (scenario.id, score_)
    assert verdicts == {"passed", "failed"}


def test_an_abandoned_call_has_no_score_anywhere(store: Store, highway: Scenario) -> None:
    record = save(store, highway, ["ask-location-first", "order-taxi-now"])
    assert record.status == "abandoned"
    statements = session_statements(record, highway, SETTINGS)
    assert not any("score" in s["result"] for s in statements)


def test_answered_interactions_name_the_best_reply_as_the_correct_response(
        store: Store, highway: Scenario) -> None:
    record = save(store, highway, TRANSFER)
    answered = by_verb(session_statements(record, highway, SETTINGS), "answered")
    for statement in answered:
        best = statement["result"]["extensions"][SETTINGS.extension("best-reply")]
        assert statement["object"]["definition"]["correctResponsesPattern"] == [best]
    assert answered[1]["object"]["definition"]["correctResponsesPattern"] == [
        "order-taxi-now"]
    assert "correctResponsesPattern" not in by_verb(session_statements(
        record, None, SETTINGS), "answered")[0]["object"]["definition"]


def test_a_scripted_calls_statements_have_distinct_ordered_timestamps(
        store: Store, highway: Scenario) -> None:
    """Scripted play starts and ends within one millisecond: the statements still get a
    millisecond each, in order, the last at the call's end."""
    record = save(store, highway, BEST)
    record = Record(**{**{n: getattr(record, n) for n in record.__dataclass_fields__},
                       "started_at": ENDED, "ended_at": ENDED})
    stamps = [s["timestamp"] for s in session_statements(record, highway, SETTINGS)]
    assert len(set(stamps)) == len(stamps) == len(BEST) + 2
    assert stamps == sorted(stamps)
    assert stamps[-1] == "2026-11-25T09:10:00.000Z"
    # a millisecond apart: the first as many milliseconds before the end as there are others
    assert stamps[0] == f"2026-11-25T09:09:59.{1000 - (len(stamps) - 1):03d}Z"


def test_push_warns_while_the_addresses_are_the_placeholder() -> None:
    """The warning comes before anything is sent (here there is nothing to send)."""
    closed = "http://127.0.0.1:9/xAPI"
    code, _, err = run("xapi", "push", "--endpoint", closed, env=LRS_ENV)
    assert err.startswith(PLACEHOLDER_WARNING)
    code, _, err = run("xapi", "push", "--endpoint", closed, "--base",
                       "https://lms.example.com/sim", env=LRS_ENV)
    assert err.startswith(
        "warning: --home-page is still the placeholder https://agentsim.invalid, so the store "
        "files these statements under an address that is not yours. Set it to an address of "
        "your organisation (docs/xapi.md).\n")
    code, _, err = run("xapi", "push", "--endpoint", closed, "--base",
                       "https://lms.example.com/sim", "--home-page", "https://lms.example.com",
                       env=LRS_ENV)
    assert (code, err) == (0, "")  # no records: nothing to send, nothing to warn about


def run(*args: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_export_xapi_writes_a_json_array_and_keeps_the_filters(
        store: Store, highway: Scenario, tmp_path: Path) -> None:
    save(store, highway, BEST, trainee="dewi")
    budi = save(store, highway, TRANSFER, trainee="budi")
    out = tmp_path / "statements.json"
    code, _, err = run("export", "--format", "xapi", "-o", str(out))
    assert code == 0, err
    everything = json.loads(out.read_text(encoding="utf-8"))
    assert len(everything) == len(BEST) + 2 + len(TRANSFER) + 2
    code, text, _ = run("export", "--format", "xapi", "--trainee", "budi")
    assert code == 0
    statements = json.loads(text)
    assert {s["context"]["registration"] for s in statements} == {budi.id}
    key = store.secret("xapi-trainee-key")
    assert statements[0]["actor"]["account"]["name"] == trainee_id("budi", key)
    assert all(s in everything for s in statements)


@pytest.fixture
def any_store(database_url: str) -> Iterator[Store]:
    """A records database on SQLite, and on PostgreSQL."""
    opened = Store(database_url)
    yield opened
    opened.close()


def test_sent_sessions_are_kept_per_endpoint(any_store: Store, highway: Scenario) -> None:
    one, two = "http://127.0.0.1:1/xAPI", "http://127.0.0.1:2/xAPI"
    first, second = save(any_store, highway, TRANSFER), save(any_store, highway, TRANSFER)
    assert any_store.sent_to(one) == set()
    any_store.mark_sent([first.id], one)
    any_store.mark_sent([first.id, second.id, second.id], one)
    any_store.mark_sent([second.id], two)
    assert any_store.sent_to(one) == {first.id, second.id}
    assert any_store.sent_to(two) == {second.id}


def test_the_pseudonym_key_is_made_once_per_database(any_store: Store) -> None:
    key = any_store.secret("xapi-trainee-key")
    assert len(key) == 64
    again = Store(any_store.url)
    assert again.secret("xapi-trainee-key") == key
    again.close()
    assert any_store.secret("another") != key


@dataclass(frozen=True, slots=True)
class FlakyLrs(Lrs):
    """Accepts `works` batches, then fails like a store that went away."""

    works: int = 1
    batches: list[int] = field(default_factory=list)

    def send(self, statements: Sequence[dict[str, Any]]) -> set[str]:
        if len(self.batches) >= self.works:
            raise LrsError("cannot reach the learning record store at x: Connection refused")
        self.batches.append(len(statements))
        return {s["id"] for s in statements}


def test_a_failed_batch_marks_only_the_batches_before_it(store: Store,
                                                         highway: Scenario) -> None:
    records = [save(store, highway, TRANSFER) for _ in range(3)]
    lrs = FlakyLrs("http://127.0.0.1:9/xAPI", works=1)

    def build(record: Record) -> list[dict[str, Any]]:
        return session_statements(record, highway, SETTINGS)

    with pytest.raises(LrsError, match=r"1 session sent \(5 statements\), 0 already sent "
                                       r"before this; nothing else was marked as sent"):
        push(store, lrs, records, build, batch=5)
    assert store.sent_to(lrs.endpoint) == {records[0].id}
    again = FlakyLrs("http://127.0.0.1:9/xAPI", works=5)
    done = push(store, again, records, build, batch=5)
    assert done.summary() == "2 sessions sent (10 statements), 1 already sent"
    assert store.sent_to(lrs.endpoint) == {r.id for r in records}


def test_credentials_in_the_endpoint_are_refused_without_echoing_them() -> None:
    code, out, err = run("xapi", "push", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/x")
    assert code == 2
    assert "not in the endpoint" in err
    assert PASSWORD not in out + err


# -- against a real LRS: ralph ---------------------------------------------------------------

def _require_ralph() -> None:
    missing = [name for name in ("ralph", "uvicorn", "bcrypt", "requests")
               if importlib.util.find_spec(name) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {', '.join(missing)} (pip install -e '.[test]')")
        pytest.skip(f"missing {', '.join(missing)}")


@dataclass
class Ralph:
    """A ralph LRS running in a subprocess, with its file-system backend in `folder`."""

    folder: Path
    port: int = 0
    process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/xAPI"

    def start(self) -> Ralph:
        import bcrypt

        self.folder.mkdir(parents=True, exist_ok=True)
        auth = self.folder / "auth.json"
        if not auth.exists():
            hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
            auth.write_text(json.dumps([{
                "username": USER, "hash": hashed, "scopes": ["all"],
                "agent": {"account": {"name": "agentsim-tests",
                                      "homePage": "http://127.0.0.1"}}}]), encoding="utf-8")
        env = {name: value for name, value in os.environ.items()
               if not name.startswith("RALPH_")}
        env |= {"RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(auth),
                "RALPH_APP_DIR": str(self.folder),
                "RALPH_HISTORY_FILE": str(self.folder / "history.json"),
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data")}
        log = (self.folder / "ralph.log").open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(HARNESS), str(self.port)], cwd=self.folder, env=env,
            stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("port "):
            self.stop()
            pytest.fail("ralph did not start:\n"
                        + (self.folder / "ralph.log").read_text(encoding="utf-8")[-3000:])
        self.port = int(line.split()[1])
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with DIRECT.open(f"{self.url}/__heartbeat__", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        self.process = None

    def statements(self) -> list[dict[str, Any]]:
        """Everything the LRS holds, read through its statements API, page after page."""
        found: list[dict[str, Any]] = []
        url: str | None = f"{self.endpoint}/statements?limit=10"
        while url:
            page = self._get(url)
            found.extend(page["statements"])
            more = page.get("more")
            url = urllib.parse.urljoin(self.url, more) if more else None
        return found

    def _get(self, url: str) -> dict[str, Any]:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(url, headers={
            "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
        with DIRECT.open(request, timeout=30) as response:
            page: dict[str, Any] = json.load(response)
        return page


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    _require_ralph()
    lrs = Ralph(tmp_path_factory.mktemp("ralph")).start()
    yield lrs
    lrs.stop()


LRS_ENV = {"AGENTSIM_LRS_USER": USER, "AGENTSIM_LRS_PASSWORD": PASSWORD}


PLACEHOLDER_WARNING = (
    "warning: --base and --home-page are still the placeholder https://agentsim.invalid, so "
    "the store files these statements under addresses that are not yours. Set them to "
    "addresses of your organisation (docs/xapi.md).\n")


def pushed(lrs: Ralph, *args: str) -> tuple[int, str, str]:
    """Push with the placeholder addresses; the warning about them comes first on stderr."""
    code, out, err = run("xapi", "push", "--endpoint", lrs.endpoint, *args, env=LRS_ENV)
    assert err.startswith(PLACEHOLDER_WARNING), err
    return code, out, err.removeprefix(PLACEHOLDER_WARNING)


def exported() -> list[dict[str, Any]]:
    code, text, err = run("export", "--format", "xapi")
    assert code == 0, err
    statements: list[dict[str, Any]] = json.loads(text)
    return statements


def mine(stored: list[dict[str, Any]], store: Store) -> list[dict[str, Any]]:
    ids = {r.id for r in store.records()}
    return [s for s in stored if s["context"]["registration"] in ids]


def validate(statements: list[dict[str, Any]]) -> None:
    """Every statement against ralph's xAPI models: the base statement, and the verb."""
    from ralph.models.xapi.base.statements import BaseXapiStatement
    from ralph.models.xapi.concepts.verbs.adl_vocabulary import AnsweredVerb
    from ralph.models.xapi.concepts.verbs.scorm_profile import CompletedVerb

    for statement in statements:
        BaseXapiStatement.model_validate(statement)
        if statement["verb"]["id"] == VERBS["answered"]:
            AnsweredVerb.model_validate(statement["verb"])
        if statement["verb"]["id"] == VERBS["completed"]:
            CompletedVerb.model_validate(statement["verb"])


def test_push_play_more_push_again_and_read_everything_back(
        ralph: Ralph, store: Store, highway: Scenario) -> None:
    save(store, highway, BEST, trainee="dewi")
    save(store, highway, TRANSFER, trainee="budi", lang="id")
    save(store, highway, ["ask-location-first"], trainee="dewi")
    first = exported()
    code, out, err = pushed(ralph)
    assert (code, err) == (0, "")
    assert out == f"3 sessions sent ({len(first)} statements), 0 already sent\n"

    played = [*BEST[:3], "walk-for-help", "keep-walking"]
    code, _, err = run("play", "frozen-highway", "--answers", "-", "--trainee", "sari",
                       stdin="\n".join(played) + "\n")
    assert code == 0, err
    everything = exported()
    code, out, _ = pushed(ralph)
    assert code == 0
    assert out == (f"1 session sent ({len(everything) - len(first)} statements), "
                   "3 already sent\n")
    assert store.sent_to(ralph.endpoint) == {r.id for r in store.records()}
    assert pushed(ralph)[1] == "0 sessions sent (0 statements), 4 already sent\n"

    stored = mine(ralph.statements(), store)
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in everything)
    by_id = {s["id"]: s for s in stored}
    for statement in everything:
        kept = by_id[statement["id"]]
        assert {k: kept[k] for k in statement} == statement
    validate(stored)
    validate(everything)


def test_sending_again_gives_no_duplicates_and_no_conflicts(
        ralph: Ralph, store: Store, highway: Scenario) -> None:
    save(store, highway, BEST, trainee="eka")
    save(store, highway, TRANSFER, trainee="eka")
    statements = exported()
    assert pushed(ralph)[0] == 0
    before = ralph.statements()
    code, out, err = pushed(ralph, "--again")
    assert (code, err) == (0, "")
    assert out == f"2 sessions sent ({len(statements)} statements), 0 already sent\n"
    after = ralph.statements()
    assert len(after) == len(before)
    ids = [s["id"] for s in after]
    assert len(ids) == len(set(ids))
    assert len(mine(after, store)) == len(statements)


def test_wrong_credentials_are_a_clear_error_and_nothing_is_marked(
        ralph: Ralph, store: Store, highway: Scenario) -> None:
    save(store, highway, BEST)
    wrong = "not-the-Pa55word"
    code, out, err = run("xapi", "push", "--endpoint", ralph.endpoint, "--user", USER,
                         "--password", wrong)
    assert code == 1
    assert "refused the credentials (HTTP 401)" in err
    assert "Traceback" not in out + err
    assert wrong not in out + err
    assert PASSWORD not in out + err
    assert store.sent_to(ralph.endpoint) == set()
    assert pushed(ralph)[1] == "1 session sent (11 statements), 0 already sent\n"


def test_a_stopped_server_is_a_clear_error_and_the_next_run_resumes(
        store: Store, highway: Scenario, tmp_path: Path) -> None:
    _require_ralph()
    lrs = Ralph(tmp_path / "ralph").start()
    try:
        first = save(store, highway, BEST)
        assert pushed(lrs)[0] == 0
        lrs.stop()
        second = save(store, highway, TRANSFER)
        code, out, err = pushed(lrs)
        assert code == 1
        assert err.startswith(f"error: cannot reach the learning record store at "
                              f"{lrs.endpoint}: Connection refused\n")
        assert "0 sessions sent (0 statements), 1 already sent before this; nothing else " \
               "was marked as sent: run the command again to send the rest" in err
        assert "Traceback" not in out + err
        assert PASSWORD not in out + err
        assert store.sent_to(lrs.endpoint) == {first.id}

        lrs.start()  # the same port and folder: the same store, back again
        code, out, _ = pushed(lrs)
        assert out == "1 session sent (5 statements), 1 already sent\n"
        assert store.sent_to(lrs.endpoint) == {first.id, second.id}
        stored = lrs.statements()
        assert {s["context"]["registration"] for s in stored} == {first.id, second.id}
        validate(stored)
    finally:
        lrs.stop()
