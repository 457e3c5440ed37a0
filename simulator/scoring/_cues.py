"""Surface cues in what a reply says: the lexicon in `cues.yaml` (warm phrases, forms of
address, services, stock phrases, refusals, stop words) and the plain measures taken with it.

The test-wise strategies pick replies by these measures and the validity checks look for
them among the best replies. Everything here reads words only, never what a reply does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import Diagnostic, ScenarioError
from simulator.scenario import FALLBACK_LANGUAGE, Map, read_document

CUES_PATH = Path(__file__).resolve().parent / "cues.yaml"
LISTS = ("warm", "titles", "services", "stock", "refusals", "stop_words", "suffixes")

# A word: letters and digits, with inner apostrophes ("i'm", "pavel's").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normal(text: str) -> str:
    """Text as the cues are matched: lower-cased, typographic apostrophes read as '."""
    return text.translate(_APOSTROPHES).lower()


@dataclass(frozen=True, slots=True)
class Phrases:
    """A list of phrases, matched as whole words; where two overlap, the longer counts."""

    phrases: tuple[str, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, phrases: tuple[str, ...]) -> Phrases:
        if not phrases:
            return cls((), None)
        ordered = sorted({normal(p) for p in phrases}, key=lambda p: (-len(p), p))
        alternatives = "|".join(re.escape(p) for p in ordered)
        return cls(tuple(phrases), re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])"))

    def found(self, text: str) -> list[str]:
        """Each phrase found in `text` (as `normal` gives it), once per time it appears."""
        return self.pattern.findall(text) if self.pattern is not None else []

    def count(self, text: str) -> int:
        return len(self.found(text))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The cues of one language."""

    lang: str
    warm: Phrases
    titles: frozenset[str]
    services: Phrases
    stock: Phrases
    refusals: Phrases
    stop_words: frozenset[str]
    suffixes: tuple[str, ...]

    def words(self, text: str) -> list[str]:
        """The words of `text` (as `normal` gives it), each without a listed ending."""
        out = []
        for word in _WORD.findall(text):
            for suffix in self.suffixes:
                if word.endswith(suffix) and len(word) >= len(suffix) + 3:
                    word = word[: -len(suffix)]
                    break
            out.append(word)
        return out

    def content(self, text: str) -> set[str]:
        """The distinct words of `text` that are not stop words."""
        return {w for w in self.words(text) if w not in self.stop_words}


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon of every language the cue file lists."""

    lexicons: Mapping[str, Lexicon]

    def __call__(self, lang: str) -> Lexicon:
        """The lexicon of `lang`, else the English one."""
        return self.lexicons.get(lang) or self.lexicons[FALLBACK_LANGUAGE]


_cache: dict[Path, Cues] = {}


def load_cues(path: Path | None = None) -> Cues:
    """Read a cue file (the shipped `cues.yaml` when `path` is None); cached per path.

    ScenarioError if it is not a mapping of the lists above, each a mapping of language to
    a list of strings, with an English list for each.
    """
    path = (path or CUES_PATH).resolve()
    if path not in _cache:
        _cache[path] = _read(read_document(path, "a cue file"), str(path))
    return _cache[path]


def _read(document: Map, name: str) -> Cues:
    problems: list[Diagnostic] = []

    def bad(where: Map, key: str, message: str) -> None:
        problems.append(Diagnostic(where.value_locs.get(key, where.loc), "error", message,
                                   "Y004"))

    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for key in LISTS:
        section = document.get(key)
        if not isinstance(section, Map) or FALLBACK_LANGUAGE not in section:
            bad(document, key, f"{name}: '{key}' must map languages, English among them, "
                "to lists of phrases")
            continue
        for lang, items in section.items():
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                bad(section, lang, f"{name}: '{key}.{lang}' must be a list of strings")
                continue
            tables.setdefault(lang, {})[key] = tuple(items)
    if problems:
        raise ScenarioError(problems)

    def lexicon(lang: str) -> Lexicon:
        own = tables[lang]

        def get(key: str) -> tuple[str, ...]:
            return own.get(key, tables[FALLBACK_LANGUAGE][key])

        return Lexicon(
            lang=lang, warm=Phrases.of(get("warm")),
            titles=frozenset(normal(t) for t in get("titles")),
            services=Phrases.of(get("services")), stock=Phrases.of(get("stock")),
            refusals=Phrases.of(get("refusals")),
            stop_words=frozenset(normal(w) for w in get("stop_words")),
            suffixes=tuple(normal(s) for s in get("suffixes")))

    return Cues({lang: lexicon(lang) for lang in tables})


def name_forms(name: str, lexicon: Lexicon) -> frozenset[str]:
    """The words a reply can call the caller by: each part of their name ("Pavel Sokolov":
    pavel, sokolov), as `Lexicon.words` reads them, but a form of address ("Ibu Sari": sari)."""
    return frozenset(w for w in lexicon.words(normal(name))
                     if len(w) >= 2 and w not in lexicon.titles)
