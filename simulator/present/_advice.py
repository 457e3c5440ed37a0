"""What a trainee's own words did, for type-first play's advisory note: the caller's name,
the feeling named, where they are asked, an action promised, and what to be careful with.

Advice for the trainee and their coach, never part of any score. The markers are phrases in
one file per language (`markers/<lang>.yaml`, documented in docs/practice.md); every
language's list is read, since trainees switch languages mid-sentence. A positive marker
said with a negation ("I can't help you") does not count.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.present._words import Words

MARKERS_DIR = Path(__file__).resolve().parent / "markers"
BEFORE, AFTER = 3, 2  # how far a negation reaches: words before and after a phrase
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "bapak", "ibu", "pak", "bu", "mas",
                        "mbak", "kak", "sir", "madam"})
ORDER = ("name", "feeling", "acknowledge", "explore", "location", "reassure", "action",
         "dismiss", "refuse", "blame")
_WORD = re.compile(r"\w+(?:['-]\w+)*")
_BREAK = re.compile(r"[.,;:!?()\[\]\"“”…]+")


@dataclass(frozen=True, slots=True)
class Hit:
    """One marker found: its category and the trainee's words that matched."""

    category: str
    words: str


@dataclass(frozen=True, slots=True)
class Advice:
    """What the words did (`did`), what they would have done but for a negation
    (`negated`), and what to be careful with (`cautions`), in the order of ORDER."""

    did: tuple[Hit, ...] = ()
    negated: tuple[Hit, ...] = ()
    cautions: tuple[Hit, ...] = ()


@dataclass(frozen=True, slots=True)
class _Phrase:
    category: str
    caution: bool
    words: tuple[str, ...]

    def matches(self, tokens: Sequence[str], at: int) -> bool:
        if at + len(self.words) > len(tokens):
            return False
        return all(token.startswith(word[:-1]) if word.endswith("*") else token == word
                   for word, token in zip(self.words, tokens[at:], strict=False))


@dataclass(frozen=True, slots=True)
class _Markers:
    negations: frozenset[str]
    breaks: frozenset[str]
    phrases: tuple[_Phrase, ...]


def marker_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in MARKERS_DIR.glob("*.yaml")))


@functools.cache
def markers() -> _Markers:
    """Every language's markers, together."""
    from simulator.scenario import read_document

    negations: set[str] = set()
    breaks: set[str] = set()
    phrases: list[_Phrase] = []
    for lang in marker_languages():
        document = read_document(MARKERS_DIR / f"{lang}.yaml", "a marker file")
        negations |= {_norm(str(w)) for w in document["negations"]}
        breaks |= {_norm(str(w)) for w in document["clause-breaks"]}
        for category, entry in document["markers"].items():
            if category not in ORDER:
                raise ValueError(f"{lang}.yaml: unknown marker category '{category}'")
            for phrase in entry["phrases"]:
                phrases.append(_Phrase(str(category), entry["kind"] == "caution",
                                       tuple(_tokens(str(phrase)))))
    # Longer phrases first, so "don't worry" is read before "worry*".
    phrases.sort(key=lambda p: (-len(p.words), not p.caution))
    return _Markers(frozenset(negations), frozenset(breaks), tuple(phrases))


def advise(typed: str, customer: str = "") -> Advice:
    """What the typed words did; `customer` is the caller's name as the scenario gives it."""
    found: dict[str, list[Hit]] = {"did": [], "negated": [], "cautions": []}
    seen: dict[str, set[str]] = {key: set() for key in found}

    def add(kind: str, hit: Hit) -> None:
        if hit.category not in seen[kind]:
            seen[kind].add(hit.category)
            found[kind].append(hit)

    table, names = markers(), _names(customer)
    for shown in _clauses(typed, table.breaks):
        clause = [t.lower() for t in shown]
        hit = next((s for s, t in zip(shown, clause, strict=True)
                    if any(t.startswith(n) for n in names)), None)
        if hit is not None:
            add("did", Hit("name", hit))
        taken = [False] * len(clause)
        for phrase in table.phrases:
            for at in range(len(clause)):
                end = at + len(phrase.words)
                if any(taken[at:end]) or not phrase.matches(clause, at):
                    continue
                taken[at:end] = [True] * (end - at)
                words = " ".join(shown[at:end])
                if phrase.caution:
                    add("cautions", Hit(phrase.category, words))
                elif _negated(clause, at, end, table.negations):
                    add("negated", Hit(phrase.category, words))
                else:
                    add("did", Hit(phrase.category, words))
    did = {h.category for h in found["did"]}

    def ordered(hits: list[Hit]) -> tuple[Hit, ...]:
        return tuple(sorted(hits, key=lambda h: ORDER.index(h.category)))

    return Advice(ordered(found["did"]),
                  ordered([h for h in found["negated"] if h.category not in did]),
                  ordered(found["cautions"]))


def advice_lines(advice: Advice, words: Words) -> list[str]:
    """The advisory note in sentences of `words`' language, the last saying it is not
    scored."""

    def items(hits: Sequence[Hit]) -> str:
        return words.join(words("practice.quoted", what=words(f"practice.marker-{h.category}"),
                                words=h.words) for h in hits)

    lines = []
    if advice.did:
        lines.append(words("practice.advice-did", items=items(advice.did)))
    if advice.negated:
        lines.append(words("practice.advice-negated", items=items(advice.negated)))
    if advice.cautions:
        lines.append(words("practice.advice-caution", items=items(advice.cautions)))
    if not lines:
        lines.append(words("practice.advice-none"))
    lines[-1] += " " + words("practice.advice-note")
    return lines


def _norm(text: str) -> str:
    return _straight(text).lower()


def _straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _tokens(text: str) -> list[str]:
    return [m.group(0) + ("*" if text[m.end():m.end() + 1] == "*" else "")
            for m in _WORD.finditer(_norm(text))]


def _clauses(text: str, breaks: frozenset[str]) -> list[list[str]]:
    """The words of each clause, as typed (apostrophes straightened)."""
    clauses: list[list[str]] = []
    for part in _BREAK.split(_straight(text)):
        current: list[str] = []
        for token in _WORD.findall(part):
            if token.lower() in breaks:
                clauses.append(current)
                current = []
            else:
                current.append(token)
        clauses.append(current)
    return [c for c in clauses if c]


def _names(customer: str) -> list[str]:
    return [n for n in _WORD.findall(_norm(customer)) if len(n) >= 3 and n not in HONORIFICS]


def _negated(clause: Sequence[str], start: int, end: int, negations: frozenset[str]) -> bool:
    near = [*clause[max(0, start - BEFORE):start], *clause[end:end + AFTER]]
    return any(t in negations or t.endswith("n't") for t in near)
