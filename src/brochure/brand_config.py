"""The colours a site's configuration names (part of stage 0, for ``brand.py``): its Hugo params
(``params.primaryColor``, ``params.colors.secondary``, ``params.style.link_color``…) and the
``colors`` of its ``tailwind.config.js``, read as text (never run): each hex value under a key
becomes the variable ``--color-<key>`` (``--color-brand-600`` for a shade) that Tailwind's
classes (``bg-brand-600``) and the names of :data:`brand_css.NAMED` resolve. Nothing here reads a file.
"""

from __future__ import annotations

import re
from typing import Any

from .brand_css import NAMED, Rules, colour

TABLES = ("colors", "colours", "color", "colour", "style", "styles", "theme", "brand", "branding")
ROLES = ("accent", "secondary", "heading", "link", "button", "text", "background")
MAX_CONFIG = 256 * 1024  # characters of a tailwind.config.js looked at

# one pass over the text: an entry ``name: '#hex'`` or ``name: {`` (a name starts after no word
# character, so a long word is tried once), or a lone brace
_TOKEN = re.compile(r"""['"]?(?<![\w-])([\w-]+)(['"]?)\s*:\s*(?:['"](#[0-9a-fA-F]{3,8})['"]|(\{))|[{}]""")


def params_colours(params: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each role's colour the params name (``primaryColor`` is the accent), with its key."""
    found: dict[str, tuple[str, str]] = {}
    items = [(key, value, f"params.{key}") for key, value in params.items()]
    for table in TABLES:
        if isinstance(params.get(table), dict):
            items += [(key, value, f"params.{table}.{key}") for key, value in params[table].items()]
    for key, value, origin in items:
        hex_colour = colour(value) if isinstance(value, str) and len(value) < 64 else None
        role = _role(str(key))
        if hex_colour and role and role not in found:
            found[role] = (hex_colour, origin)
    return found


def _role(key: str) -> str | None:
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", key).lower()
    return next((role for role in ROLES if re.fullmatch(rf"(?:{NAMED[role]})(?:-500|-600)?", name)), None)


def read_tailwind_config(text: str, origin: str, rules: Rules) -> None:
    """The hex colours under ``colors: {…}`` of a Tailwind configuration, as ``--color-*`` variables:
    read in one pass (a stack of the objects open; None for one that is not a table of colours)."""
    open_objects: list[tuple[str, int] | None] = []  # (prefix, depth) of a colours object
    for token in _TOKEN.finditer(text[:MAX_CONFIG]):
        top = open_objects[-1] if open_objects else None
        if token.group(0) == "}":
            if open_objects:
                open_objects.pop()
            continue
        if token.group(0) == "{" or token.group(1) is None:
            open_objects.append(None)
            continue
        name = token.group(1) if token.group(1) != "DEFAULT" else ""
        full = "-".join(part for part in (top[0] if top else "", name) if part)
        if token.group(3):
            if top is not None and full:
                rules.variables[f"--color-{full}"] = (token.group(3), f"{origin}: colors.{full.replace('-', '.')}")
        elif top is not None and top[1] < 3:
            open_objects.append((full, top[1] + 1))
        elif token.group(1) == "colors" and not token.group(2):
            open_objects.append(("", 0))
        else:
            open_objects.append(None)
