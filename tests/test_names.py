"""One trainee, one name: names are tidied (NFC, trimmed, spaces collapsed) and compared
without case everywhere (records, reports, xAPI pseudonyms); empty names and control
characters are refused; names mixing scripts are warned about; old records still match."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import UsageError
from simulator.play import Engine, name_scripts, trainee_key, trainee_name
from simulator.records import Store
from simulator.records._xapi import trainee_id
from simulator.scenario import Scenario
from simulator.scoring import score
from tests.conftest import run_cli as run

CYRILLIC = "d\u0435wi"  # "dеwi": its е is Cyrillic


def save(small: Scenario, trainee: str) -> None:
    """A record as it is stored, the name exactly as given (as an older agentsim did)."""
    engine = Engine(small)
    session = engine.replay(["ask-where", "send"])
    session.trainee = trainee
    store = Store()
    store.save(small, session, score(small, session))
    store.close()


def test_names_are_tidied() -> None:
    assert trainee_name("  Dewi \u00a0 Lestari ") == "Dewi Lestari"
    assert trainee_name("De\u0301wi") == "D\u00e9wi"  # NFC: é as one character
    assert trainee_key("DEWI  lestari ") == trainee_key("dewi Lestari") == "dewi lestari"
    assert trainee_key("STRASSE") == trainee_key("straße")


@pytest.mark.parametrize(("name", "message"), [
    ("", "the trainee name (--trainee) is empty: give --trainee NAME"),
    ("  \u3000 ", "the trainee name (--trainee) is empty: give --trainee NAME"),
    ("dewi\x1b[2J", "the trainee name (--trainee) holds a control character, \\x1b: give a "
     "name of letters, digits, spaces and punctuation"),
    ("dewi\nbudi", "the trainee name (--trainee) holds a control character, \\n: give a name "
     "of letters, digits, spaces and punctuation"),
])
def test_empty_names_and_control_characters_are_refused(name: str, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        trainee_name(name)
    assert str(refused.value) == message


def test_play_refuses_an_empty_name_before_the_call(folder: Path, records: Path) -> None:
    code, out, err = run(folder, "play", "small", "--trainee", " ", "--answers", "-",
                         stdin="1\nsend\n")
    assert (code, out) == (2, "")
    assert err == "error: the trainee name (--trainee) is empty: give --trainee NAME\n"
    assert not records.exists()


def test_play_records_the_tidied_name_and_warns_about_mixed_scripts(folder: Path) -> None:
    code, _, err = run(folder, "play", "small", "--trainee", "  Dewi   Lestari ", "--answers",
                       "-", stdin="1\nsend\n")
    assert (code, err) == (0, "")
    code, _, err = run(folder, "play", "small", "--trainee", CYRILLIC, "--answers", "-",
                       stdin="1\nsend\n")
    assert code == 0
    assert err == (f"warning: the trainee name '{CYRILLIC}' mixes scripts (Latin, Cyrillic): "
                   "it can look like another trainee's name\n")
    store = Store()
    assert [r.trainee for r in store.records()] == ["Dewi Lestari", CYRILLIC]
    store.close()


def test_scripts_that_belong_together_are_not_mixed() -> None:
    assert name_scripts("Dewi Lestari") == ()
    assert name_scripts("山田 はなこ") == ()
    assert name_scripts("Ньютон") == ()
    assert name_scripts(CYRILLIC) == ("Latin", "Cyrillic")


def test_one_trainee_however_the_name_was_typed(folder: Path, small: Scenario) -> None:
    """Records kept before names were tidied ("dewi ", "Dewi") still match."""
    for name in ("dewi", "Dewi", "dewi ", "DEWI", CYRILLIC, "budi"):
        save(small, name)
    store = Store()
    assert len(store.records(trainee="dewi")) == 4
    assert len(store.records(trainee=" DeWi ")) == 4
    assert len(store.records(trainee=CYRILLIC)) == 1
    store.close()
    code, out, _ = run(folder, "history", "--trainee", "Dewi")
    assert code == 0
    assert len(out.splitlines()) == 5


def test_one_trainee_one_pseudonym() -> None:
    assert trainee_id("dewi", "k") == trainee_id("Dewi", "k") == trainee_id("dewi ", "k")
    assert trainee_id(CYRILLIC, "k") != trainee_id("dewi", "k")


def test_one_trainee_one_report_file_and_no_look_alike_files(
        folder: Path, small: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("dewi", "Dewi", "dewi ", CYRILLIC, "Dewi Lestari"):
        save(small, name)
    monkeypatch.chdir(tmp_path)
    written = []
    for name in ("dewi", "Dewi", "dewi ", CYRILLIC, "Dewi Lestari"):
        code, out, err = run(folder, "report", "--trainee", name)
        assert code == 0, err
        written.append(out.strip().removeprefix("Report written to "))
    assert written[:3] == ["trainee-dewi.html"] * 3
    assert written[3].startswith("trainee-d-wi-")
    assert written[3].isascii()
    assert written[4].startswith("trainee-dewi-lestari-")
    assert len(set(written)) == 3
