"""Stage 0b: what a Hugo site's own configuration says.

Reads ``hugo.toml|yaml|json``, ``config.toml|yaml|json`` and the
``config/_default/`` folder (root keys in ``hugo.*``/``config.*``, other
files keyed by their name: ``languages.toml``, ``markup.yaml``…). Keys
are compared lower-cased, as Hugo does.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .paths import outside_message, within

NAMES = ("hugo", "config")
SUFFIXES = (".toml", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Site:
    root: Path
    title: str = ""
    base_url: str = ""
    default_lang: str = "en"
    language_code: str = ""
    content_dirs: dict[str, Path] = field(default_factory=dict)  # language -> content folder
    content_dir: Path | None = None  # when all languages share one folder
    static_dirs: tuple[Path, ...] = ()
    taxonomies: dict[str, str] = field(default_factory=dict)  # singular -> plural
    unsafe: bool = False
    emoji: bool = False
    hard_wraps: bool = False  # markup.goldmark.renderer.hardWraps: a line break in a paragraph stays one
    remove_path_accents: bool = False  # removePathAccents: URLs (and so slugs) without accents
    disable_path_to_lower: bool = False  # disablePathToLower: URLs (and so slugs) keep their capitals
    pluralize_titles: bool = True  # pluralizeListTitles: a section without a title of its own is named in the plural
    files: tuple[Path, ...] = ()  # the configuration files read
    params: dict[str, Any] = field(default_factory=dict)  # params, keys lower-cased (the company's logo, contact)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.content_dirs) | {self.default_lang}

    @property
    def main_file(self) -> Path | None:
        """The main configuration file (``hugo.toml``, ``config/_default/config.yaml``…), if any."""
        return next((f for f in reversed(self.files) if f.stem.lower() in NAMES), self.files[0] if self.files else None)

    def content_for(self, lang: str) -> Path:
        return self.content_dirs.get(lang) or self.content_dir or self.root / "content"


def _lower(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower(v) for v in value]
    return value


def _load(path: Path, root: Path) -> dict[str, Any]:
    if not within(path, root):
        raise ConfigError(outside_message(path, f"the site folder {root}"), path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"site configuration cannot be read: {' '.join(str(exc).split())}", path) from None
    if not isinstance(data, dict):
        raise ConfigError("site configuration must be a table of keys", path)
    return _lower(data)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def _nest(stem: str, loaded: dict[str, Any]) -> dict[str, Any]:
    """Where a file of ``config/_default/`` goes, as Hugo does it: ``hugo`` and ``config`` at the
    top, ``params`` under ``params``; with a language, ``languages.fr`` under ``languages.fr``,
    ``params.fr`` under ``languages.fr.params``, ``menus.fr`` under ``languages.fr.menus``."""
    if stem in NAMES:
        return loaded
    name, dot, lang = stem.rpartition(".")
    if not dot or not name:
        return {stem: loaded}
    if name in ("menu", "menus", "params"):
        loaded = {"menus" if name.startswith("menu") else "params": loaded}
    return {"languages": {lang: loaded}}


def read_config(root: Path) -> tuple[dict[str, Any], list[Path]]:
    """The merged configuration of the site at ``root`` and the files it came from."""
    data: dict[str, Any] = {}
    files: list[Path] = []
    folder = root / "config" / "_default"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            data = _merge(data, _nest(path.stem.lower(), _load(path, root)))
            files.append(path)
    for name in NAMES:
        found = [root / f"{name}{s}" for s in SUFFIXES if (root / f"{name}{s}").is_file()]
        if found:
            data = _merge(data, _load(found[0], root))
            files.append(found[0])
            break
    return data, files


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int))]
    return []


def _static_dirs(root: Path, data: dict[str, Any], languages: dict[str, Any]) -> list[Path]:
    """The site's static folders (``staticDir``, each language's), then each theme's ``static/``."""
    statics = [root / s for s in (_as_list(data.get("staticdir")) or ["static"])]
    for settings in languages.values():
        if isinstance(settings, dict):
            statics += [root / s for s in _as_list(settings.get("staticdir"))]
    themes_dir = root / str(data.get("themesdir") or "themes")
    for theme in _as_list(data.get("theme")):
        theme_static = themes_dir / theme / "static"
        if theme_static.is_dir():
            statics.append(theme_static)
    return statics


def load_site(root: Path) -> Site:
    """Read a Hugo site's configuration. Raises ``ConfigError`` when there is none or it is broken."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError(f"site folder {root} does not exist")
    data, files = read_config(root)
    if not files:
        raise ConfigError(f"no Hugo configuration in {root} (hugo.toml, config.toml, config/_default/ …)")

    default_lang = str(data.get("defaultcontentlanguage") or "").lower()
    language_code = str(data.get("languagecode") or "")
    content_dir = root / str(data.get("contentdir") or "content")
    content_dirs: dict[str, Path] = {}
    languages = data.get("languages") if isinstance(data.get("languages"), dict) else {}
    for code, settings in languages.items():
        settings = settings if isinstance(settings, dict) else {}
        folder = settings.get("contentdir")
        content_dirs[code.lower()] = root / str(folder) if folder else content_dir
    if not default_lang:
        default_lang = (language_code.split("-")[0].lower() if language_code else "") or (
            next(iter(content_dirs)) if content_dirs else "en")

    statics = _static_dirs(root, data, languages)

    # The site's folders are the site's own: a setting that leads elsewhere is refused.
    outside = [f"{p} lies outside the site folder {root}; it is not read"
               for p in [content_dir, *content_dirs.values(), *statics] if p.exists() and not within(p, root)]
    if outside:
        raise ConfigError(list(dict.fromkeys(outside)), files[-1])

    taxonomies = data.get("taxonomies")
    taxonomies = ({str(k): str(v).lower() for k, v in taxonomies.items()} if isinstance(taxonomies, dict)
                  else {"tag": "tags", "category": "categories"})  # Hugo's defaults

    renderer = ((data.get("markup") or {}).get("goldmark") or {}).get("renderer") or {}
    return Site(
        root=root,
        title=str(data.get("title") or ""),
        base_url=str(data.get("baseurl") or ""),
        default_lang=default_lang,
        language_code=language_code,
        content_dirs=content_dirs,
        content_dir=content_dir,
        static_dirs=tuple(dict.fromkeys(p.resolve() for p in statics if p.is_dir())),
        taxonomies=taxonomies,
        unsafe=renderer.get("unsafe") is True,
        emoji=data.get("enableemoji") is True,
        hard_wraps=renderer.get("hardwraps") is True,
        remove_path_accents=data.get("removepathaccents") is True,
        disable_path_to_lower=data.get("disablepathtolower") is True,
        pluralize_titles=str(data.get("pluralizelisttitles")).strip().lower() not in ("false", "0"),
        files=tuple(files),
        params=data.get("params") if isinstance(data.get("params"), dict) else {},
    )


# where sites keep their company's facts in ``params`` (lower-cased, dotted for a table), first found wins
COMPANY_PARAMS = {
    "logo": ("logo_on_white", "logoonwhite", "logo", "logo.src", "logo.image", "site_logo", "sitelogo",
             "brand.logo", "images.logo", "header.logo", "navbar.logo"),
    "email": ("email", "contact.email", "emails.contact", "emails.info", "mail", "contact_email", "contactemail"),
    "phone": ("phone", "contact.phone", "telephone", "tel", "mobile", "contact.mobile"),
    "address": ("address", "contact.address", "location", "contact.location"),
}
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
# without a params key, the files sites call their logo (a vector drawing first)
LOGO_FILES = tuple(f"{folder}logo{suffix}" for folder in ("images/", "img/", "") for suffix in (".svg", ".png"))
# what sets a site title's name apart from its tagline: "Ænix — Amplify…", "SICADE | Métallerie | …"
TAGLINE = re.compile(r"\s+(?:[—–|·:-]|//)\s+")


def title_name(title: str) -> str:
    """The company's name in a site's title: what comes before a tagline's separator."""
    name = TAGLINE.split(title.strip(), maxsplit=1)[0].strip()
    return name or title.strip()


def _param(params: dict[str, Any], key: str) -> str:
    value: Any = params
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def company_params(site: Site) -> dict[str, str]:
    """The company's ``logo`` (as written), ``email``, ``phone`` and ``address`` in the site's
    params, "" for each one not found; a value must be plain text (an ``address`` table is not read)."""
    return {what: next((v for v in (_param(site.params, k) for k in keys) if v), "")
            for what, keys in COMPANY_PARAMS.items()}


def logo_file(site: Site, written: str) -> Path | None:
    """The file a site's ``params`` logo names: in its static folders, else its ``assets/`` (Hugo's
    assetDir), an image inside those folders only; None when it is not there (a URL, a missing file)."""
    name = written.strip().split("?")[0].lstrip("/")
    if not name or "://" in written or not name.lower().endswith(IMAGE_SUFFIXES):
        return None
    folders = [*site.static_dirs, site.root / "assets"]
    for folder in folders:
        candidate = folder / name
        if candidate.is_file() and within(candidate, folder):
            return candidate.resolve()
    return None


def company(site: Site | None, name: str, logo: Path | None, url: str, contact: dict[str, str]) -> dict[str, Any]:
    """The ``Config``'s company name, logo, web address and contact details: brochure.toml's, else
    the site's: its title's name (:func:`title_name`), its params (:func:`company_params`), a
    logo file named as sites name it (:data:`LOGO_FILES`), its ``baseURL`` when a web address."""
    found = company_params(site) if site else {}
    if site and not logo:
        logo = logo_file(site, found["logo"]) if found["logo"] else next(
            (f for f in (logo_file(site, n) for n in LOGO_FILES) if f), None)
    base = site.base_url.strip() if site else ""
    return {"company_name": name.strip() or (title_name(site.title) if site else ""), "company_logo": logo,
            "company_url": url.strip() or (base if base.startswith(("http://", "https://")) else ""),
            "company_contact": {k: v.strip() or found.get(k, "") for k, v in contact.items()}}
