"""The words shown to people, one file per language, with numbers, lists and times formatted
the way each language writes them (CLDR data through Babel, loaded on first use).

Each file in `words/` is named by its language code. A key names a group and an entry
(`call.prompt`); an entry is a sentence with {placeholders}, or a mapping of CLDR plural
categories chosen by the number {n}.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

WORDS_DIR = Path(__file__).resolve().parent / "words"
FALLBACK = "en"


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages agentsim speaks: one per file in `words/`."""
    return tuple(sorted(p.stem for p in WORDS_DIR.glob("*.yaml")))


@functools.cache
def _table(lang: str) -> Mapping[str, str | Mapping[str, str]]:
    """A word file flattened to `group.entry` keys; plural entries stay mappings."""
    from simulator.scenario import read_document

    document = read_document(WORDS_DIR / f"{lang}.yaml", "a word file")
    table: dict[str, str | Mapping[str, str]] = {}
    for group, entries in document.items():
        if isinstance(entries, str):
            table[group] = entries
            continue
        for key, value in entries.items():
            table[f"{group}.{key}"] = value if isinstance(value, str) else dict(value)
    return table


def keys(lang: str) -> dict[str, tuple[str, ...]]:
    """Every key of a language's file, with its plural categories (empty for a sentence)."""
    return {key: () if isinstance(value, str) else tuple(value)
            for key, value in _table(lang).items()}


class Words:
    """The words of one language, and its way of writing numbers, lists and times."""

    def __init__(self, lang: str = FALLBACK) -> None:
        self.lang = lang if lang in languages() else FALLBACK
        self._table = _table(self.lang)
        self._fallback = _table(FALLBACK)

    def __call__(self, key: str, /, **params: Any) -> str:
        """The entry `key` with its placeholders filled; numbers are formatted here."""
        entry = self._table.get(key) or self._fallback[key]
        if not isinstance(entry, str):
            category = self.plural(params.get("n", 0))
            entry = entry.get(category) or entry["other"]
        shown = {name: self.number(value) if _is_number(value) else value
                 for name, value in params.items()}
        return entry.format(**shown)

    def has(self, key: str) -> bool:
        return key in self._table or key in self._fallback

    def group(self, name: str) -> dict[str, str]:
        """The plain sentences of one group by entry name, as templates read them."""
        prefix = name + "."
        out = {k[len(prefix):]: v for k, v in self._fallback.items()
               if k.startswith(prefix) and isinstance(v, str)}
        out.update({k[len(prefix):]: v for k, v in self._table.items()
                    if k.startswith(prefix) and isinstance(v, str)})
        return out

    def emotion(self, name: str) -> str:
        """How a caller sounds (`fear` -> "frightened"); an unknown name is shown as written."""
        key = f"emotion.{name}"
        return self(key) if self.has(key) else name.replace("-", " ")

    def plural(self, n: object) -> str:
        """The CLDR plural category of `n` in this language ("one", "other", ...)."""
        return _plural(self.lang, abs(n) if _is_number(n) else 0)  # type: ignore[arg-type]

    def number(self, value: float, digits: int = 1) -> str:
        """A number as this language writes it, with at most `digits` decimals: 94.5, 94,5."""
        return _decimal(value, "#,##0" + ("." + "#" * digits if digits else ""), self.lang)

    def fixed(self, value: float, digits: int = 1) -> str:
        """A number with exactly `digits` decimals, as this language writes it: 100.0, 94,5.
        Scores are shown so everywhere (`history`, the CSV, the reports)."""
        return _decimal(round(value, digits), "#,##0" + ("." + "0" * digits if digits else ""),
                        self.lang)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share (0-1) as a percentage the way this language writes it: 41 %, 41%."""
        from babel.numbers import format_percent

        pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
        return str(format_percent(share, format=pattern, locale=self.lang))

    def date(self, stamp: str, year: bool = True) -> str:
        """A stored ISO time (or date) as the local date, the way this language writes it:
        'Aug 3, 2026', '3 Agu 2026'; without the year: 'Aug 3', '3 Agu'."""
        return _date(stamp, year, self.lang, time.tzname, time.timezone)

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """Items as a sentence lists them: 'a, b and c'; style 'or': 'a, b or c'."""
        from babel.lists import format_list

        return str(format_list(list(items), style=style, locale=self.lang))  # type: ignore[arg-type]

    def when(self, stamp: str) -> str:
        """A stored ISO time as local time with its offset: '2026-11-30 20:45 UTC+07:00'."""
        moment = datetime.fromisoformat(stamp)
        local = moment.astimezone() if moment.tzinfo else moment
        offset = local.strftime("%z")
        zone = f" UTC{offset[:3]}:{offset[3:]}" if offset else ""
        return local.strftime("%Y-%m-%d %H:%M") + zone


# Babel takes tens of microseconds a number; a report of a large cohort writes tens of
# thousands of numbers, most of them the same few hundred.
@functools.lru_cache(maxsize=1 << 16)
def _decimal(value: float, pattern: str, lang: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, format=pattern, locale=lang))


@functools.lru_cache(maxsize=1 << 14)
def _date(stamp: str, year: bool, lang: str, *zone: object) -> str:
    """`Words.date`, kept per local zone (`zone`), which a test may change."""
    from babel.dates import format_date, format_skeleton

    moment = datetime.fromisoformat(stamp)
    local = moment.astimezone() if moment.tzinfo else moment
    if not year:
        return str(format_skeleton("MMMd", local, locale=lang))
    return str(format_date(local.date(), format="medium", locale=lang))


@functools.lru_cache(maxsize=1 << 12)
def _plural(lang: str, number: float) -> str:
    from babel import Locale

    category: str = Locale.parse(lang).plural_form(number)
    return category


def clock(seconds: float) -> str:
    """Simulated time as mm:ss, the same in every language."""
    whole = round(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
