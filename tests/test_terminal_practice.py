"""Practice through a real pseudo-terminal, as a trainee and a coach meet it: type-first
play (timed and untimed, both languages), review, retry, a coach's note, next and
list --trainee."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from simulator.play import Engine
from simulator.records import Store
from simulator.scenario import Catalog, load_scenario
from simulator.scoring import best_plan, load_profile
from tests.terminal import numbered_replies

Spawn = Callable[..., pexpect.spawn]
PROMPT = {"en": "In your own words, what do you say: ",
          "id": "Dengan kata-kata Anda sendiri, apa yang Anda katakan: "}


@pytest.fixture
def spawn(folder: Path) -> Iterator[Spawn]:
    children: list[pexpect.spawn] = []

    def spawn(*args: str, builtin: bool = False, **env: str) -> pexpect.spawn:
        where = [] if builtin else ["--scenarios", str(folder)]
        child = pexpect.spawn(sys.executable, ["-m", "simulator", *where, *args],
                              env={**os.environ, "NO_COLOR": "1", **env}, encoding="utf-8",
                              timeout=30, dimensions=(50, 80))
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.close(force=True)


def finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    text = child.before.replace("\r", "")
    child.close()
    return text, child.exitstatus if child.exitstatus is not None else -1


def recorded(records: Path) -> list[tuple[str, bool, list[str | None]]]:
    store = Store(f"sqlite:///{records}")
    try:
        return [(r.id, r.practice, [t.typed for t in r.turns])
                for r in store.records(with_turns=True)]
    finally:
        store.close()


@pytest.mark.parametrize(("lang", "words", "ended", "typed"), [
    ("en", ["Ana, where are you right now?", "I'm sending help, stay with me."],
     "== The call has ended ==", "You typed"),
    ("id", ["Ibu Ana, di mana posisi Ibu?", "Saya kirim bantuan sekarang."],
     "== Panggilan telah berakhir ==", "Anda mengetik"),
])
def test_type_first_untimed_in_both_languages(spawn: Spawn, records: Path, lang: str,
                                              words: list[str], ended: str,
                                              typed: str) -> None:
    child = spawn("play", "small", "--type-first", "--untimed", "--lang", lang,
                  "--trainee", "ana")
    child.expect_exact(PROMPT[lang])
    assert "1) " not in child.before  # no reply shown before the words
    child.sendline("")  # nothing typed: asked again
    child.expect_exact(PROMPT[lang])
    child.sendline(words[0])
    child.expect(r"\[1-2\]: ")
    assert "1) " in child.before
    child.sendline("1")
    child.expect_exact(PROMPT[lang])
    child.sendline(words[1])
    child.expect(r"\[1-3\]: ")
    child.sendline("1")
    text, status = finish(child)
    assert status == 0
    assert ended in text
    assert f"     {typed}: “{words[0]}”" in text
    assert "\x1b[" not in text
    assert all(len(line) <= 80 for line in text.splitlines()[:-1])
    [(_, practice, kept)] = recorded(records)
    assert (practice, kept) == (False, words)


def test_type_first_timed_counts_thinking_from_the_customers_line(spawn: Spawn,
                                                                  records: Path) -> None:
    child = spawn("play", "small", "--type-first", "--trainee", "ana")
    child.expect_exact(PROMPT["en"])
    child.sendline("Where are you?")
    child.expect(r"\[1-2\]: ")
    child.sendline("1")
    child.expect_exact(PROMPT["en"])
    child.sendline("Help is coming.")
    child.expect(r"\[1-3\]: ")
    child.sendline("1")
    _, status = finish(child)
    assert status == 0
    store = Store(f"sqlite:///{records}")
    [record] = store.records(with_turns=True)
    store.close()
    assert record.timed
    assert [t.typed for t in record.turns] == ["Where are you?", "Help is coming."]
    assert all(t.thinking == 0.0 for t in record.turns)  # quick: within the allowances


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_whole_story_type_first_by_reading_the_screen(spawn: Spawn, lang: str) -> None:
    """A trainee types a line at each moment, then finds the best reply's number on screen."""
    scenario = load_scenario(Catalog.builtin().find("frozen-highway"))
    path = best_plan(scenario, load_profile()).path
    child = spawn("play", scenario.id, "--type-first", "--untimed", "--lang", lang,
                  "--seed", "5", builtin=True)
    for turn in Engine(scenario).replay(list(path)).turns:
        child.expect_exact(PROMPT[lang])
        child.sendline("Pavel, I'm here with you; where are you exactly?")
        child.expect(r"\[1-\d+\]: ")
        choice = scenario.states[turn.state].choice(turn.choice)
        assert choice is not None
        shown = numbered_replies(child.before)
        child.sendline(str(shown[" ".join(choice.text.get(lang).split())]))
    text, status = finish(child)
    assert status == 0
    assert ("PASSED" if lang == "en" else "LULUS") in text
    assert text.count("“Pavel, I'm here with you; where are you exactly?”") == len(path)
    assert all(len(line) <= 80 for line in text.splitlines()[:-1])


def test_review_retry_note_next_and_list(spawn: Spawn, records: Path) -> None:
    child = spawn("play", "small", "--type-first", "--untimed", "--trainee", "ana")
    child.expect_exact(PROMPT["en"])
    child.sendline("Ana, where are you?")
    child.expect(r"\[1-2\]: ")
    child.sendline("1")
    child.expect_exact(PROMPT["en"])
    child.sendline("I can't help you, goodbye.")
    child.expect(r"\[1-3\]: ")
    child.sendline("3")
    assert finish(child)[1] == 0
    [(call, _, _)] = recorded(records)
    short = call[:8]

    text, status = finish(spawn("note", short, "--turn", "2", "--author", "dewi",
                                "Never hang up before help is sent."))
    assert (status, text) == (0, f"Note added to reply 2 of call {short} by dewi.\n")

    for lang, better, coach in (("en", "Better: Help is coming.", "Coach dewi"),
                                ("id", "Lebih baik: Bantuan datang.", "Pelatih dewi")):
        text, status = finish(spawn("review", short, "--lang", lang))
        assert status == 0
        assert better in text
        assert coach in text
        assert "\x1b[" not in text
        assert all(len(line) <= 80 for line in text.splitlines())
    coloured, _ = finish(spawn("review", short, NO_COLOR=""))
    assert "\x1b[1m" in coloured

    child = spawn("play", "small", "--retry", short, "--from", "2", "--untimed")
    child.expect_exact("Reply 1 is replayed as it was given:")
    child.expect(r"\[1-3\]: ")
    assert "By the bridge." in child.before
    child.sendline("1")
    text, status = finish(child)
    assert status == 0
    assert " 1. [00:30] (replayed) Where are you?" in text
    assert [practice for _, practice, _ in recorded(records)] == [False, True]

    text, _ = finish(spawn("history"))
    assert re.search(r"passed +100\.0  practice", text)
    for lang, head in (("en", "Practise next: A small call (small)"),
                       ("id", "Latih berikutnya: Panggilan kecil (small)")):
        text, status = finish(spawn("next", "--trainee", "ana", "--lang", lang))
        assert status == 0
        assert text.startswith(head)
        assert f"agentsim play small --retry {short} --from 2" in text
    for lang, row in (("en", "small                  not yet passed         50       50  "
                             "1 +1 practice"),
                      ("id", "small                  belum lulus            50       50  "
                             "1 +1 latihan")):
        text, status = finish(spawn("list", "--trainee", "ana", "--lang", lang))
        assert (status, text.splitlines()[1]) == (0, row)
