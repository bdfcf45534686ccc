"""The colours a site's templates set with Tailwind utility classes (part of stage 0, for
``brand.py``): literal values (``bg-[#1D65A6]``, ``text-[#192E5B]``) and palette names the
site's own theme variables define (``text-indigo-700`` for ``--color-indigo-700``, else
``--color-indigo``), else Tailwind's default palette (:mod:`tailwind_palette`). Each colour counts once per use; the element a class is on says its role:
a background on a header, nav, button or link is the accent, a text colour on a heading is the
headings', on a link the links'. Nothing here reads a file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import tailwind_palette
from .brand_css import colour, grey, resolve

_TAG = re.compile(r"""<(\w+)\b[^<>]*?\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"^(?:(?:sm|md|lg|xl|2xl):)*(bg|text|border|from|via|to|decoration|fill|stroke)-"
                    r"(?:\[(#[0-9a-fA-F]{3,8})\]|([a-z]+(?:-[a-z]+)?)(?:-(\d{2,3}))?)$")
_ROLE = {("text", "h1"): ("heading",), ("text", "h2"): ("heading",), ("text", "h3"): ("heading",),
         ("text", "a"): ("link",), ("bg", "button"): ("button", "accent"), ("bg", "a"): ("button", "accent"),
         ("bg", "header"): ("accent",), ("bg", "nav"): ("accent",)}


@dataclass
class Uses:
    """How often each colour is used, overall and in each role, and where it was first seen."""

    overall: Counter = field(default_factory=Counter)
    roles: dict[str, Counter] = field(default_factory=dict)
    first: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, colour) -> "<file>: <tag class=…>"


def read_template(text: str, origin: str, variables: dict[str, tuple[str, str]], uses: Uses) -> None:
    """The colours of the classes in one template (``origin`` names it)."""
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        for name in (match.group(2) or match.group(3) or "").split():
            found = _CLASS.match(name)
            hex_colour = found and _value(found, variables)
            if not hex_colour or grey(hex_colour):
                continue
            uses.overall[hex_colour] += 1
            for role in ("", *_ROLE.get((found.group(1), tag), ())):
                uses.first.setdefault((role, hex_colour), f"{origin}: <{tag} class={name}>")
                if role:
                    uses.roles.setdefault(role, Counter())[hex_colour] += 1


def _value(found: re.Match, variables: dict[str, tuple[str, str]]) -> str | None:
    if found.group(2):
        return colour(found.group(2))
    shade = f"-{found.group(4)}" if found.group(4) else ""
    for name in (f"--color-{found.group(3)}{shade}", f"--color-{found.group(3)}"):
        if name in variables:
            return colour(resolve(variables[name][0], variables))
    return tailwind_palette.colour(found.group(3), found.group(4)) if found.group(4) else None


def role_colours(uses: Uses, accent: str = "") -> dict[str, tuple[str, str]]:
    """Each role's most used colour with its origin; the accent, when no header, nav or button
    has a background, is the most used colour, and the secondary the next most used that is not
    the accent (``accent``, when the stylesheets gave one)."""
    chosen = {role: (counter.most_common(1)[0][0], role) for role, counter in uses.roles.items() if counter}
    ranked = [c for c, _ in uses.overall.most_common()]
    if ranked and "accent" not in chosen:
        chosen["accent"] = (ranked[0], "")
    others = [c for c in ranked if c not in (accent or chosen.get("accent", ("", ""))[0], accent)]
    if others:
        chosen["secondary"] = (others[0], "")
    return {role: (c, f"{uses.first[(where, c)]} (used {uses.roles[where][c] if where else uses.overall[c]} times)")
            for role, (c, where) in chosen.items()}
