"""The session report: one call for the trainee and their coach. The scores, then why the
call did not pass and how long the trainee thought, critical errors, where the points went,
the path against the best path, the meters over the call, and the transcript."""

from __future__ import annotations

from typing import Any

from simulator.present._charts import line_over_time, timeline
from simulator.present._findings import Explainer
from simulator.present._report import NO_LINKS, SCORES, Links, now, score_text, words
from simulator.present._report_practice import session_practice
from simulator.present._screen import dimension_name, silence_line
from simulator.present._why import thinking_summary, why_failed
from simulator.present._words import Words, clock
from simulator.records import Record
from simulator.scenario import OUTCOMES, Scenario, fill, meter_text
from simulator.scoring import Profile, best_plan, best_replies


def session_view(record: Record, scenario: Scenario | None, profile: Profile,
                 lang: str | None = None, links: Links = NO_LINKS) -> dict[str, Any]:
    """Everything the session report shows, as plain values."""
    lang = lang or record.lang
    w = words(lang)
    say = Words(lang)
    explain = Explainer(scenario, say)
    shown = [explain.finding(f) for f in record.findings]
    notes = []
    if scenario is None:
        notes.append(w["scenario_missing"])
    elif scenario.digest != record.digest:
        notes.append(w["digest_changed"])
    transcript = _transcript(record, scenario, lang, [
        (f.get("turn"), s.better) for f, s in zip(record.findings, shown, strict=True)])
    ending = scenario.endings.get(record.ending or "") if scenario else None
    ending_text = (_seen(scenario, ending.told(record.ending_variant).get(lang),
                         record.turns[-1].meters if record.turns else {}, lang)
                   if ending else (record.ending or ""))
    return {
        "lang": lang, "w": w, "title": f"{w['session_report']}: {record.trainee}",
        "generated": now(lang),
        "notes": notes,
        "links": {"cohort": links.cohort, "trainee": links.trainee(record.trainee)},
        "session": {
            "id": record.id, "short_id": record.id[:8], "trainee": record.trainee,
            "scenario": scenario.title.get(lang) if scenario else record.scenario,
            "scenario_id": record.scenario, "version": record.scenario_version,
            "digest": record.digest[:12], "lang": record.lang,
            "status": say(f"status.{record.status}") if say.has(f"status.{record.status}")
            else record.status,
            "started": say.when(record.started_at), "clock": clock(record.clock),
            "ending_text": ending_text,
            "outcome": say(f"outcome.{record.outcome}") if record.outcome in OUTCOMES
            else (record.outcome or ""), "passed": record.passed,
            "complete": record.complete,
            "verdict": w["passed"] if record.passed else (
                w["failed"] if record.complete else w["incomplete"]),
            "pass_mark": say.number(record.pass_mark),
            "thinking": thinking_summary(record.turns, record.timed, say),
        },
        "why": why_failed(record, scenario, profile, say),
        "scores": score_bars(record.scores, profile, say),
        "critical_errors": [dict(zip(("label", "why"), explain.critical(e), strict=True),
                                 turn=e.get("turn")) for e in record.critical_errors],
        "transcript": transcript,
        "silences_after": _silences(record, scenario, len(record.turns), say),
        "path": _path(record, scenario, profile, lang, transcript),
        "best_path": _best_path(scenario, profile, lang),
        "timeline": _timeline(record, scenario, lang),
        "findings": [{"turn": f.get("turn"), "message": s.message, "did": s.did,
                      "better": s.better,
                      "dimension_label": dimension_name(say, profile, f["dimension"]),
                      "points": say.number(f["points"]), "overall": say.number(f["overall"])}
                     for f, s in zip(record.findings, shown, strict=True)],
        **session_practice(record, scenario, lang),
    }


def score_bars(scores: dict[str, float], profile: Profile, say: Words) -> list[dict[str, Any]]:
    """A bar per score the call has (none for an abandoned call; no accuracy for a call
    recorded before it was scored)."""
    return [{"key": key, "label": dimension_name(say, profile, key),
             "value": score_text(say, scores[key]), "width": f"{scores[key]:.1f}"}
            for key in SCORES if key in scores]


def _transcript(record: Record, scenario: Scenario | None, lang: str,
                better: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    say = Words(lang)
    out = []
    before = {m.id: m.start for m in scenario.meters.values()} if scenario else {}
    for turn in record.turns:
        state = scenario.states.get(turn.state) if scenario else None
        choice = state.choice(turn.choice) if state else None
        # What the trainee saw: the variant shown, with the meters as they stood then.
        said, told = state.words(turn.variant) if state else (None, None)
        out.append({
            "number": turn.number, "clock": clock(turn.clock),
            "customer": _seen(scenario, said.get(lang), before, lang) if said else "",
            "narration": _seen(scenario, told.get(lang), before, lang) if told else "",
            "emotion": state.emotion if state and state.emotion else "",
            "reply": choice.text.get(lang) if choice else turn.reply,
            "feedback": choice.feedback.get(lang) if choice else "",
            "better": next((text for at, text in better if at == turn.number and text), ""),
            "thinking": say.number(turn.thinking, 0) if turn.thinking else "",
            "takes": f"{turn.takes:g}",
            "meters": [{"label": scenario.meters[m].label.get(lang) if scenario and m in
                        scenario.meters else m, "value": f"{v:.0f}"}
                       for m, v in turn.meters.items()
                       if not scenario or m not in scenario.meters
                       or scenario.meters[m].shown],
            "forced_by": _meter_label(scenario, turn.forced_by, lang),
            "silences": _silences(record, scenario, turn.number - 1, say),
        })
        before = turn.meters
    return out


def _silences(record: Record, scenario: Scenario | None, after: int,
              say: Words) -> list[str]:
    """The silences the trainee let happen after `after` replies, each with its time."""
    out: list[str] = []
    if scenario is None:
        return out
    for heard in record.silences:
        state = scenario.states.get(heard.get("state", ""))
        if heard.get("turn") == after and state is not None and state.silence is not None:
            out.append(f"[{clock(heard.get('clock', 0.0))}] "
                       f"{silence_line(scenario, state.silence, say)}")
    return out


def _seen(scenario: Scenario | None, line: str, meters: dict[str, float], lang: str) -> str:
    """A line as the trainee saw it: in format 2, with meter values filled in."""
    if scenario is None or scenario.format < 2:
        return line
    return fill(line, scenario.meters, meters, lang)


def _meter_label(scenario: Scenario | None, meter_id: str | None, lang: str) -> str:
    meter = scenario.meters.get(meter_id) if scenario and meter_id else None
    return meter.label.get(lang) if meter else (meter_id or "")


def _path(record: Record, scenario: Scenario | None, profile: Profile, lang: str,
          transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
    better = best_replies(scenario, record.turns, profile) if scenario else []
    path = []
    for index, item in enumerate(transcript):
        best = better[index] if index < len(better) else None
        same = best is not None and best.id == record.turns[index].choice
        path.append({"number": item["number"], "mine": item["reply"], "same": same,
                     "best": "" if same or best is None else best.text.get(lang)})
    return path


def _best_path(scenario: Scenario | None, profile: Profile, lang: str) -> list[str]:
    if scenario is None:
        return []
    out = []
    for turn in best_plan(scenario, profile).session.turns:
        choice = scenario.states[turn.state].choice(turn.choice)
        out.append(choice.text.get(lang) if choice else turn.choice)
    return out


def _timeline(record: Record, scenario: Scenario | None, lang: str) -> dict[str, Any]:
    """The meters over the simulated clock, each scaled to its own range."""
    end = max((t.clock for t in record.turns), default=0.0) or 1.0
    series = []
    meters = scenario.meters if scenario else {}
    names = list(record.turns[0].meters) if record.turns else []
    for index, name in enumerate(names):
        meter = meters.get(name)
        low, high = (meter.min, meter.max) if meter else (0.0, 100.0)
        span = (high - low) or 1.0
        start = meter.start if meter else record.turns[0].meters[name]
        values = [(0.0, start)] + [(t.clock, t.meters.get(name, 0.0)) for t in record.turns]
        series.append({
            "label": meter.label.get(lang) if meter else name,
            "points": line_over_time([(at, 100 * (v - low) / span) for at, v in values], end),
            "style": f"series-{index % 4}",
            "last": (meter_text(meter, values[-1][1], lang) if meter
                     else f"{values[-1][1]:.0f}"),
        })
    chart = timeline([(t.clock, str(t.number)) for t in record.turns], end)
    chart["series"] = series
    chart["x_end"] = clock(end)
    return chart
