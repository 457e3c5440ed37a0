"""HTML reports for HR, coaches and trainers: plain view-models rendered by Jinja2 templates.

The templates in `reports/` hold no scoring logic: everything they show is computed in the
view-model modules (`_session_report`, `_trainee`, `_cohort`, `_items`). Autoescaping is on
and undefined names fail loudly, so trainee and author text can never become markup. This
module holds what they share: the words, the links of a linked set, rendering, and writing
a report file whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.present._words import Words
from simulator.scenario import DIMENSIONS, Scenarios, content_dir

SCORES = (*DIMENSIONS, "overall")


def words(lang: str) -> dict[str, str]:
    """The report's words in `lang`, by name, as the templates read them (`w.trainee`):
    the `report` group with the groups of each report (`cohort`, `items`, `progress`, `why`)
    on top (their names are distinct; the glossary is read by the cohort's view-model)."""
    say = Words(lang)
    out = say.group("report")
    for group in ("cohort", "items", "progress", "why"):
        out.update(say.group(group))
    return out


@dataclass(frozen=True, slots=True)
class Links:
    """Where the other reports of a linked set (`report --all`) are, by file name in the same
    folder. A report written on its own has none, and links nowhere."""

    cohort: str | None = None
    trainees: Mapping[str, str] = field(default_factory=dict)
    sessions: frozenset[str] = frozenset()

    def trainee(self, name: str) -> str | None:
        return self.trainees.get(name)

    def session(self, session_id: str) -> str | None:
        return session_file(session_id) if session_id in self.sessions else None


NO_LINKS = Links()


def session_file(session_id: str) -> str:
    """A session report's file name in a linked set: the whole id (eight characters could
    name two of a million calls)."""
    return f"session-{session_id}.html"


def trainee_files(names: Iterable[str]) -> dict[str, str]:
    """Each trainee's report file name in a linked set: a slug of the name, with a number
    added where two names make the same slug ("Ana" and "ana")."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = slug(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out[name] = f"trainee-{candidate}.html"
    return out


def slug(text: str) -> str:
    """Letters and digits of a name, lower case, joined by hyphens (at most 40)."""
    made = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    while "--" in made:
        made = made.replace("--", "-")
    return made[:40].strip("-") or "trainee"


def render(template: str, view: dict[str, Any]) -> str:
    """Render a report template with autoescaping and strict undefined names."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(content_dir("reports")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    return env.get_template(template).render(**view)


def write_report(path: Path, html: str) -> None:
    """Write a report whole: to a temporary file beside it, then renamed over it, so a reader
    never opens half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(html)
        mask = os.umask(0)
        os.umask(mask)
        Path(temporary).chmod(0o666 & ~mask)  # as a plain write would leave it, not 0600
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def titles(ids: Iterable[str], scenarios: Scenarios, lang: str) -> dict[str, str]:
    """Each scenario's title in `lang`; its id where the scenario is not available."""
    out = {}
    for scenario_id in ids:
        scenario = scenarios.get(scenario_id)
        out[scenario_id] = scenario.title.get(lang) if scenario else scenario_id
    return out


def now(lang: str) -> str:
    """This moment as local time with its zone."""
    return Words(lang).when(datetime.now(UTC).isoformat())


def score_text(say: Words, value: float | None) -> str:
    """A score as every report, `history` and the CSV show it: to one decimal (94.5, 100.0);
    a dash where there is none."""
    return "–" if value is None else say.fixed(value)


def first_sentence(text: str, limit: int = 90) -> str:
    """A story (an ending's text) cut to its first sentence, and to `limit` characters."""
    first = text.strip().split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[:limit - 1].rstrip() + "…"
