"""Practice in the HTML reports: typed words with their note, coach notes (escaped), a
retry's banner; practice attempts marked and left out of the trainee's pass count."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.play import Engine, replay_for_retry
from simulator.present import render, session_view, trainee_view
from simulator.records import Store
from simulator.scenario import Catalog, Scenario, Scenarios
from simulator.scoring import load_profile, score

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def store(records: Path) -> Store:
    return Store(f"sqlite:///{records}")


def calls(store: Store, small: Scenario) -> tuple[str, str]:
    engine = Engine(small)
    first = engine.start(seed=1, trainee="ana")
    engine.choose(first, "ask-where").typed = f"Ana, where are you? {HOSTILE}\x1b[31m"
    engine.choose(first, "hang-up")
    first.started_at = first.ended_at = "2026-11-25T09:00:00+00:00"
    store.save(small, first, score(small, first))
    retry = replay_for_retry(engine, first.turns, 2, retry_of=first.id, seed=2, lang="en",
                             trainee="ana", timed=False)
    engine.choose(retry, "send")
    retry.started_at = retry.ended_at = "2026-11-25T09:10:00+00:00"
    store.save(small, retry, score(small, retry))
    store.add_note(first.id, f"Careful here {HOSTILE}", HOSTILE, turn=2)
    store.add_note(first.id, "Good start.", "dewi")
    return first.id, retry.id


def test_the_session_report_shows_typed_words_and_notes_escaped(store: Store,
                                                                small: Scenario) -> None:
    first, retry = calls(store, small)
    html = render("session.html", session_view(store.record(first), small, load_profile()))
    assert HOSTILE not in html
    assert ("<span class=\"label\">You typed:</span> “Ana, where are you? "
            "&lt;script&gt;alert(1)&lt;/script&gt;␛[31m”") in html
    assert "Your words used the caller&#39;s name (“Ana”)" in html
    assert ("<span class=\"label\">Coach &lt;script&gt;alert(1)&lt;/script&gt;</span>"
            in html)
    assert "Careful here &lt;script&gt;" in html
    assert '<h2 id="coach-notes">Coach notes</h2>' in html
    assert "Good start." in html
    again = render("session.html", session_view(store.record(retry), small, load_profile()))
    assert (f'<p class="note practice">Practice: a retry of call {first[:8]} from reply 2. It '
            "does not count as a first attempt.</p>") in again
    assert '<p class="muted">(replayed)</p>' in again


def test_the_trainee_report_marks_practice_and_counts_first_attempts(
        store: Store, small: Scenario) -> None:
    first, retry = calls(store, small)
    records = store.records(trainee="ana", with_notes=True)
    view = trainee_view("ana", records, Scenarios(Catalog.builtin()), load_profile())
    assert view["summary"]["passed"] == "0 passed"  # the retry passed, but is not a first
    assert view["practice_total"] == 1
    assert view["practice_ids"] == [retry[:8]]
    assert [a["practice"] for a in view["attempts"]] == [True, False]  # newest first
    html = render("trainee.html", view)
    assert "2 calls (1 practice) · 0 passed" in html
    assert '<span class="muted">(practice)</span>' in html
    assert HOSTILE not in html
    assert f"· small · {first[:8]} · reply 2): Careful here &lt;script&gt;" in html


def test_indonesian_words_in_the_reports(store: Store, small: Scenario) -> None:
    first, _ = calls(store, small)
    html = render("session.html", session_view(store.record(first), small, load_profile(),
                                               "id"))
    assert "<span class=\"label\">Anda mengetik:</span>" in html
    assert '<h2 id="coach-notes">Catatan pelatih</h2>' in html
