"""Draw a scenario as a diagram: Mermaid for Markdown viewers, DOT for Graphviz.

States are boxes, endings are rounded and coloured by outcome, each reply is an arrow
labelled with its id; the best path can be highlighted.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from simulator.scenario import Scenario

# Outcome colours: (fill, stroke), readable in print and for colour-blind readers with labels.
COLOURS = {
    "safe": ("#e3f4e9", "#1d6b3a"),
    "partial": ("#fff4d6", "#9a6b00"),
    "failed": ("#fbe7e4", "#a12a1e"),
    "harmed": ("#f3d3f0", "#6b1d63"),
}
BEST = "#1f4f99"


def mermaid(scenario: Scenario, best: AbstractSet[tuple[str, str]] = frozenset(),
            lang: str = "en") -> str:
    """A Mermaid flowchart; `best` holds the (state, choice) pairs to highlight."""
    ids = _node_ids(scenario)
    lines = ["flowchart TD"]
    for state in scenario.states.values():
        lines.append(f'  {ids[state.id]}["{_label(state.id)}"]')
    for ending in scenario.endings.values():
        lines.append(f'  {ids[ending.id]}(["{_label(ending.id)}<br/>{ending.outcome}"])'
                     f":::{ending.outcome}")
    lines.append(f"  start((start)) --> {ids[scenario.start]}")
    highlighted = []
    edge = 1
    for state in scenario.states.values():
        for choice in state.choices:
            lines.append(f'  {ids[state.id]} -->|"{_label(choice.id)}"| {ids[choice.next]}')
            if (state.id, choice.id) in best:
                highlighted.append(str(edge))
            edge += 1
    limits = [(meter, limit) for meter in scenario.meters.values() for limit in meter.ends]
    for index, (meter, limit) in enumerate(limits):
        text = f"{meter.label.get(lang)} {limit.comparison.replace('_', ' ')} {limit.value:g}"
        lines.append(f'  limit{index}{{{{"{_label(text)}"}}}} -.-> {ids[limit.ending]}')
    for outcome, (fill, stroke) in COLOURS.items():
        lines.append(f"  classDef {outcome} fill:{fill},stroke:{stroke},stroke-width:2px")
    if highlighted:
        lines.append(f"  linkStyle {','.join(highlighted)} stroke:{BEST},stroke-width:4px")
    return "\n".join(lines) + "\n"


def dot(scenario: Scenario, best: AbstractSet[tuple[str, str]] = frozenset(),
        lang: str = "en") -> str:
    """A Graphviz digraph; `best` holds the (state, choice) pairs to highlight."""
    lines = [f"digraph {_quote(scenario.id)} {{", "  rankdir=TB;",
             '  node [shape=box, style="rounded", fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];',
             '  start [shape=circle, label="start"];',
             f"  start -> {_quote(scenario.start)};"]
    for state in scenario.states.values():
        lines.append(f"  {_quote(state.id)};")
    for ending in scenario.endings.values():
        fill, stroke = COLOURS[ending.outcome]
        lines.append(f'  {_quote(ending.id)} [shape=doubleoctagon, style=filled, '
                     f'fillcolor="{fill}", color="{stroke}", '
                     f'label={_quote(ending.id + chr(10) + ending.outcome)}];')
    for state in scenario.states.values():
        for choice in state.choices:
            attributes = f"label={_quote(choice.id)}"
            if (state.id, choice.id) in best:
                attributes += f', color="{BEST}", penwidth=3'
            lines.append(f"  {_quote(state.id)} -> {_quote(choice.next)} [{attributes}];")
    for meter in scenario.meters.values():
        for limit in meter.ends:
            text = f"{meter.label.get(lang)} {limit.comparison.replace('_', ' ')} {limit.value:g}"
            lines.append(f"  {_quote('limit: ' + text)} [shape=hexagon];")
            lines.append(f"  {_quote('limit: ' + text)} -> {_quote(limit.ending)} "
                         "[style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_ids(scenario: Scenario) -> dict[str, str]:
    """Mermaid ids are safest as plain words: n0, n1, ..."""
    names = [*scenario.states, *scenario.endings]
    return {name: f"n{index}" for index, name in enumerate(names)}


def _label(text: str) -> str:
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;"))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
