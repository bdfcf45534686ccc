"""brochure brand: what a Hugo site shows of its company's brand, with where each thing was
found, and the ``[theme]`` block of ``brochure.toml`` made from it (``--write``)."""

from __future__ import annotations

import os
import re
import stat
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from .. import brand as brand_stage
from .. import brand_project, brand_theme
from ..brand import Brand, Found
from ..brand_theme import COLOUR_KEYS, embedded, usable
from ..errors import ConfigError, printable
from ..outputs import write_atomic
from ..config import CONFIG_NAME, load_config
from ..site import Site, load_site, read_config
from ..theme import read_toml

KEPT = ("templates", "styles")  # [theme] keys --force keeps: the design's folders, not the brand's
_UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")  # control characters (escape sequences), line breaks, bidi controls


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every control character and line break escaped."""
    def one(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        if unicodedata.category(c) in _UNSAFE and unicodedata.category(c) != "Cs":  # (a surrogate: no UTF-8)
            return f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
        return c
    return '"' + "".join(one(c) for c in value) + '"'


def read_brand(site_dir: Path) -> tuple[Site, Brand]:
    site_dir = Path(site_dir)
    if not read_config(site_dir)[1] and (site_dir / CONFIG_NAME).is_file():
        raise ConfigError(f"no Hugo configuration in {site_dir} (hugo.toml, config.toml, config/_default/ …); it is "
                          f"a brochure project: run `brochure brand` without --site there, or with --config "
                          f"{site_dir / CONFIG_NAME}")
    site = load_site(site_dir)
    brand, problem = brand_theme.read_brand(site)
    if problem:
        print(problem, file=sys.stderr)
    return site, brand


def read_project_brand(config_path: Path) -> tuple[Site, Brand, bool]:
    """The brand of the project ``config_path`` configures: its site's when it names one
    (``site = "…"``), else its own (:mod:`brand_project`); (its site, or a site standing for its
    folder, the brand, whether it is a Hugo site's)."""
    config_path = Path(config_path)
    if not config_path.is_file():
        raise ConfigError(f"not found: run `brochure brand` in a brochure project or pass --site DIR "
                          f"(a Hugo site) or --config FILE", config_path)
    raw = read_toml(config_path)
    if isinstance(raw.get("site"), str) and raw["site"].strip():
        site, brand = read_brand(config_path.resolve().parent / raw["site"])
        return site, brand, True
    config = load_config(config_path)
    return Site(root=config.root), brand_project.discover_project(config, raw), False


def describe(site: Site, brand: Brand) -> list[str]:
    """What was found, one line each: ``what  value  (where)``."""
    lines: list[str] = []

    def line(what: str, found: Found | None, note: str = "") -> None:
        if found:
            lines.append(f"{what:<14} {found.value}{note}  ({found.origin})")  # escaped below

    line("logo", brand.logo)
    line("logo (light)", brand.logo_light)
    if not brand.logo:
        lines.append(f"{'logo':<14} none found" + (f"; {brand.inline_logo} (not used)" if brand.inline_logo else ""))
    for what, found in (("text font", brand.font), ("heading font", brand.heading_font)):
        line(what, found, "" if brand.local(found) else " (brochure's own: embedded)" if found and found.value.lower()
             in brand_theme.BUILT_IN else " (installed on this machine: embedded)"
             if embedded(brand, found) else " (remote only: install it or put its files in static/; not embedded)")
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
                 f"fonts {', '.join(_families(brand)) or 'none local'}, "
                 f"{len(colours)} brand colour(s) {' '.join(colours)}")
    return [printable(text) for text in lines]


def _families(brand: Brand) -> list[str]:
    """The families with files in the site, then those the PDFs find elsewhere (installed, brochure's own)."""
    others = [f.value for f in (brand.font, brand.heading_font) if not brand.local(f) and embedded(brand, f)]
    return [*brand.font_files, *(f"{name} (installed)" for name in dict.fromkeys(others)
                                 if name.lower() not in brand_theme.BUILT_IN)]


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


def theme_entries(site: Site, brand: Brand, folder: Path) -> list[tuple[str, Any, Any]]:
    """The ``[theme]`` keys for a ``brochure.toml`` in ``folder``: (key, value, where it was found),
    paths relative to the folder; ``fonts``: a list of values and one of origins."""
    def path(found: Found) -> str:
        return os.path.relpath(site.root / found.value, folder).replace(os.sep, "/")

    entries: list[tuple[str, Any, Any]] = []
    for key, found in (("logo", brand.logo), ("logo_light", brand.logo_light)):
        if found:
            entries.append((key, path(found), found.origin))
    files = [f for family in dict.fromkeys(
        [x.value for x in (brand.font, brand.heading_font) if brand.local(x)]) for f in brand.font_files[family]]
    if files:
        entries.append(("fonts", [path(f) for f in files], [f.origin for f in files]))
    for key, found in (("font", brand.font), ("heading_font", brand.heading_font)):
        if embedded(brand, found):
            entries.append((key, found.value, found.origin + ("" if brand.local(found) else " (installed on this machine)")))
    for key in COLOUR_KEYS:
        found = brand.colors.get(key.removesuffix("_color"))
        if usable(found):  # a colour the site spells otherwise is left out
            entries.append((key, found.value, found.origin))
    return entries


def theme_block(entries: list[tuple[str, Any, Any]]) -> str:
    """The ``[theme]`` block of ``entries``, each value followed by where it was found."""
    lines = ["[theme]", "# found by `brochure brand`: correct any value; delete a key to let the site decide it"]
    for key, value, origin in entries:
        if isinstance(value, list):
            lines.append(f"{key} = [")
            lines += [f"  {toml_string(v)},  # {printable(o)}" for v, o in zip(value, origin)]
            lines.append("]")
        else:
            lines.append(f"{key} = {toml_string(value)}  # {printable(origin)}")
    return "\n".join(lines) + "\n"


_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]", re.M)


def _read(config_path: Path) -> tuple[str, int | None]:
    """(the file's text, its permissions): ("", None) when it does not exist; only a regular file is read."""
    try:
        status = config_path.stat()
    except FileNotFoundError:
        return "", None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}; not changed", config_path) from None
    if not stat.S_ISREG(status.st_mode):
        raise ConfigError("not a regular file; not changed", config_path)
    try:
        return config_path.read_bytes().decode("utf-8-sig"), stat.S_IMODE(status.st_mode)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start}); not changed", config_path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}; not changed", config_path) from None


def _parse(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def write_theme(config_path: Path, site: Site, brand: Brand, force: bool, hugo: bool = True) -> Path:
    """Put the brand's ``[theme]`` block in ``config_path`` (created with ``site = …`` when missing
    and ``hugo``: the brand is a Hugo site's),
    the rest of the file as it was; an existing ``[theme]`` block is replaced only with ``force``.
    What is written is read back: its other tables as they were, its ``[theme]`` the values meant."""
    config_path = Path(config_path).resolve()
    text, mode = _read(config_path)
    try:
        existing = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {printable(str(exc))}; not changed", config_path) from None
    entries = theme_entries(site, brand, config_path.parent)
    if isinstance(existing.get("theme"), dict):  # the folders of a theme it replaces are kept
        entries = [(key, value, "kept from the [theme] block replaced") for key, value in existing["theme"].items()
                   if key in KEPT and isinstance(value, str)] + entries
    if "theme" in existing and not isinstance(existing["theme"], dict):
        raise ConfigError("its theme key is not a [theme] table; not changed", config_path)
    if "theme" in existing and not force:
        raise ConfigError("already has a [theme] block; not changed (--force replaces it)", config_path)
    rest = {key: value for key, value in existing.items() if key != "theme"}
    if "theme" in existing:
        text = _without_theme(text)
    if not text.strip() and hugo:
        text = f"site = {toml_string(os.path.relpath(site.root, config_path.parent).replace(os.sep, '/'))}\n"
        rest = _parse(text) or {}
    text = text.rstrip("\n") + "\n\n" + theme_block(entries)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ConfigError("a file name found is not UTF-8; not changed", config_path) from None
    written = _parse(text)
    if written is None or {k: v for k, v in written.items() if k != "theme"} != rest:
        raise ConfigError("its theme is written in a form brochure cannot replace (an inline table, "
                          "dotted keys); not changed", config_path)
    if written["theme"] != {key: value for key, value, _ in entries}:
        raise ConfigError("the [theme] block would not read back as found; not changed", config_path)
    return write_atomic(config_path, data, mode=mode)


def _without_theme(text: str) -> str:
    """``text`` without its ``[theme]`` table (from its header to the next table's); a header is one
    where the text before it is whole TOML (not a line inside a multi-line string)."""
    tables = [m for m in _TABLE.finditer(text) if _parse(text[:m.start()]) is not None]
    for i, match in enumerate(tables):
        if match.group(1) == "theme":
            end = tables[i + 1].start() if i + 1 < len(tables) else len(text)
            return text[:match.start()] + text[end:]
    return text
