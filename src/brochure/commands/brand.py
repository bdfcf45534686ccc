"""brochure brand: what a Hugo site shows of its company's brand, with where each thing was
found, and the ``[theme]`` block of ``brochure.toml`` made from it (``--write``)."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path

from .. import brand as brand_stage
from .. import brand_theme
from ..brand import Brand, Found
from ..errors import ConfigError
from ..outputs import write_atomic
from ..site import Site, load_site

COLOUR_KEYS = {"heading": "heading_color", "accent": "accent_color", "text": "text_color", "link": "link_color"}


def read_brand(site_dir: Path) -> tuple[Site, Brand]:
    site = load_site(Path(site_dir))
    brand, problem = brand_theme.read_brand(site)
    if problem:
        print(problem, file=sys.stderr)
    return site, brand


def describe(site: Site, brand: Brand) -> list[str]:
    """What was found, one line each: ``what  value  (where)``."""
    lines: list[str] = []

    def line(what: str, found: Found | None, note: str = "") -> None:
        if found:
            lines.append(f"{what:<14} {found.value}{note}  ({found.origin})")

    line("logo", brand.logo)
    line("logo (light)", brand.logo_light)
    if not brand.logo:
        lines.append(f"{'logo':<14} none found" + (f"; {brand.inline_logo} (not used)" if brand.inline_logo else ""))
    for what, found in (("text font", brand.font), ("heading font", brand.heading_font)):
        line(what, found, "" if brand.local(found) else " (no font file in the site: not embedded)")
    for family, files in brand.font_files.items():
        for found in files:
            line("font file", found, f" [{family}]")
    for found in brand.remote_fonts:
        lines.append(f"{'remote font':<14} {found.value} (reported, not fetched)  ({found.origin})")
    for role in brand_stage.COLOUR_ROLES:
        line(f"{role} colour", brand.colors.get(role))
    for what, found in brand.contacts.items():
        line(what, found)
    colours = brand_stage.brand_colours(brand)
    lines.append(f"summary        logo {'yes' if brand.logo else 'no'}, "
                 f"fonts {', '.join(f for f in brand.font_files) or 'none local'}, "
                 f"{len(colours)} brand colour(s) {' '.join(colours)}")
    return lines


def as_json(brand: Brand) -> dict:
    def one(found: Found | None):
        return {"value": found.value, "origin": found.origin} if found else None

    return {"logo": one(brand.logo), "logo_light": one(brand.logo_light), "font": one(brand.font),
            "heading_font": one(brand.heading_font),
            "font_files": {family: [one(f) for f in files] for family, files in brand.font_files.items()},
            "remote_fonts": [one(f) for f in brand.remote_fonts],
            "colors": {role: one(f) for role, f in brand.colors.items()},
            "contacts": {what: one(f) for what, f in brand.contacts.items()},
            "brand_colors": brand_stage.brand_colours(brand)}


def theme_block(site: Site, brand: Brand, folder: Path) -> str:
    """The ``[theme]`` block for a ``brochure.toml`` in ``folder``: paths relative to it, each value
    followed by where it was found."""
    def path(found: Found) -> str:
        return os.path.relpath(site.root / found.value, folder).replace(os.sep, "/")

    def entry(key: str, value: str, origin: str) -> str:
        return f"{key} = {json.dumps(value, ensure_ascii=False)}  # {origin}"

    lines = ["[theme]", "# found by `brochure brand`: correct any value; delete a key to let the site decide it"]
    for key, found in (("logo", brand.logo), ("logo_light", brand.logo_light)):
        if found:
            lines.append(entry(key, path(found), found.origin))
    files = [f for family in dict.fromkeys(
        [x.value for x in (brand.font, brand.heading_font) if brand.local(x)]) for f in brand.font_files[family]]
    if files:
        lines.append("fonts = [")
        lines += [f"  {json.dumps(path(f), ensure_ascii=False)},  # {f.origin}" for f in files]
        lines.append("]")
    for key, found in (("font", brand.font), ("heading_font", brand.heading_font)):
        if brand.local(found):
            lines.append(entry(key, found.value, found.origin))
    for role, key in COLOUR_KEYS.items():
        if role in brand.colors:
            lines.append(entry(key, brand.colors[role].value, brand.colors[role].origin))
    return "\n".join(lines) + "\n"


_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]", re.M)


def write_theme(config_path: Path, site: Site, brand: Brand, force: bool) -> Path:
    """Put the brand's ``[theme]`` block in ``config_path`` (created with ``site = …`` when missing),
    the rest of the file as it was; an existing ``[theme]`` block is replaced only with ``force``."""
    config_path = Path(config_path).resolve()
    text = config_path.read_text(encoding="utf-8-sig") if config_path.is_file() else ""
    try:
        existing = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}; not changed", config_path) from None
    block = theme_block(site, brand, config_path.parent)
    if "theme" in existing and not force:
        raise ConfigError("already has a [theme] block; not changed (--force replaces it)", config_path)
    if "theme" in existing:
        text = _without_theme(text)
    if not text.strip():
        text = f"site = {json.dumps(os.path.relpath(site.root, config_path.parent).replace(os.sep, '/'))}\n"
    text = text.rstrip("\n") + "\n\n" + block
    try:
        tomllib.loads(text)  # what is written is read back as it was
    except tomllib.TOMLDecodeError:
        raise ConfigError("its theme is written in a form brochure cannot replace (an inline table, "
                          "dotted keys); not changed", config_path) from None
    return write_atomic(config_path, text.encode("utf-8"))


def _without_theme(text: str) -> str:
    """``text`` without its ``[theme]`` table (from its header to the next table's)."""
    tables = list(_TABLE.finditer(text))
    for i, match in enumerate(tables):
        if match.group(1) == "theme":
            end = tables[i + 1].start() if i + 1 < len(tables) else len(text)
            return text[:match.start()] + text[end:]
    return text
