"""The reports' charts as plain values: SVG coordinates for line and dot charts, bar heights
for histograms. The templates draw them; nothing here knows the words.

Charts are drawn on a fixed grid (`WIDTH` x `HEIGHT` user units) and scroll sideways on a
narrow screen rather than shrink their text. Scores run from 0 to 100 up the side; a pass
mark, where given, is a dashed line across. Histograms have one bar per ten points and a
bar of their own for exactly 100, so a bar never hides the top score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WIDTH = 720
HEIGHT = 240
PAD_LEFT = 40
PAD_RIGHT = 44  # room for the pass mark's value at the end of its line
PAD_TOP = 16
PAD_BOTTOM = 32
BANDS = 11  # 0-9, 10-19, ..., 90-99, and 100 on its own
MAX_LABELS = 12


def _x(index: float, count: int) -> float:
    inner = WIDTH - PAD_LEFT - PAD_RIGHT
    return PAD_LEFT + (index / (count - 1) if count > 1 else 0.5) * inner


def _y(value: float) -> float:
    inner = HEIGHT - PAD_TOP - PAD_BOTTOM
    return PAD_TOP + (1 - min(max(value, 0.0), 100.0) / 100.0) * inner


def frame(labels: Sequence[str], pass_mark: float | None = None) -> dict[str, Any]:
    """The axes of a chart with `len(labels)` points along the bottom: at most MAX_LABELS
    of them labelled (the first, the last, and evenly between)."""
    count = len(labels)
    step = max(1, -(-count // MAX_LABELS))
    shown = [i for i in range(count) if i % step == 0 or i == count - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < step:
        shown.pop(-2)  # keep the last label clear of the one before
    return {
        "width": WIDTH, "height": HEIGHT, "left": PAD_LEFT, "right": WIDTH - PAD_RIGHT,
        "top": PAD_TOP, "bottom": HEIGHT - PAD_BOTTOM,
        "y_ticks": [{"y": f"{_y(v):.1f}", "label": str(v)} for v in (0, 25, 50, 75, 100)],
        "x_ticks": [{"x": f"{_x(i, count):.1f}", "label": labels[i],
                     "anchor": _anchor(i, count)} for i in shown],
        "pass_mark": None if pass_mark is None else {"y": f"{_y(pass_mark):.1f}",
                                                     "label": f"{pass_mark:g}"},
    }


def _anchor(index: int, count: int) -> str:
    """Where a label sits on its tick: the first and last inward, so neither is cut off."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def timeline(ticks: Sequence[tuple[float, str]], end: float) -> dict[str, Any]:
    """The axes of a chart over time (0 to `end`), with a tick at each (time, label)."""
    chart = frame([])
    inner = WIDTH - PAD_LEFT - PAD_RIGHT
    step = max(1, -(-len(ticks) // MAX_LABELS))
    chart["x_ticks"] = [{"x": f"{PAD_LEFT + (at / end if end else 0) * inner:.1f}",
                         "label": label, "anchor": "end" if at >= end else "middle"}
                        for i, (at, label) in enumerate(ticks)
                        if i % step == 0 or i == len(ticks) - 1]
    return chart


def line_over_time(values: Sequence[tuple[float, float]], end: float) -> str:
    """SVG polyline points for (time, value 0-100) pairs over 0 to `end`."""
    inner = WIDTH - PAD_LEFT - PAD_RIGHT
    return " ".join(f"{PAD_LEFT + (at / end if end else 0) * inner:.1f},{_y(v):.1f}"
                    for at, v in values)


def line(values: Sequence[float | None], count: int) -> str:
    """SVG polyline points for values (0-100) at positions 0..count-1; None is a gap that
    the line steps over."""
    return " ".join(f"{_x(i, count):.1f},{_y(v):.1f}" for i, v in enumerate(values)
                    if v is not None)


def dots(values: Sequence[tuple[int, float, bool]], count: int) -> list[dict[str, Any]]:
    """Dots for (position, value, passed) triples."""
    return [{"x": f"{_x(i, count):.1f}", "y": f"{_y(v):.1f}", "passed": passed}
            for i, v, passed in values]


def marks(positions: Sequence[int], count: int) -> list[dict[str, str]]:
    """Ticks along the bottom axis at positions (calls without a score)."""
    return [{"x": f"{_x(i, count):.1f}", "y": f"{HEIGHT - PAD_BOTTOM:.1f}"}
            for i in positions]


def rolling(values: Sequence[float], window: int) -> list[float]:
    """The mean of each value and the `window - 1` before it."""
    out = []
    for i in range(len(values)):
        part = values[max(0, i - window + 1):i + 1]
        out.append(sum(part) / len(part))
    return out


def band_labels() -> list[str]:
    """The histogram's bars: '0–9' ... '90–99', then '100'."""
    return [f"{10 * b}–{10 * b + 9}" for b in range(BANDS - 1)] + ["100"]


def histogram(counts: Sequence[int], pass_mark: float | None = None) -> dict[str, Any]:
    """Bars of a histogram of BANDS counts, as percentages of the tallest, and where the
    pass mark falls across it (percent from the left)."""
    top = max(counts, default=0) or 1
    bars = [{"label": label, "count": n, "height": f"{100 * n / top:.1f}"}
            for label, n in zip(band_labels(), counts, strict=True)]
    at = None
    if pass_mark is not None and 0 < pass_mark <= 100:
        at = f"{100 * min(pass_mark / 10, BANDS - 1) / BANDS:.2f}"
    return {"bars": bars, "total": sum(counts), "pass_mark_at": at}


def score_band(value: float) -> int:
    """The histogram bar a score falls in."""
    return min(BANDS - 1, max(0, int(value // 10)))
