"""validate checks the call as a whole: reachability, dead ends, flags, scoring, text, codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from simulator.cli import main
from simulator.scoring import check_file
from tests.conftest import SMALL

Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parent.parent


def found(path: Path) -> list[str]:
    _, diagnostics = check_file(path, path.name)
    return [f"{d.severity}[{d.code}] {d.message}" for d in diagnostics]


def test_the_small_scenario_only_lacks_feedback(write: Write) -> None:
    """And it can be gamed, as the validity warnings say (V, tests/test_validity.py): it
    weighs escalation yet requires nothing, seven surface strategies and random play pass."""
    messages = found(write(SMALL, "small.yaml"))
    assert [m for m in messages if not m.startswith("warning[V")] == [
        f"warning[S003] choice '{c}' is not the best reply anywhere and has no 'feedback' to "
        "tell the trainee why" for c in ("chat", "calm-down", "hang-up")]
    assert [m[:13] for m in messages if m.startswith("warning[V")] == [
        "warning[V007]", *["warning[V009]"] * 7, "warning[V010]"]


def test_a_dead_end_reached_with_flags(write: Write) -> None:
    text = SMALL.replace("        next: alone\n        unless: [located-twice]\n",
                         "        next: alone\n        requires: [never]\n"
                         "        unless: [located-twice]\n").replace(
        "        requires: [located]\n", "        requires: [located]\n"
        "        unless: [located]\n").replace(
        "      - id: chat\n", "      - id: chat\n        set: [never]\n").replace(
        "        when: {calm: {at_least: 60}}\n", "        requires: [never]\n")
    messages = found(write(text, "small.yaml"))
    assert ("error[G004] dead end: state 'where' can be reached with no reply on offer "
            "(flags set: located)") in messages


def test_a_flag_set_but_never_read(write: Write) -> None:
    text = SMALL.replace("        takes: 1m\n", "        takes: 1m\n        set: [chatted]\n")
    assert ("warning[G005] flag 'chatted' is set by choice 'chat' but nothing reads it"
            in found(write(text, "small.yaml")))


def test_no_success_path(write: Write) -> None:
    text = SMALL.replace("  safe: {outcome: safe,", "  safe: {outcome: partial,")
    messages = found(write(text, "small.yaml"))
    assert "error[G003] no path leads to a success ending: the best path ends at 'safe'" in (
        messages)


SCORING = """\
scoring:
  critical_actions:
    send-help: {grace: 10s, deadline: 20s}
    never-done: {deadline: 5m}
"""


def test_critical_actions_no_path_performs_or_too_late(write: Write) -> None:
    text = SMALL.replace("actions:\n", "actions:\n  never-done: {label: Never}\n") + SCORING
    messages = found(write(text, "small.yaml"))
    assert ("error[S001] critical action 'never-done' is performed by no path: no reply that "
            "can be reached has it") in messages
    assert ("error[S002] even the best path misses the deadline of 'send-help': it is "
            "performed at 45 s, the deadline is 20 s") in messages


def test_every_path_commits_a_critical_error(write: Write) -> None:
    text = SMALL.replace("        actions: [send-help]\n",
                         "        actions: [send-help]\n        critical: leak\n") + (
        "scoring:\n  critical_errors:\n    leak: {label: Leak}\n"
        "    gone: {label: Gone, missing: [send-help]}\n")
    messages = found(write(text, "small.yaml"))
    assert "error[S004] every path commits a critical error" in messages


def test_json_output_for_editors(write: Write) -> None:
    path = write(SMALL.replace("next: safe", "next: saef"), "small.yaml")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["files"], data["errors"]) == (1, 1)
    [diagnostic] = data["diagnostics"]
    assert diagnostic == {"path": str(path), "line": 35, "col": 15, "severity": "error",
                          "code": "R001", "message": "unknown state or ending 'saef' in "
                          "choice 'send' (did you mean 'safe'?)"}


def codes_in_source() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "simulator").rglob("*.py"))
    return set(re.findall(r'"([YFRGSTPV]\d{3})"', text))


def test_every_code_has_a_page_and_every_page_a_code() -> None:
    pages = {p.stem for p in (ROOT / "docs" / "diagnostics").glob("*.md")} - {"README"}
    assert pages == codes_in_source()
    index = (ROOT / "docs" / "diagnostics" / "README.md").read_text(encoding="utf-8")
    for code in codes_in_source():
        assert f"{code}" in index, code


def test_a_call_that_can_never_end_is_not_called_a_critical_error(write: Write) -> None:
    text = SMALL.replace("next: safe", "next: where").replace("next: alone", "next: where")
    text = text.replace("ends: [{at_most: 0, ending: dropped}]", "ends: []")
    messages = found(write(text, "small.yaml"))
    assert not any("[S004]" in m for m in messages)
    assert any("[G003]" in m or "[G002]" in m for m in messages)


def test_too_many_situations_fall_back_to_a_coarse_search(write: Write) -> None:
    """Each optional action doubles the situations; past the limit the search goes by state."""
    states = []
    for i in range(20):
        nxt = f"s{i + 1}" if i < 19 else "end"
        states.append(f"""\
  s{i}:
    customer: Moment {i}.
    choices:
      - {{id: do-{i}, text: Do., next: {nxt}, actions: [a{i}], feedback: Good.}}
      - {{id: skip-{i}, text: Skip., next: {nxt}, feedback: Fine.}}
      - {{id: stop-{i}, text: Stop., next: gone, feedback: Bad.}}
""")
    actions = "".join(f"  a{i}: {{label: A{i}}}\n" for i in range(20))
    text = ("format: 1\nid: chain\ntitle: Chain\nsummary: Many actions.\n"
            "customer: {name: Sam}\nstart: s0\nactions:\n" + actions + "states:\n"
            + "".join(states) + "endings:\n  end: {outcome: safe, text: Done.}\n"
            "  gone: {outcome: failed, text: Gone.}\n"
            "scoring:\n  escalations:\n    required: [a0, a19]\n")
    import time

    started = time.perf_counter()
    messages = found(write(text, "chain.yaml"))
    assert time.perf_counter() - started < 10
    assert any(m.startswith("warning[S005]") for m in messages), messages
    assert not any(m.startswith("error") for m in messages), messages
