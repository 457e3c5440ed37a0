"""No untrusted text reaches the terminal raw: names, records, answers, option values,
server replies, profile labels and scenario text have their control characters shown, not
acted on; `validate` refuses them in scenario text (F010)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from simulator.play import Engine
from simulator.present import Debrief, Screen, safe, safe_json
from simulator.records import Store
from simulator.scenario import Scenario
from simulator.scoring import load_profile, score
from tests.conftest import SMALL
from tests.conftest import run_cli as run
from tests.fake_lrs import Answer, FakeLrs

CLEAR = "\x1b[2J\x1b[H\x1b[8m"
TITLE = "evil\x1b]0;PWNED\x07"
RAW = ("\x1b", "\x07", "\x9b", "\x00", "\r")


def raw(text: str) -> bool:
    return any(c in text for c in RAW)


def test_safe_shows_control_characters_and_keeps_newlines_tabs_and_text() -> None:
    assert safe(CLEAR) == "\\x1b[2J\\x1b[H\\x1b[8m"
    assert safe(TITLE) == "evil\\x1b]0;PWNED\\x07"
    assert safe("a\tb\nc\rd\x00e\x7ff\x9bg") == "a\tb\nc\\x0dd\\x00e\\x7ff\\x9bg"
    assert safe("Dewi Lestari, café, 日本, ²") == "Dewi Lestari, café, 日本, ²"


def test_safe_json_keeps_the_data_and_escapes_c1() -> None:
    text = json.dumps({"name": "a\x9b2Jb\x7f"}, ensure_ascii=False)
    shown = safe_json(text)
    assert shown == '{"name": "a\\u009b2Jb\\u007f"}'
    assert json.loads(shown) == {"name": "a\x9b2Jb\x7f"}


def save(small: Scenario, trainee: str) -> None:
    """A record as an older agentsim, which took any name, could have written it."""
    engine = Engine(small)
    session = engine.start(seed=1, trainee=trainee)
    engine.choose(session, "ask-where")
    engine.choose(session, "send")
    store = Store()
    store.save(small, session, score(small, session))
    store.close()


def test_history_shows_a_hostile_trainee_name_without_acting_on_it(folder: Path,
                                                                   small: Scenario) -> None:
    save(small, CLEAR)
    save(small, TITLE + "\x9b")
    code, out, _ = run(folder, "history")
    assert code == 0
    assert not raw(out)
    assert "\\x1b[2J\\x1b[H" in out
    assert "evil\\x1b]0;PWN small" in out  # escaped, then cut to the column
    code, out, _ = run(folder, "history", "--json")
    assert not raw(out)
    assert {r["trainee"] for r in json.loads(out)} == {CLEAR, TITLE + "\x9b"}


def test_the_screen_shows_scenario_text_without_acting_on_it(small: Scenario) -> None:
    """Defence in depth: the loader refuses such text (F010), the screen neutralises it."""
    hostile = replace(small, customer=replace(small.customer, name=TITLE))
    screen = Screen(hostile, color=True)
    opening = screen.opening()
    assert "evil\\x1b]0;PWNED\\x07" in opening
    assert "\x07" not in opening
    engine = Engine(small)
    moment = screen.moment(engine.start(seed=1), small.states["hello"].choices)
    assert "evil\\x1b]0;PWNED\\x07" in moment
    assert "]0;" not in moment.replace("\\x1b]0;", "")


def test_profile_labels_are_shown_without_acting_on_them(small: Scenario,
                                                         tmp_path: Path) -> None:
    text = Path("simulator/scoring/default-profile.yaml").read_text(encoding="utf-8")
    path = tmp_path / "profile.yaml"
    path.write_text(text + f'labels: {{en: {{empathy: "Kind{CLEAR}"}}}}\n'.replace(
        "\x1b", "\\e"), encoding="utf-8")
    profile = load_profile(path)
    engine = Engine(small)
    session = engine.replay(["ask-where", "send"])
    shown = Debrief(small, color=True).scores(score(small, session, profile), profile)
    assert "Kind\\x1b[2J" in shown
    assert "\x1b[2J" not in shown


def test_answers_quoted_in_an_error_are_shown_not_acted_on(folder: Path) -> None:
    code, _, err = run(folder, "play", "small", "--answers", "-", stdin=f"1\n{TITLE}\n")
    assert code == 2
    assert not raw(err)
    assert "'evil\\x1b]0;PWNED\\x07' matches no reply at 'where'" in err


def test_option_values_echoed_in_errors_are_shown_not_acted_on(folder: Path) -> None:
    code, _, err = run(folder, "export", "--format", "csv", "--since", CLEAR)
    assert code == 2
    assert not raw(err)
    assert "\\x1b[2J" in err
    code, _, err = run(folder, "play", "small", "--lang", CLEAR)
    assert code == 2
    assert not raw(err)
    code, _, err = run(folder, "play", TITLE)
    assert code == 2
    assert not raw(err)


def test_a_learning_record_store_error_body_is_shown_not_acted_on(folder: Path,
                                                                  small: Scenario) -> None:
    save(small, "ana")
    body = json.dumps({"detail": f"bad statement {CLEAR}{TITLE}"}).encode()
    with FakeLrs(lambda _ids: Answer(400, body)) as lrs:
        code, _, err = run(folder, "xapi", "push", "--endpoint", lrs.endpoint)
    assert code == 1
    assert not raw(err)
    assert "bad statement \\x1b[2J" in err


def test_validate_refuses_control_characters_in_scenario_text(folder: Path) -> None:
    """An escape renames the window; a NUL cannot even be stored in PostgreSQL."""
    text = SMALL.replace("customer: {name: Ana}", 'customer: {name: "Maya\\e]0;PWNED\\a"}')
    text = text.replace("text: {en: Goodbye., id: Sampai jumpa.}",
                        'text: {en: "Good\\0bye.", id: Sampai jumpa.}')
    path = folder / "small.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(folder, "validate", str(path))
    assert code == 1
    assert not raw(out)
    assert out.splitlines()[:2] == [
        f"{path}:6:18: error[F010]: 'name' holds a control character, \\x1b, at character 5: "
        "text cannot carry escapes such as \\e, \\a or \\0",
        f"{path}:44:20: error[F010]: 'text' in 'en' holds a control character, \\x00, at "
        "character 5: text cannot carry escapes such as \\e, \\a or \\0"]
    code, _, err = run(folder, "play", "small", "--answers", "-", stdin="1\n")
    assert code == 1
    assert "error[F010]" in err
