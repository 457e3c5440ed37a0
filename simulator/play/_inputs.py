"""What a trainee gives before a call, checked before the call starts: their name and the
seed. A call is never played only to be refused by the records afterwards.

A trainee's name is kept as typed, tidied (Unicode NFC, trimmed, inner spaces collapsed),
and compared without regard to case: "Dewi", "dewi" and " dewi " are one trainee.
"""

from __future__ import annotations

import re
import unicodedata
from typing import BinaryIO

from simulator.errors import UsageError

MAX_NAME = 200  # characters: the records' column holds no more
MAX_SEED = 2**63 - 1  # the records keep a seed as a signed 64-bit integer
MAX_ANSWERS_BYTES = 1024 * 1024  # a call has dozens of replies; a megabyte is thousands
# Every control character, tab and newline included: a name is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Scripts that one name may mix without looking like another: Japanese writes kanji with
# kana, Korean may write hanja with hangul.
_FAMILIES = {"CJK": "Han", "HIRAGANA": "Han", "KATAKANA": "Han", "HANGUL": "Han",
             "BOPOMOFO": "Han"}


def trainee_name(raw: str, source: str = "--trainee") -> str:
    """A trainee's name, tidied: NFC, trimmed, inner spaces collapsed to one.

    Refused with a UsageError naming `source`: a name that is not valid UTF-8, is empty,
    holds a control character or is longer than the records keep.
    """
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        shown = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise UsageError(f"the trainee name '{shown}' ({source}) is not valid UTF-8: "
                         "give --trainee NAME") from None
    name = unicodedata.normalize("NFC", raw)
    found = _CONTROL.search(name)
    if found is not None:
        raise UsageError(f"the trainee name ({source}) holds a control character, "
                         f"{repr(found.group())[1:-1]}: give a name of letters, digits, "
                         "spaces and punctuation")
    name = " ".join(name.split())
    if not name:
        raise UsageError(f"the trainee name ({source}) is empty: give --trainee NAME")
    if len(name) > MAX_NAME:
        raise UsageError(f"the trainee name ({source}) is {len(name):,} characters long: "
                         f"the records keep at most {MAX_NAME}")
    return name


def trainee_key(name: str) -> str:
    """What makes two names the same trainee: the tidied name without case."""
    tidy = " ".join(unicodedata.normalize("NFC", name).split())
    return unicodedata.normalize("NFC", tidy.casefold())


def name_scripts(name: str) -> tuple[str, ...]:
    """The scripts of a name's letters, when it mixes several that could pass for one
    another ("dеwi" with a Cyrillic е); empty for a name in one script."""
    found: dict[str, None] = {}
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            found[_FAMILIES.get(script, script.title())] = None
    return tuple(found) if len(found) > 1 else ()


def check_seed(seed: int) -> int:
    """A seed the records can keep: a whole number from 0 to 2**63 - 1."""
    if not 0 <= seed <= MAX_SEED:
        raise UsageError(f"--seed must be a whole number from 0 to {MAX_SEED}, not {seed}")
    return seed


def answers_text(stream: BinaryIO, source: str) -> str:
    """The text of an answers file: at most a megabyte (`/dev/zero` is not read for ever),
    UTF-8 with or without a byte-order mark (as Windows Notepad writes it)."""
    data = stream.read(MAX_ANSWERS_BYTES + 1)
    if len(data) > MAX_ANSWERS_BYTES:
        raise UsageError(f"{source} is larger than {MAX_ANSWERS_BYTES // 1024 // 1024} MB: an "
                         "answers file has one reply per line")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise UsageError(f"{source}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x}): "
                         "save the answers file as UTF-8") from None
