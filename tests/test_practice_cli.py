"""The practice commands through click's runner: play --type-first and --retry, review,
note, next and list --trainee, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.records import Store
from tests.conftest import run_cli as run


def ids(records: Path) -> list[str]:
    store = Store(f"sqlite:///{records}")
    try:
        return [r.id for r in store.records()]
    finally:
        store.close()


def failed_call(folder: Path, records: Path) -> str:
    code, _, _ = run(folder, "play", "small", "--type-first", "--trainee", "ana", "--answers",
                     "-", stdin="ask-where | Ana, where are you? I'll send help.\n"
                                "hang-up | I can't help you, calm down.\x1b[2J\n")
    assert code == 0
    return ids(records)[-1]


def test_type_first_play_shows_the_words_and_the_note_in_the_debrief(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--type-first", "--answers", "-",
                       stdin="ask-where | Ana, where are you? I'll send help.\n"
                             "send | Help is coming.\n")
    assert code == 0
    assert (" 1. [00:30] Where are you?\n"
            "     You typed: “Ana, where are you? I'll send help.”\n"
            "     Your words used the caller's name (“Ana”), asked where they are (“where are\n"
            "       you”), and promised an action (“I'll”). (Advice only, not scored.)\n"
            ) in out


def test_type_first_in_indonesian(folder: Path) -> None:
    code, out, _ = run(folder, "play", "small", "--type-first", "--lang", "id", "--answers",
                       "-", stdin="1 | Di mana posisi Ibu Ana?\nsend | Saya akan kirim bantuan.\n")
    assert code == 0
    assert "     Anda mengetik: “Di mana posisi Ibu Ana?”\n" in out
    assert "(Hanya saran, tidak dinilai.)" in out


def test_a_type_first_script_without_words_is_bad_usage(folder: Path) -> None:
    code, _, err = run(folder, "play", "small", "--type-first", "--answers", "-",
                       stdin="ask-where\n")
    assert code == 2
    assert err == ("error: <stdin>:1: type-first play needs the words you would say before "
                   "the reply: 'ANSWER | WORDS', not 'ask-where'\n")


def test_review_shows_every_reply_against_the_better_one(folder: Path,
                                                         records: Path) -> None:
    call = failed_call(folder, records)
    assert run(folder, "note", call[:8], "--turn", "2", "--author", "dewi", "Never",
               "hang", "up.")[1] == f"Note added to reply 2 of call {call[:8]} by dewi.\n"
    assert run(folder, "note", call, "--author", "dewi", "Good start.")[1] == (
        f"Note added to call {call[:8]} by dewi.\n")
    code, out, _ = run(folder, "review", call[:8])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"== Review of call {call[:8]} =="
    assert lines[1].startswith("ana, A small call, played ")
    assert lines[1].endswith(" (untimed, type-first)")
    assert "FAILED (pass mark 70; the call did not end in success: failed; the overall score" \
        in out
    assert (" 2. [00:45] Goodbye.\n"
            "     You typed: “I can't help you, calm down.␛[2J”\n"
            "     Careful: brushed the feeling aside (“calm down”) and turned them away\n"
            "       (“can't help”). (Advice only, not scored.)\n"
            "     Better: Help is coming.\n"
            "     Coach dewi, ") in out
    assert out.rstrip().endswith(": Good start.")
    assert "-- Coach notes --" in out
    assert "\x1b" not in out
    assert all(len(line) <= 80 for line in lines)


def test_review_in_indonesian(folder: Path, records: Path) -> None:
    call = failed_call(folder, records)
    code, out, _ = run(folder, "review", call, "--lang", "id")
    assert code == 0
    assert out.startswith(f"== Tinjauan panggilan {call[:8]} ==\nana, Panggilan kecil, "
                          "dimainkan ")
    assert "     Lebih baik: Bantuan datang.\n" in out
    assert "TIDAK LULUS" in out


def test_review_of_a_broken_off_call_has_no_scores(folder: Path, records: Path) -> None:
    code, _, _ = run(folder, "play", "small", "--answers", "-", stdin="ask-where\n")
    assert code == 130
    code, out, _ = run(folder, "review", ids(records)[-1])
    assert code == 0
    assert ("Incomplete: the call was broken off at reply 2, so it has no scores." in out)
    assert "-- Scores --" not in out


def test_retry_replays_and_is_recorded_as_practice(folder: Path, records: Path) -> None:
    call = failed_call(folder, records)
    code, out, _ = run(folder, "play", "small", "--retry", call[:8], "--from", "2",
                       "--answers", "-", stdin="send\n")
    assert code == 0
    assert (f"Practice: a retry of call {call[:8]} from reply 2. It does not count as a first\n"
            "attempt.\nReply 1 is replayed as it was given:\n 1. [00:30] Where are you?\n") \
        in out
    assert " 1. [00:30] (replayed) Where are you?\n 2. [00:45] Help is coming.\n" in out
    code, out, _ = run(folder, "history")
    assert out.splitlines()[2].endswith("passed     100.0  practice")
    assert [r["practice"] for r in json.loads(run(folder, "history", "--json")[1])] == [
        False, True]


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2"], "error: --from needs --retry SESSION: the call to take over\n"),
    (["--retry", "{id}"], "error: --retry needs --from N: the reply to take over at "
                          "(agentsim review {id} numbers them)\n"),
    (["--retry", "{id}", "--from", "3"], "error: --from 3: that call can be retried from "
                                         "reply 1 to 2\n"),
])
def test_bad_retries_are_bad_usage(folder: Path, records: Path, args: list[str],
                                   message: str) -> None:
    call = failed_call(folder, records)[:8]
    code, _, err = run(folder, "play", "small", *[a.format(id=call) for a in args],
                       "--answers", "-", stdin="send\n")
    assert code == 2
    assert err == message.format(id=call)


def test_list_and_next_for_a_trainee(folder: Path, records: Path) -> None:
    call = failed_call(folder, records)
    assert run(folder, "play", "small", "--retry", call, "--from", "2", "--answers", "-",
               stdin="send\n")[0] == 0
    code, out, _ = run(folder, "list", "--trainee", "ana")
    assert code == 0
    assert out == ("scenario               status               best   latest  attempts\n"
                   "small                  not yet passed         50       50  1 +1 practice\n")
    assert run(folder, "list", "--trainee", "ana", "--lang", "id")[1].splitlines()[1] == (
        "small                  belum lulus            50       50  1 +1 latihan")
    assert run(folder, "list", "--trainee", "bob")[1].splitlines()[1] == (
        "small                  not started             -        -  0")
    [row] = json.loads(run(folder, "list", "--trainee", "ana", "--json")[1])
    assert {k: row[k] for k in ("status", "attempts", "practice", "best", "latest")} == {
        "status": "not-passed", "attempts": 1, "practice": 1, "best": 50.0, "latest": 50.0}
    code, out, _ = run(folder, "next", "--trainee", "ana")
    assert code == 0
    assert out == ("Practise next: A small call (small)\n"
                   "Not yet passed in 1 attempt.\n\n"
                   "Where it goes wrong: reply 2, when Ana says:\n"
                   "  “By the bridge.”\n"
                   "1 call of 2 left the best path here.\n"
                   "The call did not end in success (outcome: failed): 50 points off the "
                   "overall, so\n  it cannot pass.\n"
                   "Better: Help is coming.\n"
                   "Retry from there:\n"
                   f"  agentsim play small --retry {call[:8]} --from 2\n")
    assert run(folder, "next", "--trainee", "ana", "--lang", "id")[1].startswith(
        "Latih berikutnya: Panggilan kecil (small)\nBelum lulus dalam 1 percobaan.\n")
    assert run(folder, "next", "--trainee", "bob")[1] == (
        "Nothing recorded for bob yet: start with A small call (small).\n")


def test_a_note_on_a_reply_the_call_lacks_is_bad_usage(folder: Path, records: Path) -> None:
    call = failed_call(folder, records)
    code, _, err = run(folder, "note", call, "--turn", "7", "x")
    assert code == 2
    assert err == f"error: --turn 7: call {call[:8]} has replies 1 to 2\n"
