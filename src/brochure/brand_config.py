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

_COLORS = re.compile(r"""\bcolors\s*:\s*\{""")
_ENTRY = re.compile(r"""['"]?([\w-]+)['"]?\s*:\s*(?:['"](#[0-9a-fA-F]{3,8})['"]|(\{))""")


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
    """The hex colours under ``colors: {…}`` of a Tailwind configuration, as ``--color-*`` variables."""
    text = text[:MAX_CONFIG]
    for match in _COLORS.finditer(text):
        _read_object(text, match.end(), "", origin, rules, depth=0)


def _read_object(text: str, start: int, prefix: str, origin: str, rules: Rules, depth: int) -> int:
    """The entries of the object opening at ``start`` (just after its ``{``); where it ends."""
    position, level = start, 1
    while position < len(text) and level:
        entry = _ENTRY.match(text, position)
        if entry and level == 1:
            name = entry.group(1) if entry.group(1) != "DEFAULT" else ""
            full = "-".join(part for part in (prefix, name) if part)
            if entry.group(2) and full:
                rules.variables[f"--color-{full}"] = (entry.group(2), f"{origin}: colors.{full.replace('-', '.')}")
                position = entry.end()
                continue
            if entry.group(3) and depth < 3:
                position = _read_object(text, entry.end(), full, origin, rules, depth + 1)
                continue
        level += {"{": 1, "}": -1}.get(text[position], 0)
        position += 1
    return position
