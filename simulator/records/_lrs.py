"""Send sessions' xAPI statements to a learning record store; remember what it accepted.

Plain HTTP with the standard library: POST {endpoint}/statements in batches of whole
sessions, HTTP Basic authentication, no redirects followed (they could carry the password
to another host). A session is recorded as sent only once the store has accepted its batch;
on any error nothing more is recorded and the next run sends the rest.
"""

from __future__ import annotations

import base64
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import LrsError, UsageError
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
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.username is not None or parsed.password is not None:
        raise UsageError("give the user name and password with --user and --password (or "
                         "AGENTSIM_LRS_USER and AGENTSIM_LRS_PASSWORD), not in the endpoint")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"'{url}' is not an xAPI endpoint: give its http:// or https:// "
                         "address, such as https://lrs.example.com/xAPI")
    if parsed.query or parsed.fragment:
        raise UsageError(f"'{url}' is not an xAPI endpoint: leave out '?' and '#' parts")
    return urllib.parse.urlunsplit(parsed._replace(path=parsed.path.rstrip("/")))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Lrs:
    """A learning record store's xAPI endpoint and the credentials to write to it."""

    endpoint: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_SECONDS

    def send(self, statements: Sequence[Statement]) -> None:
        """POST statements in one request; raise LrsError unless all were accepted."""
        request = urllib.request.Request(
            f"{self.endpoint}/statements", method="POST",
            data=json.dumps(list(statements), ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json",
                     "X-Experience-API-Version": XAPI_VERSION})
        if self.user is not None:
            secret = f"{self.user}:{self.password or ''}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as err:
            raise LrsError(self._refused(err.code, _detail(err))) from None
        except urllib.error.URLError as err:
            raise LrsError(f"cannot reach the learning record store at {self.endpoint}: "
                           f"{_reason(err.reason)}") from None
        except (OSError, http.client.HTTPException) as err:
            raise LrsError(f"cannot reach the learning record store at {self.endpoint}: "
                           f"{_reason(err)}") from None
        if status == 200 and not isinstance(_json(body), list):
            raise LrsError(f"{self.endpoint} answered, but not as an xAPI learning record "
                           "store does (a list of statement ids): check the endpoint")

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


def _detail(err: urllib.error.HTTPError) -> str:
    """What the store said about an error, briefly."""
    try:
        body = err.read(2000).decode("utf-8", "replace")
    except OSError:
        return ""
    try:
        said = json.loads(body)
    except ValueError:
        said = body
    if isinstance(said, dict) and "detail" in said:
        said = said["detail"]
    text = " ".join(str(said).split())
    return f": {text[:300]}" if text else ""


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "no answer in time"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


@dataclass(slots=True)
class Pushed:
    """What one push did."""

    sessions: int = 0
    statements: int = 0
    already: int = 0

    def summary(self) -> str:
        return (f"{_count(self.sessions, 'session')} sent "
                f"({_count(self.statements, 'statement')}), {self.already} already sent")


def push(store: Store, lrs: Lrs, records: Sequence[Record],
         build: Callable[[Record], list[Statement]], *, again: bool = False,
         batch: int = BATCH_STATEMENTS) -> Pushed:
    """Send the sessions the store has not accepted yet (all of them with `again`).

    Whole sessions go in batches of about `batch` statements; each accepted batch is
    recorded at once, so an error loses nothing that was sent and the next run resumes.
    """
    sent = store.sent_to(lrs.endpoint)
    done = Pushed(already=0 if again else sum(r.id in sent for r in records))
    waiting = [r for r in records if again or r.id not in sent]
    for group in _batches(waiting, build, batch):
        ids = [record.id for record, _ in group]
        statements = [s for _, built in group for s in built]
        try:
            lrs.send(statements)
        except LrsError as err:
            raise LrsError(f"{err}\n{done.summary()} before this; nothing else was marked "
                           "as sent: run the command again to send the rest") from None
        store.mark_sent(ids, lrs.endpoint)
        done.sessions += len(ids)
        done.statements += len(statements)
    return done


def push_sessions(store: Store, lrs: Lrs, records: Sequence[Record],
                  scenarios: Callable[[str], Scenario | None], settings: XapiSettings, *,
                  again: bool = False) -> Pushed:
    """`push` the records' xAPI statements, each built with the scenario it was played on."""
    return push(store, lrs, records,
                lambda r: session_statements(r, scenarios(r.scenario), settings), again=again)


def _batches(records: Sequence[Record], build: Callable[[Record], list[Statement]],
             size: int) -> list[list[tuple[Record, list[Statement]]]]:
    out: list[list[tuple[Record, list[Statement]]]] = []
    current: list[tuple[Record, list[Statement]]] = []
    count = 0
    for record in records:
        built = build(record)
        if current and count + len(built) > size:
            out.append(current)
            current, count = [], 0
        current.append((record, built))
        count += len(built)
    if current:
        out.append(current)
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
