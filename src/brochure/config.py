"""Stage 0: the typed configuration, read from ``brochure.toml``.

Every problem in the file is collected and reported at once (``ConfigError``).
Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import layout
from .errors import ConfigError
from .paths import outside_message, within
from .site import Site, load_site

CONFIG_NAME = "brochure.toml"
STYLESHEETS = ("common", "one_pager", "brochure")  # common.css, one-pager.css, brochure.css
PAPERS = ("a4", "letter")

# key -> (type, default); "paths" are resolved against the config folder.
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], Any]]] = {
    "company": {"name": (str, ""), "logo": (str, ""), "url": (str, "")},
    "content": {
        "dir": (str, "content"),
        "static": ((str, list), ["static"]),
        "section": (str, "references"),
        "taxonomy": (str, "projects"),
        "language": (str, "fr"),
        "base_url": (str, ""),
    },
    "output": {"dir": (str, "dist"), "paper": (str, "a4"), "dpi": (int, 300), "svg": (str, "image"),
               "downsample": (bool, True)},
    "theme": {
        "templates": (str, ""),
        "styles": (str, ""),
        "default_color": (str, "#2f4858"),
        "fonts": (list, []),  # font files (TTF, OTF, WOFF, WOFF2) of the brand's typefaces
        "font": (str, ""),  # family for the text, e.g. "Montserrat"
        "heading_font": (str, ""),  # family for titles (default: font)
    },
}
# What one case study may cost before it fails alone (see docs/untrusted-content.md).
SCHEMA["limits"] = {
    "layout_seconds": (int, 20),  # CPU seconds of layout per case study (a batch gets this per member)
    "layout_memory_mb": (int, 1536),  # memory of one layout process, in MiB
    "annex_pages": (int, 200),  # pages of one tender annex
}
SCHEMA["fields"] = {  # front-matter keys to read, first present wins
    "long_title": (list, ["longTitle", "subtitle", "description"]),
    "logo": (list, ["image", "logo"]),
    "picto": (list, ["topPicto"]),
    "question": (list, ["topQuestion"]),
    "answer": (list, ["topAnswer"]),
}
TOP_LEVEL = {"site": (str, "")}


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's table; ``ConfigError`` (one line, naming the file) if it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from None


MESSAGE_LANGUAGES = ("fr", "en")  # the bundled message catalogues


def messages(lang: str, templates_dirs: tuple[Path, ...]) -> dict[str, Any]:
    """The labels of the templates in ``lang`` (French or English; English for any other).

    Read from ``messages/<lang>.toml`` in each templates folder, the later ones (a theme's)
    overriding the earlier ones (brochure's own).
    """
    code = lang[:2].lower() if lang[:2].lower() in MESSAGE_LANGUAGES else "en"
    found: dict[str, Any] = {}
    for folder in templates_dirs:
        catalogue = Path(folder) / "messages" / f"{code}.toml"
        if catalogue.is_file():
            if not within(catalogue, folder):
                raise ConfigError(outside_message(catalogue, f"the templates folder {folder}"), catalogue)
            found.update(read_toml(catalogue))
    return found


def builtin_theme() -> tuple[Path, Path]:
    """The templates and styles folders shipped with brochure.

    In a wheel they are package data beside this module; in a source
    checkout (editable install) they are at the repository root.
    """
    here = Path(__file__).resolve().parent
    for base in (here, here.parent.parent):
        if (base / "templates").is_dir() and (base / "styles").is_dir():
            return base / "templates", base / "styles"
    raise ConfigError(f"brochure's own templates and styles are missing (looked in {here})")


@dataclass(frozen=True)
class Limits:
    """What one case study (or annex) may cost; see ``SCHEMA["limits"]``."""

    layout_seconds: int = 20
    layout_memory_mb: int = 1536
    annex_pages: int = 200


LIMIT_RANGES = {"layout_seconds": (1, 3600), "layout_memory_mb": (256, 65536), "annex_pages": (1, 100_000)}


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    company_name: str
    company_logo: Path | None
    company_url: str
    content_dir: Path
    static_dirs: tuple[Path, ...]
    section: str
    taxonomy: str
    language: str
    base_url: str
    out_dir: Path
    paper: str
    dpi: int
    svg_images: bool  # SVG drawn as embedded PNG images (True) or as vector paths
    downsample: bool  # images made lighter for their dpi (False: embedded as they are)
    templates_dirs: tuple[Path, ...]  # first match wins
    styles_dir: Path  # theme.styles, else the built-in styles
    default_color: str
    fonts: tuple[Path, ...] = ()
    font: str = ""
    heading_font: str = ""
    unsafe: bool = True  # raw HTML passes through (Hugo's markup.goldmark.renderer.unsafe)
    emoji: bool = False  # :emoji: codes (Hugo's enableEmoji)
    hard_wraps: bool = False  # line breaks in paragraphs kept (Hugo's goldmark hardWraps)
    lang: str | None = None  # only pages of this language (site mode)
    languages: frozenset[str] = frozenset()  # languages a file-name suffix may name
    folder_lang: str | None = None  # language of files without a suffix
    site: Site | None = None
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = field(default=())
    limits: Limits = Limits()
    styles_dirs: tuple[Path, ...] = ()  # theme.styles then the built-in styles: each file from the first holding it

    def style(self, name: str) -> Path:
        """The styles' file ``name``: the theme's if its folder has it, else the built-in one."""
        folders = self.styles_dirs or (self.styles_dir,)
        for folder in folders[:-1]:
            if (folder / name).is_file() or (folder / name).is_symlink():  # a link out: the fetcher refuses it
                return folder / name
        return folders[-1] / name

    def stylesheets(self) -> dict[str, str]:
        """The stylesheets' URLs given to the templates; ``extra``: the theme's extra.css, or ""."""
        sheets = {name: self.style(f"{name.replace('_', '-')}.css").as_uri() for name in STYLESHEETS}
        extra = self.style("extra.css")
        return {**sheets, "extra": extra.as_uri() if extra.parent != (self.styles_dirs or (self.styles_dir,))[-1] else ""}

    @property
    def section_dir(self) -> Path:
        return self.content_dir / self.section

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders whose files a document may use; nothing else is ever read."""
        extra = [self.company_logo.parent] if self.company_logo else []
        extra += [f.parent for f in self.fonts]
        return tuple(
            dict.fromkeys(
                p.resolve()
                for p in (self.content_dir, *self.static_dirs, *self.templates_dirs, self.styles_dir,
                          *self.styles_dirs, *extra)
            )
        )


def find_config(cwd: Path) -> Path | None:
    candidate = cwd / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None = None, cwd: Path | None = None, overrides: dict[str, Any] | None = None,
                *, site: Path | None = None, lang: str | None = None) -> Config:
    """Read and check ``brochure.toml``; ``overrides`` are ``"section.key": value`` pairs.

    With ``site`` (or ``site = "…"`` in the file), content, static folders,
    languages and Markdown options come from that Hugo site; ``brochure.toml``
    is then optional.
    """
    cwd = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config(cwd)
        if path is None and site is None:
            raise ConfigError(
                f"no {CONFIG_NAME} in {cwd}: run brochure where it is, or pass --config FILE or --site DIR"
            )
    raw: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError("configuration file not found", path)
        raw = read_toml(path)
        path = path.resolve()
    root = path.parent if path is not None else cwd
    return _build(raw, path, root, overrides or {}, site, lang)


def _build(raw: dict[str, Any], path: Path | None, root: Path, overrides: dict[str, Any],
           site_dir: Path | None, lang: str | None) -> Config:
    problems: list[str] = []
    values: dict[str, Any] = {}
    for section, value in raw.items():
        if section in TOP_LEVEL:
            if not isinstance(value, TOP_LEVEL[section][0]):
                problems.append(f"{section} must be {_kind_name(TOP_LEVEL[section][0])}")
        elif section not in SCHEMA:
            problems.append(f"unknown section [{section}] (known: {', '.join(SCHEMA)}, or the key site)")
        elif not isinstance(value, dict):
            problems.append(f"{section} must be a table [{section}]")
    for section, keys in SCHEMA.items():
        table = raw.get(section, {})
        table = table if isinstance(table, dict) else {}
        for key in table:
            if key not in keys:
                problems.append(f"unknown key {section}.{key} (known: {', '.join(keys)})")
        for key, (kind, default) in keys.items():
            value = overrides.get(f"{section}.{key}", table.get(key, default))
            if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
                problems.append(f"{section}.{key} must be {_kind_name(kind)}, not {type(value).__name__}")
                value = default
            values[f"{section}.{key}"] = value

    warnings: list[str] = []
    explicit = {f"{sec}.{key}" for sec, table in raw.items() if isinstance(table, dict) for key in table} | set(overrides)
    if site_dir is None and isinstance(raw.get("site"), str) and raw["site"].strip():
        site_dir = root / raw["site"]
    site = None
    if site_dir is not None:
        try:
            site = load_site(Path(site_dir))
        except ConfigError as exc:
            problems.extend(exc.lines())

    def folder(key: str, value: str) -> Path:
        p = (root / value).resolve()
        if not p.is_dir():
            problems.append(f"{key} = {value!r}: folder {p} does not exist")
        return p

    language = (lang or values["content.language"]).lower()
    folder_lang = None
    if site is not None:
        language = (lang or site.default_lang).lower()
        if lang and site.content_dirs and language not in site.content_dirs:
            problems.append(f"language {lang!r} is not one of the site's: {', '.join(sorted(site.content_dirs))}")
        content_dir = site.content_for(language).resolve()
        if not content_dir.is_dir():
            problems.append(f"the site's content folder {content_dir} does not exist")
        shared = site.content_dirs.get(language) in (None, site.content_dir)
        folder_lang = site.default_lang if shared else language
    else:
        content_dir = folder("content.dir", values["content.dir"])
    static = values["content.static"]
    static_list = [static] if isinstance(static, str) else static
    if not all(isinstance(s, str) for s in static_list):
        problems.append("content.static must be a string or a list of strings")
        static_list = []
    static_dirs: list[Path] = list(site.static_dirs) if site is not None else []
    if site is not None and "content.static" not in explicit:
        static_list = []
    for s in static_list:
        p = (root / s).resolve()
        if p.is_dir():
            static_dirs.append(p)
        else:
            warnings.append(f"content.static = {s!r}: folder {p} does not exist, ignored")

    logo = None
    if values["company.logo"]:
        logo = (root / values["company.logo"]).resolve()
        if not logo.is_file():
            warnings.append(f"company.logo = {values['company.logo']!r}: file {logo} not found, no logo used")
            logo = None

    paper = values["output.paper"].lower()
    if paper not in PAPERS:
        problems.append(f"output.paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    if values["output.svg"] not in ("image", "vector"):
        problems.append(f"output.svg must be 'image' or 'vector', not {values['output.svg']!r}")
    dpi = values["output.dpi"]
    if not 36 <= dpi <= 1200:
        problems.append(f"output.dpi must be between 36 and 1200, not {dpi}")
    for key in ("content.section", "content.taxonomy"):
        if not values[key].strip() or "/" in values[key] or ".." in values[key]:
            problems.append(f"{key} must be a plain folder name, not {values[key]!r}")

    builtin_templates, builtin_styles = builtin_theme()
    templates_dirs = [builtin_templates]
    if values["theme.templates"]:
        templates_dirs.insert(0, folder("theme.templates", values["theme.templates"]))
    styles_dirs = [builtin_styles]
    if values["theme.styles"]:
        styles_dirs.insert(0, folder("theme.styles", values["theme.styles"]))
        warnings += layout.borrowed_urls(styles_dirs[0], builtin_styles)

    fonts: list[Path] = []
    for item in values["theme.fonts"]:
        if not isinstance(item, str):
            problems.append(f"theme.fonts must list file names, found {item!r}")
            continue
        font = (root / item).resolve()
        if font.suffix.lower() not in (".ttf", ".otf", ".woff", ".woff2"):
            problems.append(f"theme.fonts: {item!r} is not a TTF, OTF, WOFF or WOFF2 file")
        elif not font.is_file():
            warnings.append(f"theme.fonts: {item!r} not found ({font}); the default typeface is used")
        else:
            fonts.append(font)

    if site is not None and site.taxonomies and values["content.taxonomy"].lower() not in site.taxonomies.values():
        warnings.append(f"taxonomy {values['content.taxonomy']!r} is not among the site's "
                        f"({', '.join(sorted(site.taxonomies.values()))}); its front-matter key is read anyway")
    fields = {}
    for key in SCHEMA["fields"]:
        names = values[f"fields.{key}"]
        if not names or not all(isinstance(n, str) and n for n in names):
            problems.append(f"fields.{key} must be a list of front-matter keys")
        fields[key] = tuple(names)
    for key, (low, high) in LIMIT_RANGES.items():
        if not low <= values[f"limits.{key}"] <= high:
            problems.append(f"limits.{key} must be between {low} and {high}, not {values[f'limits.{key}']}")
    if problems:
        raise ConfigError(problems, path)
    company_name = values["company.name"].strip() or (site.title.strip() if site else "")
    base_url = values["content.base_url"] or (site.base_url if site else "")
    config = Config(
        root=root,
        path=path,
        company_name=company_name,
        company_logo=logo,
        company_url=values["company.url"],
        content_dir=content_dir,
        static_dirs=tuple(static_dirs),
        section=values["content.section"],
        taxonomy=values["content.taxonomy"],
        language=language,
        base_url=base_url,
        out_dir=(root / values["output.dir"]).resolve(),
        paper=paper,
        dpi=dpi,
        svg_images=values["output.svg"] == "image",
        downsample=values["output.downsample"],
        templates_dirs=tuple(templates_dirs),
        styles_dir=styles_dirs[0],
        styles_dirs=tuple(styles_dirs),
        default_color=values["theme.default_color"],
        fonts=tuple(fonts),
        font=values["theme.font"].strip(),
        heading_font=values["theme.heading_font"].strip(),
        unsafe=site.unsafe if site is not None else True,
        emoji=site.emoji if site is not None else False,
        hard_wraps=site.hard_wraps if site is not None else False,
        lang=language if site is not None else None,
        languages=site.languages if site is not None else frozenset(),
        folder_lang=folder_lang,
        site=site,
        fields=fields,
        warnings=tuple(warnings),
        limits=Limits(**{key: values[f"limits.{key}"] for key in LIMIT_RANGES}),
    )
    if values["theme.templates"]:
        layout.check_theme(config.templates_dirs, messages(language, config.templates_dirs), config.stylesheets())
    return config


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", list: "a list", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)
