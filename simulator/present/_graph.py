"""Draw a scenario as a diagram: Mermaid for Markdown viewers, DOT for Graphviz.

States are boxes, endings are rounded and coloured by outcome. Each reply is an arrow
labelled with the start of its text in the language asked for; a reply that commits a
critical error is drawn red and marked, a target taken only under a condition is dashed
with its condition, a silence that moves the call on is dotted. The best path can be
highlighted.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from simulator.present._words import Words
from simulator.scenario import Choice, Condition, Scenario

# Outcome colours: (fill, stroke), readable in print and for colour-blind readers with labels.
COLOURS = {
    "safe": ("#e3f4e9", "#1d6b3a"),
    "partial": ("#fff4d6", "#9a6b00"),
    "failed": ("#fbe7e4", "#a12a1e"),
    "harmed": ("#f3d3f0", "#6b1d63"),
}
BEST = "#1f4f99"
CRITICAL = "#a12a1e"
LABEL_LENGTH = 42


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow: from a state to where a reply (or a silence) can lead."""

    source: str
    target: str
    label: str
    choice: str | None  # None: a silence
    critical: bool = False
    conditional: bool = False


def edges(scenario: Scenario, lang: str) -> Iterator[Edge]:
    """Every arrow of the diagram, in the scenario's order."""
    words = Words(lang)
    for state in scenario.states.values():
        for choice in state.choices:
            text = _short(choice.text.get(lang))
            if choice.critical:
                text = f"⚠ {text}"
            for target in choice.targets:
                yield Edge(state.id, target.to, f"{text} [{_condition(target.condition)}]",
                           choice.id, bool(choice.critical), True)
            yield Edge(state.id, choice.next, _otherwise(choice, text, words), choice.id,
                       bool(choice.critical))
        silence = state.silence
        if silence is not None and silence.next:
            yield Edge(state.id, silence.next, words("graph.silence", n=silence.after), None)


def mermaid(scenario: Scenario, best: AbstractSet[tuple[str, str]] = frozenset(),
            lang: str = "en") -> str:
    """A Mermaid flowchart; `best` holds the (state, choice) pairs to highlight."""
    ids = _node_ids(scenario)
    words = Words(lang)
    lines = ["flowchart TD"]
    for state in scenario.states.values():
        lines.append(f'  {ids[state.id]}["{_label(state.id)}"]')
    for ending in scenario.endings.values():
        outcome = words(f"outcome.{ending.outcome}")
        lines.append(f'  {ids[ending.id]}(["{_label(ending.id)}<br/>{_label(outcome)}"])'
                     f":::{ending.outcome}")
    lines.append(f"  start(({_label(words('graph.start'))})) --> {ids[scenario.start]}")
    highlighted, critical = [], []
    for number, edge in enumerate(edges(scenario, lang), 1):
        arrow = "-.->" if edge.conditional or edge.choice is None else "-->"
        lines.append(f'  {ids[edge.source]} {arrow}|"{_label(edge.label)}"| {ids[edge.target]}')
        if edge.choice is not None and (edge.source, edge.choice) in best:
            highlighted.append(str(number))
        elif edge.critical:
            critical.append(str(number))
    limits = [(meter, limit) for meter in scenario.meters.values() for limit in meter.ends]
    for index, (meter, limit) in enumerate(limits):
        text = f"{meter.label.get(lang)} {limit.comparison.replace('_', ' ')} {limit.value:g}"
        lines.append(f'  limit{index}{{{{"{_label(text)}"}}}} -.-> {ids[limit.ending]}')
    for outcome, (fill, stroke) in COLOURS.items():
        lines.append(f"  classDef {outcome} fill:{fill},stroke:{stroke},stroke-width:2px")
    if critical:
        lines.append(f"  linkStyle {','.join(critical)} stroke:{CRITICAL},stroke-width:2px")
    if highlighted:
        lines.append(f"  linkStyle {','.join(highlighted)} stroke:{BEST},stroke-width:4px")
    return "\n".join(lines) + "\n"


def dot(scenario: Scenario, best: AbstractSet[tuple[str, str]] = frozenset(),
        lang: str = "en") -> str:
    """A Graphviz digraph; `best` holds the (state, choice) pairs to highlight."""
    words = Words(lang)
    lines = [f"digraph {_quote(scenario.id)} {{", "  rankdir=TB;",
             '  node [shape=box, style="rounded", fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];',
             f"  start [shape=circle, label={_quote(words('graph.start'))}];",
             f"  start -> {_quote(scenario.start)};"]
    for state in scenario.states.values():
        lines.append(f"  {_quote(state.id)};")
    for ending in scenario.endings.values():
        fill, stroke = COLOURS[ending.outcome]
        label = ending.id + "\n" + words(f"outcome.{ending.outcome}")
        lines.append(f'  {_quote(ending.id)} [shape=doubleoctagon, style=filled, '
                     f'fillcolor="{fill}", color="{stroke}", label={_quote(label)}];')
    for edge in edges(scenario, lang):
        attributes = f"label={_quote(edge.label)}"
        if edge.conditional or edge.choice is None:
            attributes += ", style=dashed" if edge.choice is not None else ", style=dotted"
        if edge.choice is not None and (edge.source, edge.choice) in best:
            attributes += f', color="{BEST}", penwidth=3'
        elif edge.critical:
            attributes += f', color="{CRITICAL}", fontcolor="{CRITICAL}"'
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [{attributes}];")
    for meter in scenario.meters.values():
        for limit in meter.ends:
            text = f"{meter.label.get(lang)} {limit.comparison.replace('_', ' ')} {limit.value:g}"
            lines.append(f"  {_quote('limit: ' + text)} [shape=hexagon];")
            lines.append(f"  {_quote('limit: ' + text)} -> {_quote(limit.ending)} "
                         "[style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _otherwise(choice: Choice, text: str, words: Words) -> str:
    """The default target's label: the reply, and "otherwise" when targets come first."""
    return f"{text} [{words('graph.otherwise')}]" if choice.targets else text


def _condition(condition: Condition) -> str:
    """A target's condition, briefly: flags, then meter tests."""
    parts = [*sorted(condition.requires), *(f"not {f}" for f in sorted(condition.unless))]
    symbols = {"below": "<", "at_most": "≤", "at_least": "≥", "above": ">"}
    parts += [f"{t.meter} {symbols[t.comparison]} {t.value:g}" for t in condition.when]
    return ", ".join(parts)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1].rstrip() + "…"


def _node_ids(scenario: Scenario) -> dict[str, str]:
    """Mermaid ids are safest as plain words: n0, n1, ..."""
    names = [*scenario.states, *scenario.endings]
    return {name: f"n{index}" for index, name in enumerate(names)}


def _label(text: str) -> str:
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;").replace("|", "#124;").replace("\n", " "))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
