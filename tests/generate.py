"""Generate scenarios of any size for property tests and benchmarks.

The shape is that of a real call: moments in layers, each with replies that move on, that
detour, or that end the call early; some moments show emotion; some replies escalate.
"""

from __future__ import annotations

import random
from typing import Any

import yaml

BEHAVIOURS = ["acknowledge", "acknowledge-generic", "reassure", "ownership", "explore",
              "personalise", "apologise", "dismiss", "blame", "judge", "scripted"]


def generate(seed: int, states: int = 20, choices_per_state: int = 4,
             format2: bool = False) -> str:
    """YAML text of a valid scenario with `states` states and that many choices each; with
    `format2`, one that also uses variants, conditional targets and a meter's pace."""
    doc = scenario_doc(seed, states, choices_per_state)
    if format2:
        with_format_2(doc, seed)
    return dump(doc)


def with_format_2(doc: dict[str, Any], seed: int) -> None:
    """Make a generated scenario format 2: a flag that a third of the replies set, variants
    that react to the previous reply and to the flag, conditional targets on the flag, and a
    meter whose pace stops once help is on its way."""
    rng = random.Random(seed * 7 + 1)
    doc["format"] = 2
    doc["meters"] = {"patience": {"label": {"en": "Patience", "id": "Kesabaran"}, "start": 80,
                                  "per_minute": -1,
                                  "pace": [{"requires": ["helped"], "per_minute": 0}]}}
    states = doc["states"]
    names = list(states)
    for index, name in enumerate(names):
        state = states[name]
        for reply in state["choices"]:
            if rng.random() < 0.33:
                reply["set"] = ["noted"]
            if "help" in reply.get("actions", []):
                reply["set"] = [*reply.get("set", []), "helped"]
            if rng.random() < 0.3 and str(reply["next"]).startswith("s"):
                other = names[min(len(names) - 1, index + rng.randint(1, 4))]
                reply["next"] = [{"requires": ["noted"], "to": other},
                                 {"to": reply["next"]}]
        previous = state["choices"][0]["id"]
        state["variants"] = [
            {"after": [previous], "customer": {"en": f"Again {name}", "id": f"Lagi {name}"}},
            {"requires": ["noted"], "customer": {"en": f"Noted {name}", "id": f"Dicatat {name}"}},
        ]


def dump(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def scenario_doc(seed: int, states: int = 20, choices_per_state: int = 4) -> dict[str, Any]:
    """A generated scenario as plain data, to change before dumping."""
    rng = random.Random(seed)
    doc: dict[str, Any] = {
        "format": 1,
        "id": f"generated-{seed}",
        "title": {"en": f"Generated {seed}", "id": f"Buatan {seed}"},
        "summary": {"en": "A generated call.", "id": "Panggilan buatan."},
        "languages": ["en", "id"],
        "customer": {"name": "Sam"},
        "start": "s0",
        "actions": {
            "help": {"label": {"en": "Help sent", "id": "Bantuan dikirim"}},
            "ticket": {"label": {"en": "Ticket logged", "id": "Tiket dicatat"}},
            "transfer": {"label": {"en": "Transferred", "id": "Dialihkan"}},
        },
        "endings": {
            "good": {"outcome": "safe", "text": {"en": "Good.", "id": "Baik."}},
            "partial": {"outcome": "partial", "text": {"en": "Partly.", "id": "Sebagian."}},
            "bad": {"outcome": "failed", "text": {"en": "Bad.", "id": "Buruk."}},
        },
        "scoring": {
            "critical_actions": {"help": {"grace": "30s", "deadline": "30m"}},
            "escalations": {"required": ["help", "ticket"], "order": [["help", "ticket"]],
                            "unnecessary": ["transfer"]},
            "critical_errors": {"no-help": {"label": {"en": "No help", "id": "Tanpa bantuan"},
                                            "missing": ["help"]}},
        },
    }
    body: dict[str, object] = {}
    for i in range(states):
        replies = []
        for k in range(choices_per_state):
            if i == states - 1:
                target = "good" if k == 0 else rng.choice(["partial", "bad", "good"])
            elif k == 0:
                target = f"s{i + 1}"
            else:
                roll = rng.random()
                if roll < 0.6:
                    target = f"s{min(states - 1, i + rng.randint(1, 3))}"
                elif roll < 0.75 and i > 0:
                    target = f"s{rng.randint(max(0, i - 3), i - 1)}"  # a detour back
                else:
                    target = rng.choice(["partial", "bad"])
            reply: dict[str, object] = {
                "id": f"c{i}-{k}",
                "text": {"en": f"Reply {i}.{k}", "id": f"Jawaban {i}.{k}"},
                "next": target,
                "takes": rng.randint(5, 90),
                "behaviours": rng.sample(BEHAVIOURS, rng.randint(0, 3)),
                "feedback": {"en": f"Feedback {i}.{k}", "id": f"Umpan balik {i}.{k}"},
            }
            roll = rng.random()
            if roll < 0.15:
                reply["actions"] = ["help"]
            elif roll < 0.25:
                reply["actions"] = ["ticket"]
            elif roll < 0.32:
                reply["actions"] = ["transfer"]
            replies.append(reply)
        state: dict[str, object] = {"customer": {"en": f"Line {i}", "id": f"Kalimat {i}"},
                                    "choices": replies}
        if rng.random() < 0.4:
            state["emotion"] = rng.choice(["fear", "anger", "distress"])
        body[f"s{i}"] = state
    doc["states"] = body
    return doc
