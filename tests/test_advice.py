"""The advisory note on typed words: markers in English and Indonesian, negation, cautions,
the caller's name; advice only, in the words of each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.present import Words, advice_lines, advise
from simulator.present._advice import MARKERS_DIR, ORDER, markers

ROOT = Path(__file__).resolve().parent.parent


def found(text: str, customer: str = "Pavel Sokolov") -> tuple[list[str], list[str],
                                                                list[str]]:
    advice = advise(text, customer)
    return ([f"{h.category}:{h.words}" for h in advice.did],
            [f"{h.category}:{h.words}" for h in advice.negated],
            [f"{h.category}:{h.words}" for h in advice.cautions])


@pytest.mark.parametrize(("text", "expected"), [
    ("Pavel, I can hear you're scared. Where are you exactly? I'll send a taxi now.",
     (["name:Pavel", "feeling:scared", "acknowledge:I can hear", "location:Where are you",
       "action:I'll"], [], [])),
    ("I can't help you with that.", ([], [], ["refuse:can't help"])),
    ("I don't know where you are", ([], ["location:where you are"], [])),
    ("I will not send anyone", ([], ["action:I will"], [])),
    ("I don’t know yet, but I’ll send help", (["action:I'll"], [], [])),
    ("Don't worry, stay with me.", (["reassure:stay with me"], [], ["dismiss:Don't worry"])),
    ("You're not alone, Mr Sokolov.", (["name:Sokolov", "reassure:You're not alone"], [], [])),
    ("Why didn't you charge your phone?", ([], [], ["blame:Why didn't you"])),
    ("Pak Pavel, saya mengerti Bapak takut. Di mana posisi Bapak? Saya akan kirim taksi.",
     (["name:Pavel", "feeling:takut", "acknowledge:saya mengerti", "location:Di mana",
       "action:Saya akan"], [], [])),
    ("Saya tidak bisa membantu.", ([], [], ["refuse:tidak bisa membantu"])),
    ("Saya tidak tahu di mana Bapak, tapi saya kirim bantuan.",
     (["action:saya kirim"], ["location:di mana"], [])),
    ("Jangan khawatir, Bapak tidak sendirian.",
     (["reassure:tidak sendirian"], [], ["dismiss:Jangan khawatir"])),
    ("ok", ([], [], [])),
])
def test_markers_negation_and_cautions(text: str,
                                       expected: tuple[list[str], list[str], list[str]]) -> None:
    assert found(text) == expected


def test_honorifics_and_short_name_parts_are_not_the_name() -> None:
    assert found("Bapak, Ibu, Mr and Dr are not names", "Bapak Al Dr Ibu")[0] == []


def test_the_note_says_it_is_advice_in_each_language() -> None:
    advice = advise("Pavel, I'll send help. I can't help it, calm down.", "Pavel Sokolov")
    assert advice_lines(advice, Words("en")) == [
        "Your words used the caller's name (“Pavel”) and promised an action (“I'll”).",
        "Careful: brushed the feeling aside (“calm down”) and turned them away (“can't "
        "help”). (Advice only, not scored.)"]
    assert advice_lines(advise("Saya akan kirim bantuan", ""), Words("id")) == [
        "Kata-kata Anda menjanjikan tindakan (“Saya akan”). (Hanya saran, tidak dinilai.)"]
    assert advice_lines(advise("hmm", ""), Words("en")) == [
        "None of the markers: the caller's name, the feeling, where they are, an action "
        "promised. (Advice only, not scored.)"]


def test_both_languages_have_a_marker_file_with_every_category() -> None:
    for lang in ("en", "id"):
        text = (MARKERS_DIR / f"{lang}.yaml").read_text(encoding="utf-8")
        for category in ORDER[1:]:
            assert f"\n  {category}:\n" in text, (lang, category)
    assert markers().negations >= {"not", "never", "tidak", "bukan", "jangan"}


def test_every_category_is_documented() -> None:
    doc = (ROOT / "docs" / "practice.md").read_text(encoding="utf-8")
    for category in ORDER:
        assert re.search(rf"\| `{category}` \|", doc), category
