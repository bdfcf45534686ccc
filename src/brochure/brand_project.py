"""The company's brand as a brochure project (a ``brochure.toml`` without a Hugo site) shows it,
for ``brochure brand``: the logo its ``[company]``/``[theme]`` names (else a file named logo in
its static folders) and its light version beside it, the ``@font-face`` rules of its styles
folders with the font files they name, the styles' colours and custom properties, the colours the
file writes in ``[theme]``, its projects' colours (``content/<taxonomy>/<term>/_index.md``), the
logo's own colours and the ``[company]`` contact details, each with where it was found. Values
are paths relative to the project's folder, as :class:`brand.Brand` holds a site's. Only files
inside the project's folder are read (a styles folder outside it, brochure's own when installed,
is not the company's brand).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tinycss2

from . import brand_css, brand_logo
from .brand import FONT_SUFFIXES, LIGHT_NAME, ON_WHITE, Brand, Found, colours_from_rules, font_family
from .brand_css import Face, Rules
from .brand_theme import COLOUR_KEYS
from .config import Config
from .models import Term
from .paths import read_regular, within
from .reader import read_terms

CONFIG = "brochure.toml"
MAX_SHEET = 4 * 1024 * 1024  # bytes of one stylesheet read
LOGO_PATTERNS = ("logo*", "*/logo*", "*/*/logo*")  # a logo file in the static folders, at most two folders down
LIGHT_WORDS = ("white", "light", "inverse", "negative", "blanc", "reverse")
_TITLE = re.compile(r"(?i)title|heading|\bh[1-3]\b")  # a rule for titles gives the headings' family


def discover_project(config: Config, raw: dict[str, Any]) -> Brand:
    """Everything the project ``config`` (read from the file whose tables are ``raw``) says of its brand."""
    brand = Brand()
    root = config.root
    _logos(config, raw, brand)
    rules, sheets = _stylesheets(config)
    _fonts(config, raw, brand, rules, sheets)
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    for key in COLOUR_KEYS:
        value = config.colors.get(key.removesuffix("_color"))
        if value and key in theme:
            brand.colors[key.removesuffix("_color")] = Found(value, f"{CONFIG}: theme.{key}")
    if "default_color" in theme and "accent" not in brand.colors:
        brand.colors["accent"] = Found(config.default_color, f"{CONFIG}: theme.default_color")
    _project_colours(config, brand)
    colours_from_rules(brand, rules)
    logo = root / brand.logo.value if brand.logo else None
    if logo and within(logo, root):
        for role, (value, share) in zip(("logo", "logo_2"), brand_logo.logo_colours(logo)):
            brand.colors[role] = Found(value, f"{brand.logo.value}: {share:.0%} of the logo's colour")
    if config.company_url:
        brand.contacts["url"] = Found(config.company_url, f"{CONFIG}: company.url")
    for what, value in config.company_contact.items():
        if value:
            brand.contacts[what] = Found(value, f"{CONFIG}: company.{what}")
    return brand


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _logos(config: Config, raw: dict[str, Any], brand: Brand) -> None:
    """The logo the file names, else a file named logo in the static folders; its light version
    the file names (``theme.logo_light``), else one beside it whose name says white or light."""
    root = config.root
    key = next((f"{table}.logo" for table in ("company", "theme")
                if isinstance(raw.get(table), dict) and str(raw[table].get("logo") or "").strip()), "")
    if config.company_logo and within(config.company_logo, root):
        brand.logo = Found(_shown(config.company_logo, root), f"{CONFIG}: {key or 'company.logo'}")
    else:
        named = [p for folder in config.static_dirs if within(folder, root) for pattern in LOGO_PATTERNS
                 for p in sorted(folder.glob(pattern))
                 if p.is_file() and within(p, root) and p.suffix.lower() in (".svg", ".png", ".jpg", ".jpeg", ".webp")]
        named.sort(key=lambda p: bool(LIGHT_NAME.search(p.stem)) and not ON_WHITE.search(p.stem))
        if named:
            brand.logo = Found(_shown(named[0], root), "a file named logo in the static folder")
    if config.logo_light and within(config.logo_light, root):
        brand.logo_light = Found(_shown(config.logo_light, root), f"{CONFIG}: theme.logo_light")
    elif brand.logo:
        logo = root / brand.logo.value
        for word in LIGHT_WORDS:
            for candidate in (logo.with_name(f"{logo.stem}{sep}{word}{logo.suffix}") for sep in ("-", "_")):
                if not brand.logo_light and candidate.is_file() and within(candidate, root):
                    brand.logo_light = Found(_shown(candidate, root), f"beside {brand.logo.value} (its name says {word})")


def _styles_dirs(config: Config) -> list[Path]:
    """The styles folders inside the project: the theme's, then brochure's own when the project holds them."""
    return [folder for folder in dict.fromkeys(d.resolve() for d in config.styles_dirs)
            if folder.is_dir() and within(folder, config.root)]


def _stylesheets(config: Config) -> tuple[Rules, list[Path]]:
    """The styles folders' stylesheets read, the theme's last (it wins, as its files replace the built-in ones)."""
    rules, sheets = Rules(), []
    for folder in reversed(_styles_dirs(config)):
        for path in sorted(folder.glob("*.css")):
            try:
                text = read_regular(path, MAX_SHEET).decode("utf-8", "replace")
            except Exception:  # unreadable, too large, not a file: nothing found in it
                continue
            sheets.append(path.resolve())
            brand_css.read_css(text, _shown(path, config.root), len(sheets) - 1, rules)
            _title_family(text, _shown(path, config.root), rules)
    return rules, sheets


def _title_family(text: str, origin: str, rules: Rules) -> None:
    """The family of the first rule for titles (``.case-title``, ``.cover-name``…), as the headings'
    family when no ``h1``–``h3`` rule names one: brochure's styles set the titles by class."""
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        prelude = tinycss2.serialize(rule.prelude).strip() if rule.type == "qualified-rule" else ""
        if not _TITLE.search(prelude) or ("h1~", "font-family") in rules.values:
            continue
        for item in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration" and item.lower_name == "font-family":
                value = " ".join(tinycss2.serialize(item.value).split())
                rules.values[("h1~", "font-family")] = (value, f"{origin}: {' '.join(prelude.split())} {{font-family}}")
                return


def _fonts(config: Config, raw: dict[str, Any], brand: Brand, rules: Rules, sheets: list[Path]) -> None:
    """The font files the ``[theme]`` names, else those of the styles' ``@font-face`` rules (each URL
    relative to its stylesheet); the text's and the headings' families."""
    root = config.root
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    if config.fonts and "fonts" in theme:
        names = config.font_names or {}
        for path in config.fonts:
            name = names.get(path.resolve()) or config.font or path.stem.split("-")[0]
            brand.font_files.setdefault(name, []).append(Found(_shown(path, root), f"{CONFIG}: theme.fonts"))
    for face in rules.faces:
        path = _face_file(face, sheets[face.sheet], root)
        if path and not brand_css.icon_family(face.family):
            files = brand.font_files.setdefault(face.family, [])
            if all(f.value != _shown(path, root) for f in files):
                files.append(Found(_shown(path, root), face.origin))
    for slot, key in (("font", "font"), ("heading_font", "heading_font")):
        if str(theme.get(key) or "").strip():
            setattr(brand, slot, Found(str(theme[key]).strip(), f"{CONFIG}: theme.{key}"))
    brand.font = brand.font or font_family(brand, rules, ("body", "html"), "font")
    brand.heading_font = brand.heading_font or font_family(
        brand, rules, ("h1", "h2", "h3", "h1~", "h2~"), "heading_font") or brand.font


def _face_file(face: Face, sheet: Path, root: Path) -> Path | None:
    for url in face.urls:
        name = re.split(r"[?#]", url)[0]
        if "://" in name or name.startswith(("data:", "/")) or not name.lower().endswith(FONT_SUFFIXES):
            continue
        candidate = sheet.parent / name
        if candidate.is_file() and within(candidate, root):
            return candidate.resolve()
    return None


def _project_colours(config: Config, brand: Brand) -> None:
    """The projects' colours (the bands'): the first the accent, the next one different the secondary."""
    terms, _problems = read_terms(config.content_dir / config.taxonomy, config.language, config.content_dir)
    written = [t for t in terms.values() if t.color != Term.color and t.path is not None]
    for role, term in zip(("accent", "secondary"), _distinct(written)):
        if role not in brand.colors:
            brand.colors[role] = Found(term.color, f"{_shown(term.path, config.root)}: color")


def _distinct(terms: list[Term]) -> list[Term]:
    found: list[Term] = []
    for term in terms:
        if not any(brand_css.near(term.color, other.color) for other in found):
            found.append(term)
    return found
