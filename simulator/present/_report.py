"""HTML reports for HR, coaches and trainers: plain view-models rendered by Jinja2 templates.

The templates in `reports/` hold no scoring logic: everything they show is computed in the
view-model modules (`_session_report`, `_trainee`, `_cohort`, `_items`). Autoescaping is on
and undefined names fail loudly, so trainee and author text can never become markup. This
module holds what they share: the words, the links of a linked set, file names and
rendering (`records.write_file` writes a report whole).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from simulator.play import trainee_key
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
    """Each trainee's report file name in a linked set: `slug` of the name, so spellings of
    one name ("Dewi", "dewi ") share one file and two trainees never do."""
    return {name: f"trainee-{slug(name)}.html" for name in names}


def slug(text: str) -> str:
    """A file name for a trainee's report: the name in lower-case ASCII, and a short hash
    of it when anything was left out or replaced, so two trainees never share a file (and
    "dewi" with a Cyrillic е is not a look-alike file), while "Dewi" and "dewi " do."""
    key = trainee_key(text)
    made = "".join(c if c.isascii() and c.isalnum() else "-" for c in key).strip("-")[:40]
    if made == key:
        return made
    digest = hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"{made}-{digest}" if made else digest


def render(template: str, view: dict[str, Any]) -> str:
    """Render a report template with autoescaping and strict undefined names."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(content_dir("reports")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    return env.get_template(template).render(**view)


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
