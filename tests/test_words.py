"""The word files: one per language, the same keys in each, plurals as CLDR counts them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale

from simulator.present import Words, languages
from simulator.present._words import WORDS_DIR, keys

ROOT = Path(__file__).resolve().parent.parent


def test_english_and_indonesian_are_there() -> None:
    assert {"en", "id"} <= set(languages())


@pytest.mark.parametrize("lang", languages())
def test_every_key_is_in_every_file(lang: str) -> None:
    assert set(keys(lang)) == set(keys("en"))


@pytest.mark.parametrize("lang", languages())
def test_plural_entries_give_every_category_the_language_has(lang: str) -> None:
    needed = set(Locale.parse(lang).plural_form.tags) | {"other"}
    for key, categories in keys(lang).items():
        if keys("en")[key]:
            assert set(categories) == needed, (lang, key)


@pytest.mark.parametrize("lang", languages())
def test_placeholders_are_the_same_in_every_language(lang: str) -> None:
    mine, english = Words(lang), Words("en")

    def names(words: Words, key: str) -> set[str]:
        entry = words._table[key]
        texts = [entry] if isinstance(entry, str) else list(entry.values())
        return {n for text in texts for n in re.findall(r"\{(\w+)\}", text)} - {"n"}

    for key in keys("en"):
        assert names(mine, key) == names(english, key), (lang, key)


def test_numbers_are_written_the_languages_way() -> None:
    assert Words("en").number(94.5) == "94.5"
    assert Words("id").number(94.5) == "94,5"
    assert Words("en").number(5000) == "5,000"
    assert Words("id").number(5000) == "5.000"
    assert Words("en").number(100.0) == "100"


def test_plurals_follow_the_count() -> None:
    en = Words("en")
    assert en("toolkit.errors", n=1) == "1 error"
    assert en("toolkit.errors", n=2) == "2 errors"
    assert Words("id")("toolkit.errors", n=1) == "1 galat"


def test_lists_join_with_the_languages_conjunction() -> None:
    assert Words("en").join(["a", "b", "c"], "or") == "a, b, or c"
    assert Words("id").join(["a", "b"], "or") == "a atau b"


def test_an_unknown_emotion_is_shown_as_written() -> None:
    assert Words("id").emotion("fear") == "ketakutan"
    assert Words("id").emotion("quiet-dread") == "quiet dread"


def test_adding_a_language_is_adding_one_file() -> None:
    """Every language the code offers comes from a file in words/, none from a list."""
    assert languages() == tuple(sorted(p.stem for p in WORDS_DIR.glob("*.yaml")))
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "simulator").rglob("*.py"))
    assert '("en", "id")' not in source
