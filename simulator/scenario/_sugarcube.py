"""SugarCube 2 markup in a passage, as far as a scenario needs it: links (`[[Text|Passage]]`
with a setter), `<<if>>` around them, `<<set>>`, narration in `//italics//`, and a choice's
id in a comment after its link. Written by the Twee export and read by its import.

A flag `location-known` is the variable `$location_known` (SugarCube names cannot hold
`-`); a meter is a number variable: `$battery gte 5`, `$calm += 10`. Nothing here is ever
run: conditions and setters are read as data, and what cannot be read becomes a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from simulator.scenario._fields import valid_id

COMPARE = {"gt": "above", ">": "above", "gte": "at_least", ">=": "at_least",
           "lt": "below", "<": "below", "lte": "at_most", "<=": "at_most"}
WRITE_COMPARE = {"above": "gt", "at_least": "gte", "below": "lt", "at_most": "lte"}
_TOKEN = re.compile(r"/\*.*?\*/|<!--.*?-->|/%.*?%/|<<.*?>>|\[\[.*?\]\]", re.DOTALL)
_VARIABLE = r"\$([A-Za-z_][A-Za-z0-9_]*)"
_NUMBER = r"(-?\d+(?:\.\d+)?)"
_ID_COMMENT = re.compile(r"/\*\s*([a-z][a-z0-9-]{0,63})\s*\*/")


@dataclass(slots=True)
class Rule:
    """A condition read from `<<if>>`: flags set and not set, meter tests; `ok` is False
    when part of it could not be read (and was left out)."""

    requires: list[str] = field(default_factory=list)
    unless: list[str] = field(default_factory=list)
    when: dict[str, tuple[str, float]] = field(default_factory=dict)
    ok: bool = True

    def joined(self, other: Rule) -> Rule:
        when = {**self.when, **other.when}
        return Rule(self.requires + other.requires, self.unless + other.unless, when,
                    self.ok and other.ok)


@dataclass(slots=True)
class Effects:
    """What a setter or a `<<set>>` does: flags set and cleared, amounts added to meters."""

    set: list[str] = field(default_factory=list)
    clear: list[str] = field(default_factory=list)
    change: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Link:
    """A link: its text, the passage it leads to, its setter, the `<<if>>` around it, and
    the choice id from the comment after it (None without one)."""

    text: str
    target: str
    effects: Effects
    rule: Rule
    id: str | None = None


@dataclass(slots=True)
class Body:
    """A passage's text read: the customer's words, the narration, the links, what its own
    `<<set>>` macros do, and notes on what could not be read."""

    customer: str = ""
    narration: str = ""
    links: list[Link] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)
    notes: list[str] = field(default_factory=list)


def variable(ident: str) -> str:
    """The SugarCube variable of a flag or meter id: `location-known` -> `$location_known`."""
    return "$" + ident.replace("-", "_")


def ident(name: str) -> str | None:
    """The flag or meter id of a variable name (without `$`), or None if it makes none:
    `location_known` and `locationKnown` -> `location-known`."""
    found = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).replace("_", "-").lower()
    return found if valid_id(found) else None


def link(text: str, target: str, effects: Effects) -> str:
    """A link in SugarCube markup: `[[Text|Passage][$flag to true, $meter += 10]]`."""
    setter = [f"{variable(f)} to true" for f in effects.set]
    setter += [f"{variable(f)} to false" for f in effects.clear]
    for meter, amount in effects.change.items():
        sign = "-=" if amount < 0 else "+="
        setter.append(f"{variable(meter)} {sign} {_number(abs(amount))}")
    return f"[[{text}|{target}]" + (f"[{', '.join(setter)}]]" if setter else "]")


def condition(rule: Rule) -> str:
    """A rule as the expression of an `<<if>>`: `$located and not $gone and $calm gte 60`."""
    parts = [variable(f) for f in rule.requires] + [f"not {variable(f)}" for f in rule.unless]
    parts += [f"{variable(m)} {WRITE_COMPARE[c]} {_number(v)}" for m, (c, v) in rule.when.items()]
    return " and ".join(parts)


def parse_body(text: str) -> Body:
    """Read a passage's text: links with the `<<if>>` around them and the id comment after
    them, `<<set>>` macros, then the prose that is left (narration in `//...//` lines)."""
    body = Body()
    frames: list[tuple[Rule, list[Rule]]] = []  # each open <<if>>: its rule, the ones before
    prose: list[str] = []
    position = 0
    last: Link | None = None
    for match in _TOKEN.finditer(text):
        between = text[position:match.start()]
        prose.append(between)
        if between.strip() or "\n" in between:
            last = None
        position = match.end()
        token = match.group(0)
        if token.startswith("[["):
            rule = Rule()
            for frame_rule, _before in frames:
                rule = rule.joined(frame_rule)
            last = _link(token[2:-2], rule, body.notes)
            body.links.append(last)
        elif token.startswith("<<"):
            _macro(token[2:-2].strip(), frames, body)
        elif last is not None and last.id is None and (found := _ID_COMMENT.fullmatch(token)):
            last.id = found.group(1)
    prose.append(text[position:])
    _prose("".join(prose), body)
    return body


def _link(inside: str, rule: Rule, notes: list[str]) -> Link:
    """`Text|Passage`, `Text->Passage`, `Passage<-Text` or `Passage`, with `][setter`."""
    main, _, setter = inside.partition("][")
    if "|" in main:
        text, target = main.rsplit("|", 1)
    elif "->" in main:
        text, target = main.rsplit("->", 1)
    elif "<-" in main:
        target, text = main.split("<-", 1)
    else:
        text = target = main
    if not rule.ok:
        notes.append(f"part of the <<if>> around the link to '{target.strip()}' could not be "
                     "read and is left out")
    return Link(text.strip(), target.strip(), effects(setter, notes), rule)


def _macro(macro: str, frames: list[tuple[Rule, list[Rule]]], body: Body) -> None:
    name, _, args = macro.partition(" ")
    if name == "if":
        frames.append((rule_of(args), []))
    elif name in ("elseif", "else") and frames:
        current, before = frames.pop()
        before = [*before, current]
        rule = Rule() if name == "else" else rule_of(args)
        for earlier in before:
            rule = rule.joined(_negated(earlier))
        frames.append((rule, before))
    elif name == "/if" and frames:
        frames.pop()
    elif name == "set":
        found = effects(args, body.notes)
        body.effects.set += found.set
        body.effects.clear += found.clear
        body.effects.change.update(found.change)
    elif name == "unset":
        body.effects.clear += [f for f in (ident(v) for v in re.findall(_VARIABLE, args)) if f]
    else:
        body.notes.append(f"the macro <<{name}>> is not read and is left out")


def rule_of(expression: str) -> Rule:
    """An `<<if>>` expression: clauses joined by `and` (or `&&`), each a flag (`$x`, `not
    $x`, `$x is true`) or a meter test (`$x gte 5`)."""
    rule = Rule()
    for clause in re.split(r"\s+and\s+|\s*&&\s*", expression.strip()):
        clause = clause.strip()
        if m := re.fullmatch(rf"(not\s+|!\s*)?{_VARIABLE}(?:\s+(?:is|eq|==|===)\s+(true|false))?",
                             clause):
            name = ident(m.group(2))
            negated = bool(m.group(1)) != (m.group(3) == "false")
            if name:
                (rule.unless if negated else rule.requires).append(name)
                continue
        elif m := re.fullmatch(rf"{_VARIABLE}\s*(gte|gt|lte|lt|>=|>|<=|<)\s*{_NUMBER}", clause):
            name = ident(m.group(1))
            if name and name not in rule.when:
                rule.when[name] = (COMPARE[m.group(2)], float(m.group(3)))
                continue
        rule.ok = False
    return rule


def _negated(rule: Rule) -> Rule:
    """`<<else>>` after `<<if $x>>` is `not $x`; anything harder cannot be read."""
    if len(rule.requires) + len(rule.unless) == 1 and not rule.when and rule.ok:
        return Rule(list(rule.unless), list(rule.requires))
    return Rule(ok=False)


def effects(setter: str, notes: list[str]) -> Effects:
    """A setter or `<<set>>` expression: `$x to true`, `$x to false`, `$m += 5`, `$m -= 5`,
    `$m to $m + 5`, separated by commas or semicolons."""
    out = Effects()
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", setter))):
        if m := re.fullmatch(rf"{_VARIABLE}\s*(?:to|=)\s*(true|false)", part):
            name = ident(m.group(1))
            if name:
                (out.set if m.group(2) == "true" else out.clear).append(name)
                continue
        elif m := re.fullmatch(rf"{_VARIABLE}\s*([+-])=\s*{_NUMBER}", part):
            name = ident(m.group(1))
            if name:
                amount = float(m.group(3))
                out.change[name] = out.change.get(name, 0.0) + (
                    -amount if m.group(2) == "-" else amount)
                continue
        elif m := re.fullmatch(rf"{_VARIABLE}\s*(?:to|=)\s*\$([A-Za-z_][A-Za-z0-9_]*)"
                               rf"\s*([+-])\s*{_NUMBER}", part):
            name = ident(m.group(1))
            if name and m.group(1) == m.group(2):
                amount = float(m.group(4))
                out.change[name] = out.change.get(name, 0.0) + (
                    -amount if m.group(3) == "-" else amount)
                continue
        notes.append(f"'{part}' is not read (a flag set to true or false, or an amount "
                     "added to a number, is) and is left out")
    return out


def _prose(text: str, body: Body) -> None:
    """What is left of a passage's text: lines in `//...//` are the narration, the rest
    the customer's words (paragraphs kept, blank lines and stray whitespace dropped)."""
    narration, customer = [], []
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) > 4 and stripped.startswith("//") and stripped.endswith("//"):
            narration.append(stripped[2:-2])
        else:
            customer.append(line.rstrip())
    body.narration = "\n".join(narration)
    body.customer = re.sub(r"\n{3,}", "\n\n", "\n".join(customer)).strip()


def _number(value: float) -> str:
    """A number as SugarCube and `_NUMBER` read it: `10`, `2.5`, `0.0000001` (no exponent)."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")
