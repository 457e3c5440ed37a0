"""What the format reads out of text: how long a reply takes to say, and meter values shown
inside a line ("{battery}" becomes "9%")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from simulator.scenario._model import FALLBACK_LANGUAGE, WORDS_PER_MINUTE, Meter, Text

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9-]{0,63})\}")


def speaking_time(text: Text, rate: float = WORDS_PER_MINUTE) -> float:
    """Seconds it takes to say `text` at `rate` words a minute, counted in English (else the
    first language given), so a call's clock is the same whichever language it is played in.
    """
    words = text.values.get(FALLBACK_LANGUAGE) or next(iter(text.values.values()), "")
    return round(60.0 * len(words.split()) / rate, 1)


def meter_text(meter: Meter, value: float, lang: str) -> str:
    """A meter's value with its unit: "9%", or the unit's own pattern ("Rp {value} juta")."""
    number = f"{value:.0f}"
    unit = meter.unit.get(lang)
    if "{value}" in unit:
        return unit.replace("{value}", number)
    return number + unit


def fill(line: str, meters: Mapping[str, Meter], values: Mapping[str, float],
         lang: str) -> str:
    """`line` with each `{meter-id}` replaced by that meter's value; other braces stay."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in meters and name in values:
            return meter_text(meters[name], values[name], lang)
        return match.group(0)

    return _PLACEHOLDER.sub(value, line)
