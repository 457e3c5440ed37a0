"""Why a call did not pass, in plain words, and how long the trainee thought before each
reply: the first thing a trainee and a coach read under the scores.

The reasons come from the record: broken off, a critical error, an ending that is not a
success (and the meter that forced it), an overall below the pass mark. When a meter
forced the ending and the trainee hesitated, the same replies are played again without
hesitation: if the meter then holds, the call was lost to thinking time, and it says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from simulator.errors import ChoiceError
from simulator.play import Engine, Turn
from simulator.present._findings import Explainer
from simulator.present._report import first_sentence
from simulator.present._screen import dimension_name
from simulator.present._words import Words, clock
from simulator.records import Record
from simulator.scenario import Scenario
from simulator.scoring import Profile


def why_failed(record: Record, scenario: Scenario | None, profile: Profile,
               say: Words) -> list[str]:
    """Sentences saying why the call did not pass, most decisive first (none if it did)."""
    if record.passed:
        return []
    if not record.complete:
        return [say("why.abandoned", n=len(record.turns or record.path))]
    out: list[str] = []
    explain = Explainer(scenario, say)
    if record.critical_errors:
        labels = [explain.critical(e)[0] for e in record.critical_errors]
        out.append(say("why.critical", n=len(labels), labels=say.join(labels)))
    ending = scenario.endings.get(record.ending or "") if scenario else None
    forced = next((t.forced_by for t in reversed(record.turns) if t.forced_by), None)
    ending_text = first_sentence(ending.text.get(say.lang)) if ending else (record.ending or "")
    if forced is not None and not record.success:
        out.append(_forced(record, scenario, forced, ending_text, say))
    elif record.outcome is not None and not record.success:
        out.append(say("why.ending-not-success", outcome=say(f"outcome.{record.outcome}")
                       if say.has(f"outcome.{record.outcome}") else record.outcome,
                       ending=ending_text))
    overall = record.scores.get("overall")
    if not out and overall is not None and overall < record.pass_mark:
        out.append(_below(record, profile, say, overall))
    return out


def _forced(record: Record, scenario: Scenario | None, meter_id: str, ending: str,
            say: Words) -> str:
    meter = scenario.meters.get(meter_id) if scenario else None
    label = meter.label.get(say.lang) if meter else meter_id
    thinking = [t.thinking for t in record.turns]
    if any(thinking) and scenario is not None and _holds_without_thinking(scenario, record):
        return say("why.thinking-limit", meter=label, range=_range(thinking, say),
                   total=clock(sum(thinking)))
    return say("why.meter", meter=label, ending=ending)


def _holds_without_thinking(scenario: Scenario, record: Record) -> bool:
    """Whether the same replies, given without hesitation, end the call some other way than
    the meter that ended it (False where they cannot be replayed)."""
    engine = Engine(scenario)
    try:
        session = engine.replay(list(record.path), seed=record.seed, lang=record.lang)
    except ChoiceError:
        return False
    engine.release(session)
    forced = [t.forced_by for t in session.turns if t.forced_by]
    return not forced and session.ending != record.ending


def _below(record: Record, profile: Profile, say: Words, overall: float) -> str:
    lost: dict[str, float] = {}
    for finding in record.findings:
        dimension = str(finding.get("dimension", ""))
        lost[dimension] = lost.get(dimension, 0.0) + float(finding.get("overall") or 0.0)
    if not lost:
        return say("why.below", overall=say.fixed(overall), mark=say.number(record.pass_mark))
    worst = max(lost, key=lambda d: lost[d])
    return say("why.below-most", overall=say.fixed(overall), mark=say.number(record.pass_mark),
               dimension=dimension_name(say, profile, worst), n=round(lost[worst], 1))


def thinking_summary(turns: Sequence[Turn], timed: bool, say: Words) -> str:
    """How long the trainee thought before each reply: '4–103 s before each reply (median
    12 s), 03:10 in all'; '' for an untimed call or one without replies."""
    values = [t.thinking for t in turns]
    if not timed or not values:
        return ""
    return say("why.thinking-summary", range=_range(values, say),
               median=say.number(median(values), 0), total=clock(sum(values)))


def _range(values: Sequence[float], say: Words) -> str:
    """'43–103' in whole seconds; '40' when the shortest and longest round alike."""
    low, high = say.number(min(values), 0), say.number(max(values), 0)
    return low if low == high else f"{low}–{high}"


def short_reason(record: Record, scenario: Scenario | None, profile: Profile,
                 say: Words) -> str:
    """The most decisive reason a call did not pass beyond its critical errors (which a
    table shows in a column of their own), for a row of a table; '' if there is none."""
    reasons = why_failed(record, scenario, profile, say)
    if record.critical_errors and record.complete:
        reasons = reasons[1:]
    return reasons[0] if reasons else ""
