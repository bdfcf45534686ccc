"""The company's brand as its Hugo site shows it (part of stage 0, site mode): its logos, its
typefaces and their font files, its colours and its contact details, each with where it was
found. Only files inside the site's folder (its themes included) are read; a remote font is
reported, never fetched.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import brand_classes, brand_config, brand_css, brand_logo, brand_scss
from .brand_css import Face, Rules
from .company import COMPANY_PARAMS, logo_file, param_text
from .paths import read_regular, within
from .site import Site

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
MAX_FILE = 4 * 1024 * 1024  # bytes of one stylesheet or template read
MAX_FILES = 400  # stylesheets and templates read, at most
SKIPPED_DIRS = {"node_modules", "public", "vendor", "vendors", "plugins", "lib", "libs", ".git", "resources"}
VENDOR = re.compile(r"(?i)bootstrap|font-?awesome|fontawesome|slick|lightbox|flickity|animate|normalize|themify|"
                    r"iconsmind|socicon|glyphicons|lightgallery|swiper|aos|prism|highlight|katex|fancybox|owl|"
                    r"magnific|tailwind\.min|reset|syntax|chroma|leaflet|splide|glide|tiny-slider|baguettebox")
LIGHT_LOGO_KEYS = ("logowhite", "logo_white", "logolight", "logo_light", "logoinverse", "logo_inverse",
                   "logodark", "logo_dark", "logo_on_dark", "logoondark", "logo_on_black", "logoonblack",
                   "logo.white", "logo.light", "logo.dark", "white_logo", "whitelogo", "light_logo", "lightlogo")
LIGHT_NAME = re.compile(r"(?i)white|light|inverse|negative|blanc|weiss|reverse|footer")
ON_WHITE = re.compile(r"(?i)on[-_]?(?:white|light)")  # "logo-on-white": made for a white background
SOCIAL = ("linkedin", "twitter", "x", "facebook", "instagram", "github", "gitlab", "youtube", "mastodon",
          "bluesky", "vimeo", "dribbble", "behance")
COLOUR_ROLES = ("heading", "accent", "secondary", "link", "button", "text", "background", "logo", "logo_2")


@dataclass(frozen=True)
class Found:
    value: str
    origin: str  # where it was found: "<file relative to the site>: <rule or key>", or "params.<key>"


@dataclass
class Brand:
    logo: Found | None = None  # a file, relative to the site's folder
    logo_light: Found | None = None  # its version for dark backgrounds
    inline_logo: str = ""  # where an inline <svg> stands in the header (reported, not used)
    font: Found | None = None  # the text's family
    heading_font: Found | None = None  # the headings' family
    font_files: dict[str, list[Found]] = field(default_factory=dict)  # family -> its local files (relative)
    remote_fonts: list[Found] = field(default_factory=list)  # font URLs the site loads from elsewhere
    colors: dict[str, Found] = field(default_factory=dict)  # role -> "#rrggbb"
    contacts: dict[str, Found] = field(default_factory=dict)  # email, phone, address, social links

    def local(self, found: Found | None) -> bool:
        """Whether the family ``found`` names has font files inside the site."""
        return bool(found and self.font_files.get(found.value))

    @property
    def empty(self) -> bool:
        return not (self.logo or self.font_files or self.colors)


@dataclass
class _Sheet:
    path: Path
    web_dir: str  # the folder the site serves it from ("css" for static/css/main.css)


def shown(path: Path, site: Site) -> str:
    """``path`` relative to the site's folder, as messages show it."""
    try:
        return Path(path).resolve().relative_to(site.root).as_posix()
    except ValueError:
        return str(path)


def _walk(folder: Path, suffixes: tuple[str, ...], site: Site) -> list[Path]:
    """The files of ``folder`` (inside the site) whose names end in ``suffixes``, vendor folders left out."""
    found: list[Path] = []
    if not folder.is_dir() or not within(folder, site.root):
        return found
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d.lower() not in SKIPPED_DIRS and not d.startswith("."))
        found += [Path(top) / f for f in sorted(files) if f.lower().endswith(suffixes)]
        if len(found) > MAX_FILES:
            break
    return [f.resolve() for f in found[:MAX_FILES] if within(f, site.root)]


def _read(path: Path) -> str:
    try:
        return read_regular(path, MAX_FILE).decode("utf-8", "replace")
    except Exception:  # unreadable, a FIFO, too large: nothing found in it
        return ""


def _layers(site: Site) -> list[Path]:
    """The folders whose assets, static files and layouts the site uses: its themes, then itself (which wins)."""
    return [*reversed(site.theme_dirs), site.root]


def _statics(site: Site) -> list[Path]:
    return [*site.static_dirs]


def discover(site: Site) -> Brand:
    """Everything the site says of its brand (see the module's docstring)."""
    brand = Brand()
    rules, sheets = _stylesheets(site)
    _logos(site, brand)
    _fonts(site, brand, rules, sheets)
    _config_colours(site, brand, rules)
    colours_from_rules(brand, rules)
    _template_colours(site, brand, rules)
    _logo_colours(site, brand)
    _contacts(site, brand)
    return brand


# stylesheets ------------------------------------------------------------------------------------

def _web_dir(path: Path, site: Site) -> str:
    for folder in [*_statics(site), *(layer / "assets" for layer in _layers(site))]:
        if path.is_relative_to(folder.resolve()):
            return posixpath.dirname(path.relative_to(folder.resolve()).as_posix())
    gen = path.as_posix().partition("/_gen/assets/")[2]
    return posixpath.dirname(gen.partition("/")[2]) if gen else ""


def _stylesheets(site: Site) -> tuple[Rules, list[_Sheet]]:
    """The rules of the site's stylesheets, read in the cascade's order: each theme's, then the
    site's own; SCSS compiled (libsass, when installed) or its variables read; last, the CSS Hugo
    compiled under ``resources/_gen`` (what the site really serves)."""
    rules, sheets = Rules(), []

    def add(path: Path, text: str) -> None:
        sheets.append(_Sheet(path.resolve(), _web_dir(path.resolve(), site)))
        brand_css.read_css(text, shown(path, site), len(sheets) - 1, rules)

    for layer in _layers(site):
        folders = [layer / "assets", layer / "static"] + [d for d in _statics(site) if d.parent == layer.resolve()]
        for path in dict.fromkeys(p for folder in folders for p in _walk(folder, (".css",), site)):
            if not VENDOR.search(path.name) and not path.name.endswith(".min.css") or "main" in path.name:
                add(path, _read(path))
        scss = {path: _read(path) for path in _walk(layer / "assets", (".scss", ".sass"), site)}
        for path, text in scss.items():
            brand_css.read_scss_variables(text, shown(path, site), rules)
        compiled = brand_scss.compile_all({path: text for path, text in scss.items() if not path.name.startswith("_")},
                                          [layer / "assets" for layer in _layers(site)], site.root)
        for path, text in sorted(scss.items(), key=lambda item: not item[0].name.startswith("_")):
            if compiled.get(path) is not None:
                add(path, compiled[path])
            elif not any(css is not None for css in compiled.values()):  # no compiler: its rules as written
                add(path, brand_css.scss_as_css(text))
    generated = _walk(site.root / "resources" / "_gen" / "assets", (".content",), site) if within(
        site.root / "resources", site.root) else []
    for path in sorted(generated, key=lambda p: p.stat().st_mtime):
        text = _read(path)
        if ".css" in path.name or ".scss" in path.name or ".sass" in path.name:
            add(path, text)
    return rules, sheets


# logos ------------------------------------------------------------------------------------------

_IMAGE_PATH = re.compile(r"""["'(=\s]/?((?:[\w@.-]+/)*[\w@.-]+\.(?:svg|png|jpe?g|webp|gif))\b""", re.I)


def _logos(site: Site, brand: Brand) -> None:
    """The logo from the params (``logo``, ``logo_on_white``… and their light versions), else the
    images of the theme's header partial (those named logo first)."""
    for key in COMPANY_PARAMS["logo"]:
        written = param_text(site.params, key)
        path = logo_file(site, written) if written else None
        if path and not brand.logo:
            brand.logo = Found(shown(path, site), f"params.{key}")
    for key in LIGHT_LOGO_KEYS:
        written = param_text(site.params, key)
        path = logo_file(site, written) if written else None
        if path and not brand.logo_light:
            brand.logo_light = Found(shown(path, site), f"params.{key}")
    for partial in _header_partials(site):
        text = _read(partial)
        names = list(dict.fromkeys(m.group(1) for m in _IMAGE_PATH.finditer(text)))
        names.sort(key=lambda n: "logo" not in n.lower())
        for name in names:
            path = logo_file(site, name)
            if not path:
                continue
            slot = "logo_light" if LIGHT_NAME.search(name) and not ON_WHITE.search(name) and brand.logo else "logo"
            if getattr(brand, slot) is None:
                setattr(brand, slot, Found(shown(path, site), f"{shown(partial, site)}: {name}"))
        if not brand.logo and "<svg" in text.lower() and not brand.inline_logo:
            brand.inline_logo = f"{shown(partial, site)}: an inline <svg>"
        if brand.logo:
            break
    _dark_version(site, brand)


def _dark_version(site: Site, brand: Brand) -> None:
    """A light logo (``logo-white.svg``) found alone: its version for white beside it
    (``logo.svg``, ``logo-dark.svg``…) becomes the logo, and it the light one."""
    light = site.root / brand.logo.value if brand.logo and not brand.logo_light else None
    if light is None or not LIGHT_NAME.search(light.stem) or ON_WHITE.search(light.stem):
        return
    for word in ("", "dark", "black", "color", "colour", "blue"):
        name = re.sub(r"[-_]?" + LIGHT_NAME.pattern.removeprefix("(?i)") + r"(?=[-_.]|$)",
                      f"-{word}" if word else "", light.stem, flags=re.I).strip("-_") + light.suffix
        candidate = light.with_name(name)
        if name != light.name and candidate.is_file() and within(candidate, site.root):
            brand.logo, brand.logo_light = Found(shown(candidate, site), f"{brand.logo.origin} (its version "
                                                                         f"for white beside it)"), brand.logo
            return


def _header_partials(site: Site) -> list[Path]:
    """The header partials, the site's own before its themes' (Hugo uses the site's)."""
    found = []
    for layer in reversed(_layers(site)):
        for folder in (layer / "layouts" / "partials", layer / "layouts" / "_partials"):
            found += [p for p in _walk(folder, (".html",), site)
                      if re.match(r"(?i)(header|nav|navbar|navigation|logo|site-header)", p.name)]
    return found


# fonts ------------------------------------------------------------------------------------------

def _fonts(site: Site, brand: Brand, rules: Rules, sheets: list[_Sheet]) -> None:
    """The text's and the headings' families (their rules, else the variables that name them) and
    the local files of every family with ``@font-face`` rules; remote fonts reported."""
    index: dict[str, Path] = {}
    for folder in _statics(site):
        for path in _walk(folder, FONT_SUFFIXES, site):
            index.setdefault(path.name.lower(), path)
    faces: dict[str, list[Face]] = {}
    for face in rules.faces:
        if not brand_css.icon_family(face.family):
            family = next((f for f in faces if f.lower() == face.family.lower()), face.family)
            faces.setdefault(family, []).append(face)
    for family, own in faces.items():
        fixed = [f for f in own if f.weight] or own  # a variable font only when there is no other
        files = {}
        for face in fixed:
            path = _font_file(face, sheets[face.sheet], site, index)
            if path and path not in files:
                files[path] = Found(shown(path, site), face.origin)
        if files:
            brand.font_files[family] = list(files.values())
    brand.font = font_family(brand, rules, ("body", "html"), "font")
    brand.heading_font = font_family(brand, rules, ("h1", "h2", "h3", "h1~", "h2~"), "heading_font") or brand.font
    _remote_fonts(site, brand, rules)
    remote = {name.lower(): name for found in brand.remote_fonts for name in found.value.split(", ")}
    for slot in ("font", "heading_font"):  # a compiled stylesheet's lower-cased family as the site names it
        found = getattr(brand, slot)
        if found and not brand.local(found) and found.value.lower() in remote:
            setattr(brand, slot, Found(remote[found.value.lower()], found.origin))


def font_family(brand: Brand, rules: Rules, roles: tuple[str, ...], what: str) -> Found | None:
    candidates = [rules.values[(role, "font-family")] for role in roles if (role, "font-family") in rules.values]
    named = brand_css.named(rules, what)
    for value, origin in candidates + ([named] if named else []):
        names = [n for n in brand_css.families(brand_css.resolve(value, rules.variables))
                 if not brand_css.icon_family(n)]
        local = next((n for n in names if _known(brand, n)), None)
        if local or names:
            return Found(_known(brand, local) if local else names[0], origin)
    return None


def _known(brand: Brand, name: str | None) -> str:
    """The family of the local files named ``name`` (case aside), or ""."""
    return next((family for family in brand.font_files if name and family.lower() == name.lower()), "")


def _font_file(face: Face, sheet: _Sheet, site: Site, index: dict[str, Path]) -> Path | None:
    """The local file of a face: its URL relative to its stylesheet's file or to where the site
    serves it, else a file of that name in the static folders."""
    for url in face.urls:
        name = re.split(r"[?#]", url)[0]
        if "://" in name or name.startswith("data:") or not name.lower().endswith(FONT_SUFFIXES):
            continue
        served = posixpath.normpath(posixpath.join("/" + sheet.web_dir, name)).lstrip("/")
        candidates = [sheet.path.parent / name] if not name.startswith("/") else []
        candidates += [folder / served for folder in _statics(site)]
        for candidate in candidates:
            if candidate.is_file() and within(candidate, site.root):
                return candidate.resolve()
        if posixpath.basename(name).lower() in index:
            return index[posixpath.basename(name).lower()].resolve()
    return None


_REMOTE = re.compile(r"""https?://(?:fonts\.googleapis\.com|fonts\.bunny\.net|use\.typekit\.net)/[^"'\s)<>]+""")


def _remote_fonts(site: Site, brand: Brand, rules: Rules) -> None:
    found = {url: origin for url, origin in rules.imports}
    for layer in reversed(_layers(site)):
        for path in _walk(layer / "layouts", (".html",), site):
            for match in _REMOTE.finditer(_read(path)):
                found.setdefault(match.group(0).replace("&amp;", "&"), f"{shown(path, site)}: <link>")
    for url, origin in found.items():
        families = brand_css.remote_families(url)
        brand.remote_fonts.append(Found(", ".join(families) or url, f"{origin} {url}"))


def brand_colours(brand: Brand) -> list[str]:
    """The distinct colours found that are not greys (the brand's own colours); ``#59b51e`` beside
    ``#5ab51e`` counts once."""
    found: list[str] = []
    for value in (f.value for f in brand.colors.values() if not brand_css.grey(f.value)):
        if not any(brand_css.near(value, other) for other in found):
            found.append(value)
    return found


# colours and contacts ---------------------------------------------------------------------------

_COLOUR_RULES = {
    "heading": [("h2", "color"), ("h1", "color"), ("h3", "color"), ("h2~", "color"), ("h1~", "color"), ("h3~", "color")],
    "link": [("link", "color")],
    "button": [("button", "background-color"), ("button", "background")],
    "text": [("body", "color"), ("html", "color")],
    "background": [("body", "background-color"), ("body", "background"), ("html", "background-color")],
}


def colours_from_rules(brand: Brand, rules: Rules) -> None:
    """Each role's colour: its rule's, else a variable named for it; the accent from the variables
    (``$primary-color``, ``--brand``…), else the button's or the link's."""
    for role in (r for r in COLOUR_ROLES if r not in brand.colors):  # the params' win
        candidates = [rules.values[key] for key in _COLOUR_RULES.get(role, ()) if key in rules.values]
        named = brand_css.named(rules, role)
        for value, origin in candidates + ([named] if named else []):
            hex_colour = brand_css.colour(brand_css.resolve(value, rules.variables))
            if hex_colour:
                brand.colors[role] = Found(hex_colour, origin)
                break
    if "accent" not in brand.colors:
        fallback = brand.colors.get("button") or brand.colors.get("link")
        if fallback and not brand_css.grey(fallback.value):
            brand.colors["accent"] = fallback
    end = brand_css.gradient_end(rules, _COLOUR_RULES["button"], brand.colors.get("accent", Found("", "")).value)
    if end and "secondary" not in brand.colors:
        brand.colors["secondary"] = Found(*end)


def _config_colours(site: Site, brand: Brand, rules: Rules) -> None:
    """The colours the params name, and those of ``tailwind.config.js`` (see :mod:`brand_config`)."""
    for role, (value, origin) in brand_config.params_colours(site.params).items():
        brand.colors[role] = Found(value, origin)
    for layer in _layers(site):
        for path in (layer / f"tailwind.config.{suffix}" for suffix in ("js", "cjs", "mjs", "ts")):
            if path.is_file() and within(path, site.root):
                brand_config.read_tailwind_config(_read(path), shown(path, site), rules)


def _logo_colours(site: Site, brand: Brand) -> None:
    """The logo file's own main colours (see :mod:`brand_logo`)."""
    path = site.root / brand.logo.value if brand.logo else None
    if path and within(path, site.root):
        for role, (value, share) in zip(("logo", "logo_2"), brand_logo.logo_colours(path)):
            brand.colors[role] = Found(value, f"{brand.logo.value}: {share:.0%} of the logo's colour")


def _template_colours(site: Site, brand: Brand, rules: Rules) -> None:
    """The roles the stylesheets left empty, from the templates' Tailwind classes (:mod:`brand_classes`)."""
    uses = brand_classes.Uses()
    for layer in _layers(site):
        for path in _walk(layer / "layouts", (".html",), site):
            brand_classes.read_template(_read(path), shown(path, site), rules.variables, uses)
    accent = brand.colors.get("accent")
    for role, (value, origin) in brand_classes.role_colours(uses, accent.value if accent else "").items():
        current = brand.colors.get(role)
        if not current or role == "accent" and brand_css.grey(current.value):
            brand.colors[role] = Found(value, origin)


def _contacts(site: Site, brand: Brand) -> None:
    for what in ("email", "phone", "address"):
        for key in COMPANY_PARAMS[what]:
            value = param_text(site.params, key)
            if value:
                brand.contacts[what] = Found(value, f"params.{key}")
                break
    social = site.params.get("social")
    links = social.items() if isinstance(social, dict) else [
        (str(s.get("name") or s.get("title") or s.get("icon") or ""), s.get("url") or s.get("link"))
        for s in social if isinstance(s, dict)] if isinstance(social, list) else []
    for name, url in links:
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            brand.contacts.setdefault(str(name).lower() or url, Found(url, f"params.social.{name}"))
    for name in SOCIAL:
        url = param_text(site.params, name)
        if url.startswith(("http://", "https://")):
            brand.contacts.setdefault(name, Found(url, f"params.{name}"))
