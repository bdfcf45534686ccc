"""Stage 0b: what a Hugo site's own configuration says.

Reads ``hugo.toml|yaml|json``, ``config.toml|yaml|json`` and the
``config/_default/`` folder (root keys in ``hugo.*``/``config.*``, other
files keyed by their name: ``languages.toml``, ``markup.yaml``…). Keys
are compared lower-cased, as Hugo does.

Where the content and the static files are is Hugo's module mounts (``[[module.mounts]]``),
else its defaults (``contentDir``, each language's, ``staticDir``): every folder they name must
lie inside the site.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .models import Mounted
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
    theme_dirs: tuple[Path, ...] = ()  # the themes' folders (theme, themesDir), inside the site
    content_mounts: tuple[Mounted, ...] = ()  # Hugo's mounts of the content, first wins (module.mounts or defaults)
    static_targets: dict[Path, str] = field(default_factory=dict)  # a static folder mounted below the site's root URL
    permalinks: dict[str, str] = field(default_factory=dict)  # section -> pattern (permalinks)
    ugly_urls: bool = False  # uglyURLs: /section/page.html
    lang_in_subdir: bool = False  # defaultContentLanguageInSubdir
    params: dict[str, Any] = field(default_factory=dict)  # params, with the default language's over them
    titles: dict[str, str] = field(default_factory=dict)  # language -> its own title (languages.<code>.title)
    author: str = ""  # the site's author (author, params.author, their name), often the web designer's
    copyright: str = ""  # the site's copyright line (copyright, params.copyright)
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
        return frozenset(self.content_dirs) | {self.default_lang} | {m.lang for m in self.content_mounts if m.lang}

    @property
    def main_file(self) -> Path | None:
        """The main configuration file (``hugo.toml``, ``config/_default/config.yaml``…), if any."""
        return next((f for f in reversed(self.files) if f.stem.lower() in NAMES), self.files[0] if self.files else None)

    def content_for(self, lang: str) -> Path:
        """The language's main content folder: its first mount at the content's root (else its first)."""
        mounts = self.mounts_for(lang)
        if mounts:
            return next((m.folder for m in mounts if not m.target), mounts[0].folder)
        return self.content_dirs.get(lang) or self.content_dir or self.root / "content"

    def company_name(self, lang: str | None = None) -> str:
        """The company's name, as the site gives it: a name its parameters hold for the company
        (``params.organization.name``, ``params.company``…), else its title's first part (``SICADE`` of
        ``SICADE | Métallerie | …``; the language's own title first), else its author's name, else the
        holder its copyright line names. (The site's ``author`` is tried late: on real sites it is
        as often the web designer or one person as the company.)"""
        for key in ORGANIZATION_KEYS:
            value = self.params.get(key)
            value = value.get("name") if isinstance(value, dict) else value
            if isinstance(value, str) and value.strip():
                return value.strip()
        title = first_part(self.titles.get(lang or self.default_lang) or self.title)
        return title or first_part(self.author) or copyright_holder(self.copyright)

    def mounts_for(self, lang: str) -> tuple[Mounted, ...]:
        """The content mounts a page of ``lang`` may come from: those of ``lang`` and those without a
        language (their files are the default language's, unless a file name says otherwise)."""
        return tuple(m for m in self.content_mounts if m.lang in (None, lang))


ORGANIZATION_KEYS = ("organization", "organisation", "company", "companyname", "company_name", "brand")
# what separates a site title's parts: "Name | Slogan", "Name - Slogan", "Name — Slogan", "Name · Slogan",
# "Name: Slogan", "Name // Slogan"
_SEPARATOR = re.compile(r"\s+[-–—~]\s+|[—|·•»]|//|:\s")


def first_part(title: str) -> str:
    """A site title's first part that holds a letter or a digit (the whole title without a separator)."""
    for part in _SEPARATOR.split(html.unescape(title)):
        if any(c.isalnum() for c in part):
            return " ".join(part.split())
    return ""


_COPYRIGHT_WORDS = re.compile(r"(?i)copyright|\(c\)|©|\b(?:19|20)\d\d\b(?:\s*[-–]\s*(?:(?:19|20)\d\d\b|\{year\}))?|"
                              r"\{year\}|\b(?:all|tous|alle|todos|tutti)\b.*")


def copyright_holder(line: str) -> str:
    """The holder a copyright line names (``SARL SICADE`` of ``© 2023 [SARL SICADE](…) Tous droits réservés``)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", html.unescape(line))  # Markdown links: their words
    text = re.sub(r"<[^>]*>", " ", text)
    return first_part(_COPYRIGHT_WORDS.sub(" ", text).strip(" .,"))


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
    """The site's own static folders without mounts (``staticDir``, each language's)."""
    statics = [root / s for s in (_as_list(data.get("staticdir")) or ["static"])]
    for settings in languages.values():
        if isinstance(settings, dict):
            statics += [root / s for s in _as_list(settings.get("staticdir"))]
    return statics


def _theme_folders(root: Path, data: dict[str, Any]) -> list[Path]:
    """Where the site's themes (``theme``) would be: in ``themesDir``, ``themes/`` by default."""
    themes_dir = root / str(data.get("themesdir") or "themes")
    return [themes_dir / theme for theme in _as_list(data.get("theme"))]


def _themes(root: Path, data: dict[str, Any]) -> list[Path]:
    """The folders of the site's themes, those that exist inside the site."""
    return [folder.resolve() for folder in _theme_folders(root, data) if folder.is_dir() and within(folder, root)]


def _theme_statics(root: Path, data: dict[str, Any]) -> list[Path]:
    """Each theme's ``static/`` (a theme's own default mount, whatever the site mounts)."""
    return [folder / "static" for folder in _theme_folders(root, data) if (folder / "static").is_dir()]


# the mounts brochure reads: the content and the static files (it never reads assets, layouts, data…)
Mount = tuple[str, str, Path, "str | None"]  # component, target below it, source, language


def _module_mounts(root: Path, data: dict[str, Any]) -> list[Mount]:
    """``[[module.mounts]]`` as Hugo reads them: the target's first step is the component
    (``content``, ``static``…), the rest where the source appears below it; a source is relative to
    the site's folder. Entries without a source or a target are skipped, as Hugo skips them."""
    module = data.get("module") if isinstance(data.get("module"), dict) else {}
    entries = module.get("mounts") if isinstance(module.get("mounts"), list) else []
    mounts: list[Mount] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        source, target = str(entry.get("source") or "").strip(), str(entry.get("target") or "")
        steps = [step for step in target.replace("\\", "/").split("/") if step not in ("", ".")]
        if source and steps:
            mounts += [(steps[0].lower(), "/".join(steps[1:]), root / source, lang) for lang in _mount_langs(entry)]
    return mounts


def _mount_langs(entry: dict[str, Any]) -> list[str | None]:
    """The languages of a mount: its ``lang`` (Hugo up to 0.152), else its ``sites.matrix.languages``
    (Hugo 0.153 on); None, all of them (or the default one's, for content), without or with a pattern."""
    sites = entry.get("sites") if isinstance(entry.get("sites"), dict) else {}
    matrix = sites.get("matrix") if isinstance(sites.get("matrix"), dict) else {}
    names = [str(entry.get("lang") or "").strip().lower()] if entry.get("lang") else _as_list(matrix.get("languages"))
    names = [name.strip().lower() for name in names if name.strip()]
    return [None] if not names or any(c in name for name in names for c in "*?[!{") else list(dict.fromkeys(names))


def _content_mounts(mounts: list[Mount], content_dir: Path, content_dirs: dict[str, Path]) -> list[Mounted]:
    """The content's mounts: the site's own when it mounts any, else Hugo's defaults: each language's
    ``contentDir``, without a language when it is the site's (its files are the default language's)."""
    mounted = [Mounted(source, target, lang) for component, target, source, lang in mounts if component == "content"]
    if not mounted:
        mounted = [Mounted(folder, "", None if folder == content_dir else code) for code, folder in content_dirs.items()]
        mounted = list(dict.fromkeys(mounted)) or [Mounted(content_dir)]
    return mounted


def folders_of(mounts: tuple[Mounted, ...], name: str) -> list[tuple[Path, str, Mounted]]:
    """(folder, where Hugo sees it below the content's root, its mount) for every folder that holds
    what the content's ``name`` (a section, a taxonomy) holds, first mount first: ``name`` in each
    mount of the content's root or of a folder above it, and each mount into ``name`` or below."""
    folders = []
    for mount in mounts:
        if not mount.target or mount.target == name or name.startswith(mount.target + "/"):
            rest = name[len(mount.target):].strip("/")
            folders.append((mount.folder / rest if rest else mount.folder, name, mount))
        elif mount.target.startswith(name + "/"):
            folders.append((mount.folder, mount.target, mount))
    return folders


def _outside(root: Path, folders: list[Path]) -> list[str]:
    """One line for each of ``folders`` that leads outside the site's folder ``root``."""
    return list(dict.fromkeys(f"{p} {'lies' if p.resolve() == p else f'leads to {p.resolve()},'} outside the site "
                              f"folder {root}; it is not read" for p in folders if p.exists() and not within(p, root)))


def _origin(files: list[Path], root: Path, key: str) -> Path:
    """The last configuration file that sets ``key`` (else the last file read)."""
    for path in reversed(files):
        stem = path.stem.lower()
        if key in (_load(path, root) if stem in NAMES else _nest(stem, _load(path, root))):
            return path
    return files[-1]


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

    mounts = _module_mounts(root, data)
    content_mounts = _content_mounts(mounts, content_dir, content_dirs)
    statics = [(target, source) for component, target, source, _lang in mounts if component == "static"] or [
        ("", p) for p in _static_dirs(root, data, languages)]
    statics += [("", p) for p in _theme_statics(root, data)]

    # The site's folders are the site's own: a setting that leads elsewhere is refused.
    outside = _outside(root, [m.folder for m in content_mounts] + [p for _t, p in statics])
    if outside:
        raise ConfigError(outside, _origin(files, root, "module") if mounts else files[-1])
    existing = [(target, p.resolve()) for target, p in statics if p.is_dir()]
    return Site(
        root=root,
        title=str(data.get("title") or ""),
        base_url=str(data.get("baseurl") or ""),
        default_lang=default_lang,
        language_code=language_code,
        content_dirs=content_dirs,
        content_dir=content_dir,
        static_dirs=tuple(dict.fromkeys(p for _t, p in existing)),
        static_targets={p: target for target, p in existing if target},
        theme_dirs=tuple(_themes(root, data)),
        content_mounts=tuple(Mounted(m.folder.resolve(), m.target, m.lang) for m in content_mounts),
        files=tuple(files),
        **_settings(data, languages, default_lang),
    )


def _settings(data: dict[str, Any], languages: dict[str, Any], default_lang: str) -> dict[str, Any]:
    """The ``Site`` fields that are plain settings: Markdown, URLs, taxonomies, titles and params."""
    taxonomies = data.get("taxonomies")
    taxonomies = ({str(k): str(v).lower() for k, v in taxonomies.items()} if isinstance(taxonomies, dict)
                  else {"tag": "tags", "category": "categories"})  # Hugo's defaults
    renderer = ((data.get("markup") or {}).get("goldmark") or {}).get("renderer") or {}
    permalinks = data.get("permalinks") if isinstance(data.get("permalinks"), dict) else {}
    pages = permalinks.get("page") if isinstance(permalinks.get("page"), dict) else {}  # Hugo 0.120's form
    own = {code: settings for code, settings in languages.items() if isinstance(settings, dict)}
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    lang_params = (own.get(default_lang) or {}).get("params")
    return {
        "taxonomies": taxonomies,
        "unsafe": renderer.get("unsafe") is True,
        "emoji": data.get("enableemoji") is True,
        "hard_wraps": renderer.get("hardwraps") is True,
        "remove_path_accents": data.get("removepathaccents") is True,
        "disable_path_to_lower": data.get("disablepathtolower") is True,
        "pluralize_titles": str(data.get("pluralizelisttitles")).strip().lower() not in ("false", "0"),
        "permalinks": {str(k): str(v) for k, v in {**permalinks, **pages}.items() if isinstance(v, str)},
        "ugly_urls": data.get("uglyurls") is True,
        "lang_in_subdir": data.get("defaultcontentlanguageinsubdir") is True,
        "params": _merge(params, lang_params) if isinstance(lang_params, dict) else params,
        "titles": {code: str(s["title"]) for code, s in own.items() if isinstance(s.get("title"), (str, int))},
        "author": _name(data.get("author")) or _name(params.get("author")),
        "copyright": str(data.get("copyright") or params.get("copyright") or ""),
    }


def _name(value: Any) -> str:
    """An author as text: a string, or a table's ``name``."""
    value = value.get("name") if isinstance(value, dict) else value
    return value.strip() if isinstance(value, str) else ""
