"""Script injection: trainee names, scenario text and replies never become report markup.

Every string of an injection corpus is put in every piece of text a trainer or trainee
controls: trainee names, titles, customer lines, narration, replies, feedback, endings,
meter labels and units, action labels, critical errors. The session, trainee and cohort
reports are rendered and parsed with the standard library's HTML parser: the only tags and
attributes are the templates' own, no handler or `javascript:` URL appears, each string comes
back as text exactly as written, and the Content-Security-Policy forbids scripts. The CSV
export keeps spreadsheet formulas as text.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from simulator.play import Engine
from simulator.present import (
    Links,
    cohort_view,
    render,
    session_view,
    trainee_files,
    trainee_view,
)
from simulator.records import Record, Store, to_csv
from simulator.scenario import Catalog, Scenario, Scenarios, load_scenario
from simulator.scoring import load_profile, score
from tests.generate import dump

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "{{7*7}}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{# a comment #}{%- if true -%}yes{%- endif -%}",
    "${7*7}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "'--><script>alert(1)</script>",
    "<!-- open",
    "]]><script>alert(1)</script>",
    "\u2028\u2029<script>alert(1)</script>",
    "\u202egnp.exe<b>bold</b>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<div style="width: expression(alert(1))">',
    "x:expression(alert(1)); background:url(javascript:alert(1))",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<<script>script>alert(1)<</script>/script>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "`onmouseover=alert(1)",
]

# The tags and attributes the templates write; nothing else may appear.
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "div",
        "section", "h1", "h2", "h3", "h4", "p", "span", "strong", "code", "br", "dl", "dt",
        "dd", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "details",
        "summary", "figure", "figcaption", "svg", "line", "polyline", "rect", "circle",
        "text", "nav", "a", "blockquote"}
ATTRIBUTES = {"lang", "charset", "name", "content", "http-equiv", "class", "id", "role",
              "aria-label", "aria-labelledby", "aria-hidden", "scope", "style", "viewbox",
              "x", "y", "x1", "y1", "x2", "y2", "width", "height", "points", "text-anchor",
              "stroke-width", "tabindex", "colspan", "cx", "cy", "r", "href", "data-label"}
# A link goes to another report of a linked set in the same folder, or to a part of the page.
HREF = re.compile(r"#[\w-]+|[\w-]+\.html")
REPORTS = Path(__file__).resolve().parent.parent / "reports"
CSS = (REPORTS / "style.css").read_text(encoding="utf-8")


class Page(HTMLParser):
    """An HTML page as the tags, attributes, texts and comments in it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self.others: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_pi(self, data: str) -> None:
        self.others.append(data)

    def unknown_decl(self, data: str) -> None:
        self.others.append(data)

    @property
    def text(self) -> str:
        return "\x00".join(self.texts)


def assert_no_markup_from_text(html: str, *expected: str) -> Page:
    """Only the templates' tags and attributes; each expected string back as plain text."""
    page = Page(html)
    assert not page.comments
    assert not page.others
    for tag, attrs in page.tags:
        assert tag in TAGS, tag
        for name, value in attrs:
            assert name in ATTRIBUTES, (tag, name)
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
            if name == "style":
                assert re.fullmatch(r"(width|height|left): [\d.]+%", value or ""), value
            if name == "href":
                assert HREF.fullmatch(value or ""), value
    assert [tag for tag, _ in page.tags].count("style") == 1
    assert CSS.strip() in page.text
    for text in expected:
        assert text in page.text, text
    assert_csp_forbids_scripts(page)
    return page


def assert_csp_forbids_scripts(page: Page) -> None:
    policies = [dict(attrs).get("content") or "" for tag, attrs in page.tags
                if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    assert not {"script-src", "script-src-elem", "script-src-attr", "object-src",
                "frame-src", "child-src", "connect-src"} & set(directives)
    assert all(sources in (["'unsafe-inline'"], ["data:"], ["'none'"])
               for sources in directives.values()), directives
    meta = next(i for i, (tag, _) in enumerate(page.tags) if tag == "meta"
                and dict(page.tags[i][1]).get("http-equiv"))
    assert all(tag in ("html", "head", "meta") for tag, _ in page.tags[:meta])


# -- one scenario with the string in every text ---------------------------------------------

def texts(s: str) -> dict[str, str]:
    """Each text field of the scenario, labelled so the report's copy can be found."""
    names = ["title", "summary", "caller", "meter", "unit", "action", "party", "customer-1",
             "narration-1", "customer-2", "rude", "kind", "send", "hang-up", "feedback-rude",
             "feedback-kind", "feedback-hang-up", "safe", "alone", "critical", "why"]
    return {name: f"[{name}] {s}" for name in names}


def scenario_doc(s: str) -> dict[str, object]:
    t = texts(s)
    return {
        "format": 1, "id": "inject", "title": t["title"], "summary": t["summary"],
        "customer": {"name": t["caller"]}, "shuffle": False, "start": "hello",
        "meters": {"calm": {"label": t["meter"], "start": 50, "unit": t["unit"],
                            "per_minute": -1}},
        "actions": {"help": {"label": t["action"], "party": t["party"]}},
        "states": {
            "hello": {"customer": t["customer-1"], "narration": t["narration-1"],
                      "emotion": "fear", "choices": [
                          {"id": "rude", "text": t["rude"], "next": "where",
                           "critical": "rude", "behaviours": ["dismiss"],
                           "feedback": t["feedback-rude"]},
                          {"id": "kind", "text": t["kind"], "next": "where",
                           "behaviours": ["acknowledge"], "feedback": t["feedback-kind"]}]},
            "where": {"customer": t["customer-2"], "choices": [
                {"id": "send", "text": t["send"], "next": "safe", "actions": ["help"]},
                {"id": "hang-up", "text": t["hang-up"], "next": "alone",
                 "feedback": t["feedback-hang-up"]}]},
        },
        "endings": {"safe": {"outcome": "safe", "text": t["safe"]},
                    "alone": {"outcome": "failed", "text": t["alone"]}},
        "scoring": {"critical_errors": {"rude": {"label": t["critical"], "why": t["why"]}},
                    "critical_actions": {"help": {"deadline": "10m"}}},
    }


def play(store: Store, scenario: Scenario, path: list[str], trainee: str) -> Record:
    engine = Engine(scenario)
    session = engine.start(seed=1, trainee=trainee)
    for choice in path:
        engine.choose(session, choice)
    store.save(scenario, session, score(scenario, session))
    return store.record(session.id)


@pytest.fixture(params=CORPUS, ids=range(len(CORPUS)))
def hostile(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture
def folder(tmp_path: Path, hostile: str) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "inject.yaml").write_text(dump(scenario_doc(hostile)), encoding="utf-8")
    return folder


@pytest.fixture
def store(records: Path) -> Store:
    return Store(f"sqlite:///{records}")


def test_the_scenario_keeps_every_string_as_written(folder: Path, hostile: str) -> None:
    """The loader stores author text exactly: escaping is the report's job, done once."""
    scenario = load_scenario(folder / "inject.yaml")
    assert scenario.title.get("en") == f"[title] {hostile}"
    assert scenario.states["hello"].choices[0].text.get("en") == f"[rude] {hostile}"


def test_session_report_shows_injections_as_text(folder: Path, store: Store,
                                                 hostile: str) -> None:
    """Every author and trainee string in a session report is text, never markup."""
    scenario = load_scenario(folder / "inject.yaml")
    trainee = f"[trainee] {hostile}"
    t = texts(hostile)
    failed = play(store, scenario, ["rude", "hang-up"], trainee)
    html = render("session.html", session_view(failed, scenario, load_profile()))
    assert_no_markup_from_text(
        html, trainee, t["title"], t["customer-1"], t["narration-1"], t["customer-2"],
        t["rude"], t["hang-up"], t["feedback-rude"], t["feedback-hang-up"], t["alone"],
        t["critical"], t["why"], t["meter"], t["kind"], t["send"])
    passed = play(store, scenario, ["kind", "send"], trainee)
    html = render("session.html", session_view(passed, scenario, load_profile()))
    assert_no_markup_from_text(html, trainee, t["safe"], t["feedback-kind"], t["unit"])


def test_trainee_and_cohort_reports_show_injections_as_text(folder: Path, store: Store,
                                                            hostile: str) -> None:
    """The trainee's and the trainer's reports, with two hostile trainees."""
    scenario = load_scenario(folder / "inject.yaml")
    t = texts(hostile)
    first, second = f"[trainee] {hostile}", f"{hostile} [second]"
    play(store, scenario, ["rude", "hang-up"], first)
    play(store, scenario, ["kind", "send"], first)
    play(store, scenario, ["kind", "hang-up"], second)
    scenarios = Scenarios(Catalog(folder))
    view = trainee_view(first, store.records(trainee=first), scenarios, load_profile())
    assert_no_markup_from_text(render("trainee.html", view), first, t["title"])
    links = Links(cohort="cohort.html", trainees=trainee_files([first, second]))
    view = cohort_view(store.cohort(), scenarios, load_profile(), links=links)
    assert_no_markup_from_text(render("cohort.html", view), first, second, t["title"],
                               t["customer-1"], t["customer-2"], t["rude"], t["kind"],
                               t["send"], t["hang-up"])


@pytest.mark.parametrize("hostile", ["{{7*7}}", "{{ 7*7 }}", "{% raw %}x{% endraw %}",
                                     "{# c #}"])
def test_template_syntax_is_rendered_literally(folder: Path, store: Store,
                                               hostile: str) -> None:
    """Text is data to the templates, never template source: `{{7*7}}` stays `{{7*7}}`."""
    scenario = load_scenario(folder / "inject.yaml")
    record = play(store, scenario, ["kind", "send"], hostile)
    page = Page(render("session.html", session_view(record, scenario, load_profile())))
    assert f"[title] {hostile}" in page.text
    assert hostile in page.texts  # the trainee's name, alone in its cell, exactly as typed


def test_the_policy_is_in_every_template() -> None:
    """All three reports extend the base page with the policy; none loads anything, and a
    link's address is always a value the view-model made (a report's file name or a part of
    the page), never written out in a template."""
    for template in ("session.html", "trainee.html", "cohort.html", "_chart.html"):
        source = (REPORTS / template).read_text(encoding="utf-8")
        if not template.startswith("_"):
            assert source.startswith('{% extends "_base.html" %}'), template
        assert not re.search(r"<(script|iframe|object|embed|link|img)\b", source), template
        assert not re.search(r"\b(src|on\w+)\s*=", source), template
        for href in re.findall(r"\bhref\s*=\s*\"([^\"]*)\"", source):
            assert re.fullmatch(r"#[\w-]+|#?\{\{ [\w.]+ \}\}", href), (template, href)
    page = (REPORTS / "_base.html").read_text(encoding="utf-8")
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">") in page


# -- the CSV export ----------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,2)",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+2", "\r=1+2",
            "=1+2\n=3+4", "-", "+", "=", "@"]


def test_csv_keeps_formulas_as_text(tmp_path: Path, store: Store) -> None:
    """A trainee name a spreadsheet would run starts with a quote in the export."""
    path = tmp_path / "inject.yaml"
    path.write_text(dump(scenario_doc("=1+2")), encoding="utf-8")
    scenario = load_scenario(path)
    for name in [*FORMULAS, "ana", "-5", "+1.5", "1e3"]:
        play(store, scenario, ["kind", "send"], name)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.records()), newline="")))
    names = [row["trainee"] for row in rows]
    assert sorted(names) == sorted([f"'{name}".replace("\r", "\n") for name in FORMULAS]
                                   + ["ana", "-5", "+1.5", "1e3"])
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n") or _number(value)
            assert "\r" not in value  # a lone carriage return once started a forged row


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
