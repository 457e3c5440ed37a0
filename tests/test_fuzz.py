"""The loader under fuzzing: any bytes either load or give located, coded diagnostics.

Three sources of input: generated scenarios with structural mutations (keys deleted,
renamed or retyped, ids duplicated, references pointed at nothing), valid files with their
bytes mutated, and YAML text from a small grammar. A scenario that loads is then validated,
played a few random replies through the engine and scored, its walkthroughs replayed, its
paths explored and its graph drawn, so nothing the loader accepts can crash what comes
after it. Examples are bounded (250 a test) so the file runs in CI in well under a minute.
"""

from __future__ import annotations

import copy
import functools
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import Diagnostic, ScenarioError
from simulator.play import Engine
from simulator.present import _graph as graph
from simulator.scenario import Catalog, Scenario, compile_bytes, load_scenario
from simulator.scenario import _keys as keys
from simulator.scoring import check_file, explore, load_profile, run_walkthroughs, score, validate
from tests.conftest import SMALL
from tests.generate import dump, scenario_doc

NAME = "fuzz.yaml"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "diagnostics"
CODES = frozenset(p.stem for p in DOCS.glob("*.md") if re.fullmatch(r"[A-Z]\d{3}", p.stem))
WHOLE_FILE = frozenset({"Y001", "Y002"})  # about the file as a whole: no line to point at
FUZZ = settings(max_examples=250, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KNOWN_KEYS = sorted({*(key.name for block in keys.BLOCKS for key in block.keys), "en", "id",
                     "empathy", "speed", "escalation", "overall"})
IDS = ["s0", "s1", "s2", "good", "partial", "bad", "help", "ticket", "transfer", "calm",
       "asked", "rude", "no-help", "c0-0", "c0-1", "c1-0", "missing", "s0x", "goodd", "helpp"]


# -- the property every input must have ----------------------------------------------------

def check_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Each diagnostic is one line with a documented code and a place in the file."""
    for d in diagnostics:
        assert d.code in CODES, d
        assert d.severity in ("error", "warning"), d
        assert d.location.path == NAME, d
        if d.code not in WHOLE_FILE:
            assert d.location.line >= 1, d
            assert d.location.col >= 1, d
        assert d.message, d
        assert "\n" not in str(d), d
        assert len(d.message) <= 500, d.message[:200]


def loads_or_explains(data: bytes, picks: tuple[int, ...] = (0, 1, 2, 3, 1, 0)) -> None:
    """Load `data`; a scenario is then validated, played and scored, else it is explained."""
    scenario, diagnostics = compile_bytes(data, NAME)
    check_diagnostics(diagnostics)
    if scenario is None:
        assert any(d.severity == "error" for d in diagnostics)
        return
    assert not any(d.severity == "error" for d in diagnostics)
    check_diagnostics(validate(scenario))
    play(scenario, picks)
    run_walkthroughs(scenario, load_profile())
    explore(scenario, load_profile(), limit=20)
    graph.mermaid(scenario)
    graph.dot(scenario)


def loads_from_a_file_or_raises(data: bytes) -> None:
    """load_scenario() raises ScenarioError and nothing else; check_file() agrees with it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        path.write_bytes(data)
        try:
            load_scenario(path, NAME)
        except ScenarioError as err:
            diagnostics = list(err.diagnostics)
        else:
            return
        assert diagnostics
        check_diagnostics(diagnostics)
        assert check_file(path, NAME)[0] is None


def play(scenario: Scenario, picks: tuple[int, ...]) -> None:
    engine = Engine(scenario)
    session = engine.start(seed=7)
    for pick in picks:
        offered = engine.choices(session)
        if session.ending is not None or not offered:
            break
        engine.choose(session, offered[pick % len(offered)].id)
    replayed = engine.replay(session.path, seed=3)
    assert replayed.path == session.path
    for each in (session, replayed):
        if each.ending is None:
            engine.abandon(each)
        score(scenario, each)


# -- (a) structured documents with mutations -----------------------------------------------

def base_doc(seed: int, states: int) -> dict[str, Any]:
    """A generated scenario with every optional part: meters, flags, critical errors,
    meter tests and changes, and a walkthrough."""
    doc = scenario_doc(seed, states, 3)
    doc.update(version=2, story="A story.", difficulty="hard", trainer_note="Note.",
               shuffle=False)
    doc["meters"] = {"calm": {"label": {"en": "Calm", "id": "Tenang"}, "start": 50,
                              "min": 0, "max": 100, "unit": "%", "per_minute": -1,
                              "shown": True, "ends": [{"at_most": 0, "ending": "bad"}]}}
    doc["scoring"]["critical_errors"]["rude"] = {"label": {"en": "Rude", "id": "Kasar"},
                                                 "why": {"en": "Why.", "id": "Kenapa."}}
    doc["scoring"]["weights"] = {"empathy": 2, "speed": 1, "escalation": 1}
    doc["scoring"]["pass_mark"] = 60
    first = doc["states"]["s0"]["choices"]
    first[0].update(set=["asked"], change={"calm": 10})
    first[1].update(critical="rude", when={"calm": {"at_least": 10}}, clear=["asked"])
    last = doc["states"][f"s{states - 1}"]["choices"]
    last[2].update(requires=["asked"])
    last[1].update(unless=["asked"])
    doc["walkthroughs"] = [{"name": "straight", "choices": [f"c{i}-0" for i in range(states)],
                            "ending": "good", "scores": {"overall": [0, 100]}}]
    return doc


def _long(n: int) -> str:
    return "x" * n


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(),
    st.sampled_from([0, -1, 2**63, -(2**63), 10**30, 10**400, -(10**400), 1e308, -1e308]),
    st.text(max_size=20), st.just(""), st.sampled_from(IDS),
    st.sampled_from(["30s", "1m30s", "0s", "0", "2m", "safe", "partial", "en", "id", "xx",
                     "fear", "acknowledge", "medium", "yes", "no", "~", "null", ".inf",
                     "\u2028", "\u0085", "a\nb", "<script>", "x" * 65, "A-b", "1e999"]),
    st.integers(1, 6000).map(lambda n: "9" * n + "m"),
    st.integers(0, 300_000).map(_long),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.sampled_from(IDS) | st.text(max_size=8),
                      inner, max_size=4),
    max_leaves=8)
KEYS = st.sampled_from(KNOWN_KEYS) | st.sampled_from(IDS) | st.text(max_size=12) \
    | st.integers(60, 2000).map(lambda n: "k" * n)

Where = tuple[Any, ...]


def _places(node: Any, at: Where = ()) -> list[Where]:
    """Every path to a value inside `node`, as a tuple of keys and indexes."""
    out: list[Where] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        out.append((*at, key))
        out += _places(child, (*at, key))
    return out


def _get(doc: Any, at: Where) -> Any:
    for key in at:
        doc = doc[key]
    return doc


NUMBERS = st.sampled_from([0, 1, -1, 100, 101, -100, 86_400, 86_401, 2**31, 10**30, 0.5,
                           -0.0, 1e-300, 1e308, -1e308]) | st.floats(allow_nan=False)
STRINGS = st.sampled_from(["", " ", "x" * 65, "é", "\u2028", "<b>", "0", "s0", "good", "help",
                           "asked", "en", "c0-0", "Ünïcödé 😀", "a\x00b"]) | st.text(max_size=10)


def _similar(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same type as `value`, biased to the edges."""
    if isinstance(value, bool):
        return st.just(not value)
    if isinstance(value, int | float):
        return NUMBERS
    if isinstance(value, str):
        return STRINGS
    if isinstance(value, list):
        return st.sampled_from([[], value[::-1], value + value[:1], [None]])
    if isinstance(value, dict):
        return st.sampled_from([{}, dict(reversed(list(value.items())))])
    return VALUES


@st.composite
def mutated_docs(draw: st.DrawFn) -> dict[str, Any]:
    doc = base_doc(draw(st.integers(0, 1000)), draw(st.integers(2, 5)))
    for _ in range(draw(st.integers(1, 4))):
        places = _places(doc)
        at = draw(st.sampled_from(places))
        parent, key = _get(doc, at[:-1]), at[-1]
        op = draw(st.sampled_from(["delete", "replace", "rename", "add", "duplicate",
                                   "dangle", "state-as-ending", "similar", "similar"]))
        if op == "similar":  # same type, odd value: more documents load and go on to play
            parent[key] = draw(_similar(parent[key]))
        elif op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(VALUES)
        elif op == "rename" and isinstance(parent, dict):
            new = draw(KEYS)
            items = [(new if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        elif op == "add" and isinstance(parent[key], dict):
            parent[key][draw(KEYS)] = draw(VALUES)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif op == "dangle" and isinstance(parent[key], str):
            parent[key] = draw(st.sampled_from(IDS) | st.just(parent[key] + "x"))
        elif op == "state-as-ending" and doc.get("states") and isinstance(doc["states"], dict) \
                and isinstance(doc.get("endings"), dict):
            state = draw(st.sampled_from(sorted(doc["states"])))
            doc["endings"][state] = {"outcome": "safe", "text": "Twice."}
    return doc


def test_the_base_documents_load() -> None:
    """The documents mutated below load and validate before any mutation."""
    for seed, states in [(0, 2), (1, 3), (2, 5)]:
        scenario, diagnostics = compile_bytes(dump(base_doc(seed, states)).encode(), NAME)
        assert scenario is not None, diagnostics
        assert scenario.walkthroughs
        assert scenario.meters
        loads_or_explains(dump(base_doc(seed, states)).encode())


@FUZZ
@given(doc=mutated_docs(), picks=st.lists(st.integers(0, 10), max_size=8))
def test_mutated_documents_load_or_are_explained(doc: dict[str, Any], picks: list[int]) -> None:
    """A scenario with any structural mutation loads, or each problem has a code and place."""
    loads_or_explains(dump(doc).encode(), tuple(picks))


@FUZZ
@given(doc=VALUES)
def test_any_document_shape_loads_or_is_explained(doc: Any) -> None:
    """Any YAML value at all as the whole document: a mapping, a list, a scalar."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    loads_or_explains(text.encode())
    nested = {"format": 1, "id": "x", "start": "s0", "states": {"s0": doc}, "endings": doc}
    loads_or_explains(dump(nested).encode())


# -- (b) byte-level mutations of valid files -----------------------------------------------

@functools.cache
def valid_files() -> tuple[bytes, ...]:
    builtin = Catalog.builtin().files()
    return (SMALL.encode(), dump(base_doc(3, 3)).encode(),
            *(path.read_bytes() for path in builtin[:2]))


INTERESTING = [b"&a ", b"*a", b"!!", b"!x ", b"!!python/object:os.system ", b"\x00", b"\xff",
               b"\xc3", b"- ", b": ", b"{", b"}", b"[", b"]", b"\n", b"  ", b'"', b"'", b"#",
               b"---\n", b"...\n", b"\t", b"|", b">", b"? ", b"%YAML 1.1\n", b"\xef\xbb\xbf",
               b"0b_", b"0x_", b"._", b".nan", b"-.inf", b"9" * 5000, b"\r", b"\xe2\x80\xa8",
               b"\\", b"\\x", b",", b"<<: ", b"~", b"null", b"@", b"`"]


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(valid_files())))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice",
                                   "interesting"]))
        if op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "splice":
            other = draw(st.sampled_from(valid_files()))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start:start + draw(st.integers(1, 200))]
        elif op == "interesting":
            data[at:at] = draw(st.sampled_from(INTERESTING))
    return bytes(data)


@FUZZ
@given(data=mutated_bytes())
def test_mutated_bytes_load_or_are_explained(data: bytes) -> None:
    """A valid file with flipped, inserted, deleted or spliced bytes never crashes the loader."""
    loads_or_explains(data)
    loads_from_a_file_or_raises(data)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_are_explained(data: bytes) -> None:
    """Bytes that were never YAML: refused as not UTF-8, not YAML, or not a scenario."""
    loads_or_explains(data)


# -- (c) YAML text from a small grammar ----------------------------------------------------

PLAIN = st.sampled_from([
    "x", "a b", "s0", "good", "help", "1", "-1", "0", "3.5", "1e999", ".inf", "-.inf", ".nan",
    "0b_", "0x_", "0o_", "._", "0b101", "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30",
    "+12", "~", "null", "Null", "true", "false", "yes", "no", "on", "off", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "<<", "=", "30s", "1m30s", "safe", "en", "id", "fear",
    "9" * 4400, "1" + "0" * 400, "0." + "0" * 400 + "1", "x" * 70, "é", "😀", "‮", "\u2028",
])
QUOTED = st.sampled_from([
    '""', "''", '"a\\nb"', '"\\x41"', '"\\u2028"', '"\\U0001F600"', '"\\ud800"', '"\\udfff"',
    '"\\0"', '"\\e"', '"\\N\\_\\L\\P"', "'it''s'", '"\\"', '"\\q"', '"\\U00110000"',
    '"\\uD83D\\uDE00"', '"tab\\there"', '"9999999m"'])
PROPS = st.sampled_from(["&a", "*a", "!x", "!!str", "!!int", "!!binary", "!!set", "!!omap",
                         "!!python/object:os.system", "!!python/object/apply:os.system",
                         "!", "!<tag:yaml.org,2002:str>", "!e!x"])
GKEYS = st.sampled_from(KNOWN_KEYS) | st.sampled_from(IDS) | st.sampled_from(
    ['"quoted"', "'k'", "? x", "[k]", "{k: v}", "", "-", "k k", "0", "true", "null", "~"])


def _flow(node: Any) -> str:
    kind, body = node
    if kind == "scalar":
        return str(body)
    if kind == "literal":  # no block scalars inside flow collections
        return " ".join(body[1]) or '""'
    if kind == "prop":
        return f"{body[0]} {_flow(body[1])}"
    if kind in ("seq", "bseq"):
        return "[" + ", ".join(_flow(n) for n in body) + "]"
    return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in body) + "}"


def _block(node: Any, indent: int, step: int) -> str:
    """The text after `key:` or `-`, up to and including the end of its last line."""
    kind, body = node
    pad = " " * indent
    if kind == "prop" and body[1][0] in ("bseq", "bmap"):
        return f" {body[0]}" + _block(body[1], indent, step)
    if kind == "bseq" and body:
        return "\n" + "".join(f"{pad}-{_block(n, indent + step, step)}" for n in body)
    if kind == "bmap" and body:
        return "\n" + "".join(f"{pad}{k}:{_block(v, indent + step, step)}" for k, v in body)
    if kind == "literal":
        return f" {body[0]}\n" + "".join(f"{pad}{line}\n" for line in body[1])
    return f" {_flow(node)}\n"


SCALAR_NODES = st.one_of(
    st.tuples(st.just("scalar"), PLAIN | QUOTED),
    st.tuples(st.just("literal"), st.tuples(st.sampled_from(["|", ">", "|-", ">+", "|2"]),
                                            st.lists(PLAIN, max_size=3))))
NODES = st.recursive(
    SCALAR_NODES,
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["seq", "bseq"]), st.lists(inner, max_size=4)),
        st.tuples(st.sampled_from(["map", "bmap"]), st.lists(st.tuples(GKEYS, inner),
                                                             max_size=5)),
        st.tuples(st.just("prop"), st.tuples(PROPS, inner))),
    max_leaves=25)
PRELUDES = st.sampled_from(["", "", "", "format: 1\n", "%YAML 1.1\n---\n", "--- ", "\ufeff",
                            "%TAG !e! tag:example.com,2000:\n---\n", "# comment\n"])
ENDS = st.sampled_from(["", "", "...\n", "---\nx: 1\n", "\n\n", "#"])


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    node = draw(NODES)
    step = draw(st.sampled_from([1, 2, 2, 4]))
    if node[0] in ("bmap", "bseq") and node[1]:
        body = _block(node, 0, step)[1:]
    else:
        body = _flow(node) + "\n"
    return draw(PRELUDES) + body + draw(ENDS)


@FUZZ
@given(text=yaml_texts())
def test_yaml_from_a_grammar_loads_or_is_explained(text: str) -> None:
    """Block and flow collections, scalars of every kind, anchors, aliases, tags, directives."""
    loads_or_explains(text.encode())
