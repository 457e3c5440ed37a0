"""Send sessions' xAPI statements to a learning record store; remember what it accepted.

Plain HTTP with the standard library: POST {endpoint}/statements in batches of whole
sessions, HTTP Basic authentication, no redirects followed (they could carry the password
to another host), an overall deadline and a size cap on every answer. A session is recorded
as sent only once the store has accepted every one of its statements: listed in its answer,
or (where the answer lists fewer, as a store does for statements it already holds) found
among the session's statements in the store; on any error nothing more is recorded and the
next run sends the rest.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from simulator.errors import LrsError, UsageError
from simulator.records._http import Answer, Failed, json_or_none, request
from simulator.records._store import Store
from simulator.records._tables import Record
from simulator.records._xapi import (
    XAPI_VERSION,
    Statement,
    XapiSettings,
    session_statements,
)
from simulator.scenario import Scenario

BATCH_STATEMENTS = 250
TIMEOUT_SECONDS = 30.0


def endpoint(url: str) -> str:
    """An xAPI endpoint as given by the LMS administrator, checked and without a final '/'."""
    try:
        parsed = urllib.parse.urlsplit(url.strip())
        _port = parsed.port
    except ValueError as err:
        raise UsageError(f"'{url}' is not an xAPI endpoint ({err}): give its http:// or "
                         "https:// address, such as https://lrs.example.com/xAPI") from None
    if parsed.username is not None or parsed.password is not None:
        raise UsageError("give the user name and password with --user and --password (or "
                         "AGENTSIM_LRS_USER and AGENTSIM_LRS_PASSWORD), not in the endpoint")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"'{url}' is not an xAPI endpoint: give its http:// or https:// "
                         "address, such as https://lrs.example.com/xAPI")
    if parsed.query or parsed.fragment:
        raise UsageError(f"'{url}' is not an xAPI endpoint: leave out '?' and '#' parts")
    return urllib.parse.urlunsplit(parsed._replace(path=parsed.path.rstrip("/")))


def exposed(endpoint: str) -> str | None:
    """The host credentials would be sent to in the clear (plain http:// to anything but
    this computer), or None when they would not be."""
    parsed = urllib.parse.urlsplit(endpoint)
    host = parsed.hostname or ""
    if parsed.scheme != "http" or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return host


@dataclass(frozen=True, slots=True)
class Lrs:
    """A learning record store's xAPI endpoint and the credentials to write to it.

    Each request has `timeout` seconds in all, however slowly the store answers.
    """

    endpoint: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_SECONDS

    def send(self, statements: Sequence[Statement]) -> set[str]:
        """POST statements in one request; return the ids of those the store says it
        accepted (a 204, or a 200 listing only some, names fewer than were sent)."""
        answer = self._request("POST", "statements",
                               json.dumps(list(statements), ensure_ascii=False).encode())
        if answer.status != 200:
            return set()
        ids = json_or_none(answer.body)
        if not isinstance(ids, list):
            raise LrsError(f"{self.endpoint} answered, but not as an xAPI learning record "
                           "store does (a list of statement ids): check the endpoint")
        return {str(i) for i in ids}

    def held(self, registration: str) -> set[str]:
        """The ids of the statements the store holds for one session (its registration)."""
        query = urllib.parse.urlencode({"registration": registration, "limit": 1000})
        answer = self._request("GET", f"statements?{query}")
        found = json_or_none(answer.body)
        statements = found.get("statements") if isinstance(found, dict) else None
        if not isinstance(statements, list):
            return set()
        return {str(s["id"]) for s in statements if isinstance(s, dict) and "id" in s}

    def _request(self, method: str, path: str, data: bytes | None = None) -> Answer:
        req = urllib.request.Request(
            f"{self.endpoint}/{path}", method=method, data=data,
            headers={"Content-Type": "application/json",
                     "X-Experience-API-Version": XAPI_VERSION})
        if self.user is not None:
            secret = f"{self.user}:{self.password or ''}".encode()
            req.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
        try:
            return request(req, self.timeout)
        except Failed as failed:
            if failed.code:
                raise LrsError(self._refused(failed.code, failed.detail)) from None
            raise LrsError(f"cannot reach the learning record store at {self.endpoint}: "
                           f"{failed.reason}") from None

    def _refused(self, code: int, detail: str) -> str:
        where = f"the learning record store at {self.endpoint}"
        if code in (401, 403):
            return (f"{where} refused the credentials (HTTP {code}): check --user and "
                    "--password (or AGENTSIM_LRS_USER and AGENTSIM_LRS_PASSWORD)")
        if code == 409:
            return (f"{where} already holds different statements with the same ids "
                    "(HTTP 409): these sessions were sent before with another --base or "
                    "--home-page, or their scenario file has changed since")
        if 300 <= code < 400:
            return f"{where} redirects elsewhere (HTTP {code}): give the final address"
        return f"{where} did not accept the statements (HTTP {code}){detail}"


@dataclass(slots=True)
class Pushed:
    """What one push did."""

    sessions: int = 0
    statements: int = 0
    already: int = 0

    def summary(self) -> str:
        return (f"{_count(self.sessions, 'session')} sent "
                f"({_count(self.statements, 'statement')}), {self.already} already sent")


def push(store: Store, lrs: Lrs, records: Iterable[Record],
         build: Callable[[Record], list[Statement]], *, again: bool = False,
         batch: int = BATCH_STATEMENTS) -> Pushed:
    """Send the sessions the store has not accepted yet (all of them with `again`).

    Whole sessions go in batches of about `batch` statements; each accepted batch is
    recorded at once, so an error loses nothing that was sent and the next run resumes.
    A session counts as accepted only when every one of its statements was. The records
    are read as they are sent: one batch is in memory at a time.
    """
    sent = store.sent_to(lrs.endpoint)
    done = Pushed()

    def waiting() -> Iterator[Record]:
        for record in records:
            if again or record.id not in sent:
                yield record
            else:
                done.already += 1

    for group in _batches(waiting(), build, batch):
        statements = [s for _, built in group for s in built]
        try:
            confirmed = _confirmed(lrs, group, lrs.send(statements))
        except LrsError as err:
            raise LrsError(f"{err}\n{done.summary()} before this; nothing else was marked "
                           "as sent: run the command again to send the rest") from None
        accepted = [(record, built) for record, built in group if record.id in confirmed]
        store.mark_sent([record.id for record, _ in accepted], lrs.endpoint)
        done.sessions += len(accepted)
        done.statements += sum(len(built) for _, built in accepted)
        if len(accepted) < len(group):
            missing = len(group) - len(accepted)
            raise LrsError(f"the learning record store at {lrs.endpoint} did not accept "
                           f"every statement of {_count(missing, 'session')} (its answer "
                           "did not list them, and it does not hold them)\n"
                           f"{done.summary()}; nothing else was marked as sent: run the "
                           "command again to send the rest")
    return done


def _confirmed(lrs: Lrs, group: list[tuple[Record, list[Statement]]],
               accepted: set[str]) -> set[str]:
    """The sessions of `group` whose every statement the store accepted: listed in its
    answer, else found among that session's statements in the store (a store lists only
    what it newly stored, and answers 204 when it held everything already)."""
    out = set()
    for record, built in group:
        unlisted = {str(s["id"]) for s in built} - accepted
        if not unlisted or unlisted <= _held(lrs, record.id):
            out.add(record.id)
    return out


def _held(lrs: Lrs, registration: str) -> set[str]:
    try:
        return lrs.held(registration)
    except LrsError:  # a store that cannot be asked confirms nothing
        return set()


def push_sessions(store: Store, lrs: Lrs, records: Iterable[Record],
                  scenarios: Callable[[str], Scenario | None], settings: XapiSettings, *,
                  again: bool = False) -> Pushed:
    """`push` the records' xAPI statements, each built with the scenario it was played on."""
    return push(store, lrs, records,
                lambda r: session_statements(r, scenarios(r.scenario), settings), again=again)


def _batches(records: Iterable[Record], build: Callable[[Record], list[Statement]],
             size: int) -> Iterator[list[tuple[Record, list[Statement]]]]:
    current: list[tuple[Record, list[Statement]]] = []
    count = 0
    for record in records:
        built = build(record)
        if current and count + len(built) > size:
            yield current
            current, count = [], 0
        current.append((record, built))
        count += len(built)
    if current:
        yield current


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
