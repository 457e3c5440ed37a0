"""HTML reports for HR, coaches and trainers: plain view-models rendered by Jinja2 templates.

The templates in `reports/` hold no scoring logic: everything they show is computed here.
Autoescaping is on and undefined names fail loudly, so trainee and author text can never
become markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from statistics import mean
from typing import Any

from simulator.present._findings import Explainer
from simulator.present._report_practice import session_practice, trainee_practice
from simulator.present._screen import dimension_name
from simulator.present._words import Words, clock
from simulator.records import Record
from simulator.scenario import (
    DIMENSIONS,
    OUTCOMES,
    Scenario,
    Scenarios,
    content_dir,
    fill,
    meter_text,
)
from simulator.scoring import Profile, best_plan, best_replies

SCORES = (*DIMENSIONS, "overall")
CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_PAD = 36

def words(lang: str) -> dict[str, str]:
    """The report's words in `lang`, by name, as the templates read them (`w.trainee`)."""
    return Words(lang).group("report")


# -- charts --------------------------------------------------------------------------------

def _polyline(values: Sequence[tuple[float, float]], x_max: float, y_min: float = 0.0,
              y_max: float = 100.0) -> str:
    """SVG polyline points for (x, y) values scaled into the chart's plotting area."""
    width, height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    span = (y_max - y_min) or 1.0
    points = []
    for x, y in values:
        px = CHART_PAD + (x / x_max if x_max else 0.0) * width
        py = CHART_PAD + (1 - (min(max(y, y_min), y_max) - y_min) / span) * height
        points.append(f"{px:.1f},{py:.1f}")
    return " ".join(points)


def _chart(series: list[dict[str, Any]], x_labels: list[tuple[float, str]],
           x_max: float) -> dict[str, Any]:
    width = CHART_WIDTH - 2 * CHART_PAD
    height = CHART_HEIGHT - 2 * CHART_PAD
    return {
        "width": CHART_WIDTH, "height": CHART_HEIGHT, "pad": CHART_PAD,
        "bottom": CHART_PAD + height, "right": CHART_PAD + width,
        "series": series,
        "x_ticks": [{"x": CHART_PAD + (x / x_max if x_max else 0) * width, "label": label}
                    for x, label in x_labels],
        "y_ticks": [{"y": CHART_PAD + (1 - v / 100) * height, "label": f"{v}"}
                    for v in (0, 50, 100)],
    }


# -- session -------------------------------------------------------------------------------

def session_view(record: Record, scenario: Scenario | None, profile: Profile,
                 lang: str | None = None) -> dict[str, Any]:
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
    best_path: list[str] = []
    if scenario is not None:
        for best_turn in best_plan(scenario, profile).session.turns:
            best_choice = scenario.states[best_turn.state].choice(best_turn.choice)
            best_path.append(best_choice.text.get(lang) if best_choice else best_turn.choice)
    transcript = []
    before = {m.id: m.start for m in scenario.meters.values()} if scenario else {}
    for turn in record.turns:
        state = scenario.states.get(turn.state) if scenario else None
        choice = state.choice(turn.choice) if state else None
        better_text = next((s.better for f, s in zip(record.findings, shown, strict=True)
                            if f.get("turn") == turn.number and s.better), "")
        # What the trainee saw: the variant shown, with the meters as they stood then.
        said, told = state.words(turn.variant) if state else (None, None)
        transcript.append({
            "number": turn.number, "clock": clock(turn.clock),
            "customer": _seen(scenario, said.get(lang), before, lang) if said else "",
            "narration": _seen(scenario, told.get(lang), before, lang) if told else "",
            "emotion": state.emotion if state and state.emotion else "",
            "reply": choice.text.get(lang) if choice else turn.reply,
            "feedback": choice.feedback.get(lang) if choice else "",
            "better": better_text,
            "thinking": f"{turn.thinking:g}" if turn.thinking else "",
            "takes": f"{turn.takes:g}",
            "meters": [{"label": scenario.meters[m].label.get(lang) if scenario and m in
                        scenario.meters else m, "value": f"{v:.0f}"}
                       for m, v in turn.meters.items()
                       if not scenario or m not in scenario.meters
                       or scenario.meters[m].shown],
            "forced_by": turn.forced_by or "",
        })
        before = turn.meters
    better = best_replies(scenario, record.turns, profile) if scenario else []
    path = []
    for index, item in enumerate(transcript):
        best = better[index] if index < len(better) else None
        same = best is not None and best.id == record.turns[index].choice
        path.append({"number": item["number"], "mine": item["reply"], "same": same,
                     "best": "" if same or best is None else best.text.get(lang)})
    ending = scenario.endings.get(record.ending or "") if scenario else None
    ending_text = (_seen(scenario, ending.told(record.ending_variant).get(lang),
                         record.turns[-1].meters if record.turns else {}, lang)
                   if ending else (record.ending or ""))
    return {
        "lang": lang, "w": w, "title": f"{w['session_report']}: {record.trainee}",
        "generated": _now(lang),
        "notes": notes,
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
            "verdict": w["passed"] if record.passed else w["failed"],
            "pass_mark": say.number(record.pass_mark),
        },
        "scores": _score_bars(record.scores, profile, say),
        "critical_errors": [dict(zip(("label", "why"), explain.critical(e), strict=True),
                                 turn=e.get("turn")) for e in record.critical_errors],
        "transcript": transcript,
        "path": path,
        "best_path": best_path,
        "timeline": _timeline(record, scenario, lang),
        "findings": [{"turn": f.get("turn"), "message": s.message, "did": s.did,
                      "better": s.better,
                      "dimension_label": dimension_name(say, profile, f["dimension"]),
                      "points": say.number(f["points"]), "overall": say.number(f["overall"])}
                     for f, s in zip(record.findings, shown, strict=True)],
        **session_practice(record, scenario, lang),
    }


def _seen(scenario: Scenario | None, line: str, meters: dict[str, float], lang: str) -> str:
    """A line as the trainee saw it: in format 2, with meter values filled in."""
    if scenario is None or scenario.format < 2:
        return line
    return fill(line, scenario.meters, meters, lang)


def _score_bars(scores: dict[str, float], profile: Profile, say: Words) -> list[dict[str, Any]]:
    """A bar per score the call has (none for an abandoned call; no accuracy for a call
    recorded before it was scored)."""
    return [{"key": key, "label": dimension_name(say, profile, key),
             "value": say.number(scores[key]), "width": f"{scores[key]:.1f}"}
            for key in SCORES if key in scores]


def _timeline(record: Record, scenario: Scenario | None, lang: str) -> dict[str, Any]:
    """The meters over the simulated clock, each scaled to its own range."""
    end = max((t.clock for t in record.turns), default=0.0) or 1.0
    series = []
    meters = scenario.meters if scenario else {}
    start_values = {m.id: m.start for m in meters.values()}
    names = list(record.turns[0].meters) if record.turns else []
    for index, name in enumerate(names):
        meter = meters.get(name)
        low, high = (meter.min, meter.max) if meter else (0.0, 100.0)
        values = [(0.0, start_values.get(name, record.turns[0].meters[name]))]
        values += [(t.clock, t.meters.get(name, 0.0)) for t in record.turns]
        series.append({
            "label": meter.label.get(lang) if meter else name,
            "points": _polyline(values, end, low, high),
            "style": f"series-{index % 4}",
            "last": (meter_text(meter, values[-1][1], lang) if meter
                     else f"{values[-1][1]:.0f}"),
        })
    ticks = [(t.clock, str(t.number)) for t in record.turns]
    chart = _chart(series, ticks, end)
    chart["x_end"] = clock(end)
    return chart


# -- trainee -------------------------------------------------------------------------------

def trainee_view(trainee: str, records: Sequence[Record], scenarios: Scenarios,
                 profile: Profile, lang: str = "en") -> dict[str, Any]:
    """Every attempt of one trainee, the trend per dimension, the weakest dimension."""
    w = words(lang)
    done = [r for r in records if r.status == "completed"]
    titles = _titles({r.scenario for r in records}, scenarios, lang)
    attempts = [{
        "id": r.id[:8], "date": Words(lang).when(r.started_at), "scenario": titles[r.scenario],
        "result": w["abandoned"] if r.status == "abandoned" else (
            w["passed"] if r.passed else w["failed"]),
        "passed": r.passed, "critical": len(r.critical_errors),
        "scores": [f"{r.scores[k]:.0f}" if k in r.scores else "–" for k in SCORES],
    } for r in records]
    series = []
    if done:
        count = len(done)
        for index, key in enumerate(SCORES):
            values = [(i, r.scores[key]) for i, r in enumerate(done) if key in r.scores]
            if not values:
                continue
            series.append({"label": dimension_name(Words(lang), profile, key),
                           "points": _polyline(values, max(count - 1, 1)),
                           "style": f"series-{index % 4}",
                           "last": f"{values[-1][1]:.0f}"})
    recent = done[-5:]
    averages = {d: mean(r.scores[d] for r in recent if d in r.scores) for d in DIMENSIONS
                if any(d in r.scores for r in recent)}
    weakest = min(averages, key=lambda d: averages[d]) if averages else None
    if weakest is not None and averages[weakest] == max(averages.values()):
        weakest = None  # all level: naming one "weakest" would mislead
    return {
        "lang": lang, "w": w, "title": f"{w['trainee_report']}: {trainee}",
        "generated": _now(lang), "trainee": trainee,
        "labels": [dimension_name(Words(lang), profile, k) for k in SCORES],
        "attempts": attempts,
        # Pass rates count first attempts: a practice attempt (a retry) is not one.
        "passed": sum(r.passed for r in records if not r.practice),
        "total": sum(not r.practice for r in records),
        "trend": _chart(series, [(i, str(i + 1)) for i in range(len(done))],
                        max(len(done) - 1, 1)),
        "weakest": {"label": dimension_name(Words(lang), profile, weakest), "average":
                    f"{averages[weakest]:.0f}", "recent": len(recent)} if weakest else None,
        "averages": [{"key": d, "label": dimension_name(Words(lang), profile, d),
                      "value": f"{v:.0f}", "width": f"{v:.1f}"} for d, v in averages.items()],
        **trainee_practice(records, titles, lang),
    }


# -- cohort --------------------------------------------------------------------------------

def cohort_view(records: Sequence[Record], counts: Sequence[tuple[str, str, str, int]],
                scenarios: Scenarios, profile: Profile, lang: str = "en") -> dict[str, Any]:
    """Trainees x scenarios, score distributions, and how each decision point was answered."""
    w = words(lang)
    scenario_ids = sorted({r.scenario for r in records} | {c[0] for c in counts})
    models = {s: scenarios.get(s) for s in scenario_ids}
    titles = _titles(set(scenario_ids), scenarios, lang)
    trainees = sorted({r.trainee for r in records})
    cells: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        cells[(r.trainee, r.scenario)].append(r)
    matrix = []
    for trainee in trainees:
        row = []
        for s in scenario_ids:
            mine = cells.get((trainee, s), [])
            best = max((r.scores["overall"] for r in mine if r.complete), default=None)
            row.append({"attempts": len(mine), "passed": any(r.passed for r in mine),
                        "best": f"{best:.0f}" if best is not None else ""})
        matrix.append({"trainee": trainee, "cells": row})
    distributions = []
    for key in SCORES:
        bins = Counter(min(int(r.scores[key] // 10), 9) for r in records
                       if key in r.scores)
        top = max(bins.values(), default=0) or 1
        distributions.append({"label": dimension_name(Words(lang), profile, key), "bins": [
            {"range": f"{b * 10}-{b * 10 + 9 if b < 9 else 100}", "count": bins.get(b, 0),
             "height": f"{80 * bins.get(b, 0) / top:.1f}", "x": 4 + b * 24,
             "y": f"{90 - 80 * bins.get(b, 0) / top:.1f}",
             "label_y": f"{87 - 80 * bins.get(b, 0) / top:.1f}"} for b in range(10)]})
    return {
        "lang": lang, "w": w, "title": w["cohort_report"], "generated": _now(lang),
        "sessions": len(records), "trainee_count": len(trainees),
        "scenarios": [titles[s] for s in scenario_ids],
        "matrix": matrix, "distributions": distributions,
        "decisions": _decisions(counts, models, profile, lang),
    }


def _decisions(counts: Sequence[tuple[str, str, str, int]],
               models: dict[str, Scenario | None], profile: Profile,
               lang: str) -> list[dict[str, Any]]:
    by_state: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for scenario_id, state_id, choice_id, n in counts:
        by_state[(scenario_id, state_id)][choice_id] = n
    rows: list[dict[str, Any]] = []
    for (scenario_id, state_id), chosen in by_state.items():
        scenario = models.get(scenario_id)
        state = scenario.states.get(state_id) if scenario else None
        best_ids: set[str] = set()
        if scenario is not None and state is not None:
            plan = best_plan(scenario, profile)
            best_ids = {choice.id for _, choice in plan.policy(state_id)}
        total = sum(chosen.values())
        wrong = sum(n for c, n in chosen.items() if c not in best_ids) if best_ids else 0
        replies = []
        for choice_id, n in sorted(chosen.items(), key=lambda item: -item[1]):
            choice = state.choice(choice_id) if state else None
            replies.append({"text": choice.text.get(lang) if choice else choice_id,
                            "count": n, "share": f"{100 * n / total:.0f}",
                            "best": choice_id in best_ids})
        rows.append({
            "scenario": scenario.title.get(lang) if scenario else scenario_id,
            "state": state_id, "customer": state.customer.get(lang) if state else "",
            "total": total, "wrong": wrong,
            "wrong_share": f"{100 * wrong / total:.0f}" if total else "0",
            "replies": replies,
        })
    rows.sort(key=lambda r: (-r["wrong"], r["scenario"], r["state"]))
    return rows


# -- rendering -----------------------------------------------------------------------------

def render(template: str, view: dict[str, Any]) -> str:
    """Render a report template with autoescaping and strict undefined names."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(content_dir("reports")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    return env.get_template(template).render(**view)


def _titles(ids: set[str], scenarios: Scenarios, lang: str) -> dict[str, str]:
    out = {}
    for scenario_id in ids:
        scenario = scenarios.get(scenario_id)
        out[scenario_id] = scenario.title.get(lang) if scenario else scenario_id
    return out


def _now(lang: str) -> str:
    return Words(lang).when(datetime.now(UTC).isoformat())
