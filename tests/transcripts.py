"""Record trainers' transcripts: each story's best path and a failing one, in both languages.

Run from the checkout: `python -m tests.transcripts` (writes docs/transcripts/). Each call is
played through a real pseudo-terminal by reading the screen, as a trainee would.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from simulator.scenario import Catalog, load_scenario
from tests.terminal import play_by_reading

OUT = Path(__file__).resolve().parent.parent / "docs" / "transcripts"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {"AGENTSIM_DB": f"sqlite:///{scratch}/records.db",
               "AGENTSIM_REPORTS": f"{scratch}/reports"}
        for path in Catalog.builtin().files():
            scenario = load_scenario(path)
            best = next(w for w in scenario.walkthroughs if w.name == "best")
            failing = next(w for w in scenario.walkthroughs if w.passed is False)
            for kind, walkthrough in (("best", best), ("failing", failing)):
                for lang in ("en", "id"):
                    screen, status = play_by_reading(scenario, walkthrough.choices, lang,
                                                     env=env)
                    lines = screen.rstrip().splitlines()[:-2]  # drop the scratch report path
                    header = (f"# {scenario.id}: {walkthrough.name} ({lang})\n"
                              f"# agentsim play {scenario.id} --lang {lang} --untimed "
                              f"--seed 11, replies typed by number\n\n")
                    name = OUT / f"{scenario.id}.{kind}.{lang}.txt"
                    name.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
                    print(f"{name.relative_to(OUT.parent.parent)}: exit {status}")


if __name__ == "__main__":
    main()
