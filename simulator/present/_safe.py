"""Text from outside made safe for a terminal: no control character reaches it raw.

Trainee names, scenario text, file names, answers, server replies and stored records can
hold escape sequences that clear the screen, hide text or set the window title. Every
control character (C0 but newline and tab, DEL, C1) is shown as a visible escape instead:
ESC becomes the four characters `\\x1b`, so what followed it (`[2J`, `]0;title`) is plain
text. This is the one place that does it; the command line and the screen both use it.
"""

from __future__ import annotations

import re

# C0 controls but tab (\x09) and newline (\x0a), DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# In JSON, C0 controls are escaped already; DEL and C1 are not, unless we do it.
_JSON_RAW = re.compile(r"[\x7f-\x9f]")


def has_control(text: str) -> bool:
    """Whether `text` holds a control character other than newline and tab."""
    return _CONTROL.search(text) is not None


def safe(text: str) -> str:
    """`text` with every control character but newline and tab shown as `\\xNN`."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe_json(text: str) -> str:
    """A JSON document whose DEL and C1 characters are written as `\\u00NN` escapes: the
    same data, but nothing a terminal would act on."""
    if not _JSON_RAW.search(text):
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
