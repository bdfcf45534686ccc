"""Stage 0: the typed configuration, read from ``brochure.toml``.

Every problem in the file is collected and reported at once (``ConfigError``).
Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import layout
from .errors import ConfigError
from .models import Mounted
from .settings import (DEFAULT_COLUMNS, DEFAULT_PDF_VARIANT, DPI, PAPERS, PDF_VARIANTS, SCREEN_DPI, SUMMARY_COLUMNS,
                       Choice, Colour, File, Folder, Key, ListOf, Name, Option, Range, Reader, Table, Text, TitlePattern, Type)
from .brand_theme import COLOUR_KEYS, site_theme
from .company import company
from .site import Site, load_site
from .theme import builtin_theme, messages, read_toml  # noqa: F401 (re-exported)

CONFIG_NAME = "brochure.toml"
CONTACT_KEYS = ("address", "email", "phone")
STYLESHEETS = ("common", "one_pager", "brochure")  # common.css, one-pager.css, brochure.css
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")

# table -> key -> its option (type, rules, default); paths are relative to the file's folder.
SCHEMA: dict[str, dict[str, Option]] = {
    "company": {"name": Type(str, ""), "logo": File(None, blank=True, missing="no logo used"), "url": Type(str, ""),
                **{key: Type(str, "") for key in CONTACT_KEYS}},  # the back cover's contact details
    "content": {
        "dir": Type(str, "content"),
        "static": ListOf(Folder(missing="ignored"), ("static",), single=True, expected="a folder or a list of folders"),  # a site has its own
        "section": Name("references"),
        "taxonomy": Name("projects"),
        "language": Type(str, "fr"),
        "french_quotes": Type(bool, True),  # “…” in French text becomes « … »
        "base_url": Type(str, ""),
    },
    "output": {"dir": Folder("dist", exists=False), "paper": Choice(PAPERS, "a4"), "dpi": Range(*DPI, 300),
               "svg": Choice(("image", "vector"), "image"), "downsample": Type(bool, True),
               "pdf_variant": Choice(PDF_VARIANTS, DEFAULT_PDF_VARIANT)},
    "theme": {
        "templates": Type(str, ""),
        "styles": Type(str, ""),
        "default_color": Colour("#2f4858"),
        # font files (TTF, OTF, WOFF, WOFF2) of the brand's typefaces
        "fonts": ListOf(File(suffixes=FONT_SUFFIXES, missing="the default typeface is used"),
                        expected="a list of font files"),
        "font": Type(str, ""),  # family for the text, e.g. "Montserrat"
        "heading_font": Type(str, ""),  # family for titles (default: font)
        "brand": Type(bool, True),  # site mode: what this block leaves out comes from the site's brand
        "logo": File(None, blank=True, missing="no logo used"),  # the company's (under [company] logo)
        "logo_light": File(None, blank=True, missing="not used"),  # its version for dark backgrounds
        **{key: Colour("") for key in COLOUR_KEYS},
    },
}
# What one case study may cost before it fails alone (see docs/untrusted-content.md).
SCHEMA["limits"] = {
    "layout_seconds": Range(1, 3600, 10),  # CPU seconds to read or lay out one case study (see schedule.EACH for batches)
    "layout_memory_mb": Range(256, 65536, 1536),  # memory of one layout process, in MiB
    "annex_pages": Range(1, 100_000, 200),  # pages of one tender annex
}


def _keys(*default: str) -> ListOf:
    return ListOf(Text(filled=True, expected="a front-matter key"), default, at_least="one front-matter key",
                  expected="a list of front-matter keys")


SCHEMA["fields"] = {  # front-matter keys to read, first present wins
    "long_title": _keys("longTitle", "subtitle", "description"), "logo": _keys("image", "logo"),
    # other versions of the logo (for a dark background, in white…): the one legible on the panel is drawn
    "logo_variants": _keys("logoDark", "logo_dark", "logoWhite", "logo_white", "logoLight", "logo_light",
                           "logoInverse", "logo_inverse"),
    "picto": _keys("topPicto"), "question": _keys("topQuestion"), "answer": _keys("topAnswer"),
    "picture": _keys("images", "featured_image", "featuredImage", "featureImage", "feature_image", "cover", "thumbnail"),
    "summary": _keys("summary", "description"),  # the text shown when the body is empty
    # the summary table's facts (the key fact and the title may give some too: see commands/summary.py)
    "client": _keys("client"), "mission": _keys("mission", "longTitle"), "duration": _keys("duration"),
    "year": _keys("year"), "amount": _keys("amount"), "role": _keys("role"),
}
SCHEMA["summary"] = {  # the summary table of references
    "columns": ListOf(Choice(SUMMARY_COLUMNS), DEFAULT_COLUMNS, unique=True, at_least="one column",
                      expected="a list of columns"),
    "title_pattern": TitlePattern(SUMMARY_COLUMNS[:-1]),  # how a title names the client and the mission
}
TOP_LEVEL = {"site": Type(str, "")}
FILE = Table({**TOP_LEVEL, **{name: Table(keys, name) for name, keys in SCHEMA.items()}})

# the command line's options that set a key of the file: option -> (key, flag)
COMMAND_LINE = {"section": ("content.section", "--section"), "taxonomy": ("content.taxonomy", "--taxonomy"),
                "dpi": ("output.dpi", "--dpi"), "downsample": ("output.downsample", "--original-images")}


@dataclass(frozen=True)
class Limits:
    """What one case study (or annex) may cost; see ``SCHEMA["limits"]`` for the ranges."""

    layout_seconds: int = 10
    layout_memory_mb: int = 1536
    annex_pages: int = 200



@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    company_name: str
    company_logo: Path | None
    company_url: str
    company_contact: dict[str, str]  # address, email, phone: the file's, else the site's params ("" unknown)
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
    pdf_variant: str  # one of PDF_VARIANTS ("none": no standard), unless --pdf-variant or a bid names one
    templates_dirs: tuple[Path, ...]  # first match wins
    styles_dir: Path  # theme.styles, else the built-in styles
    default_color: str
    fonts: tuple[Path, ...] = ()
    font: str = ""
    heading_font: str = ""
    logo_light: Path | None = None  # the company's logo for dark backgrounds
    font_names: dict[Path, str] = field(default_factory=dict)  # site mode: a font file's family in the site's CSS
    colors: dict[str, str] = field(default_factory=dict)
    footer_logo: bool = False  # site mode with its brand: the logo in the footers  # heading, accent, text, link: "" for the design's own
    unsafe: bool = True  # raw HTML passes through (Hugo's markup.goldmark.renderer.unsafe)
    emoji: bool = False  # :emoji: codes (Hugo's enableEmoji)
    hard_wraps: bool = False  # line breaks in paragraphs kept (Hugo's goldmark hardWraps)
    french_quotes: bool = True  # content.french_quotes: “…” in French text becomes « … »
    pluralize_titles: bool = True  # a section without a title is named in the plural (Hugo's pluralizeListTitles)
    lang: str | None = None  # only pages of this language (site mode)
    languages: frozenset[str] = frozenset()  # languages a file-name suffix may name
    folder_lang: str | None = None  # language of files without a suffix
    site: Site | None = None
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)  # [summary]: columns, title_pattern
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
    def mounts(self) -> tuple[Mounted, ...]:
        """The content's folders as the site mounts them, first wins (without a site: the content folder)."""
        mounts = self.site.mounts_for(self.lang) if self.site is not None and self.lang else ()
        return tuple(m for m in mounts if m.folder.is_dir()) or (Mounted(self.content_dir, "", self.folder_lang),)

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders whose files a document may use; nothing else is ever read."""
        extra = [self.company_logo.parent] if self.company_logo else []
        extra += [f.parent for f in self.fonts] + ([self.logo_light.parent] if self.logo_light else [])
        return tuple(dict.fromkeys(p.resolve() for p in (self.content_dir, *(m.folder for m in self.mounts),
                                                          *self.static_dirs, *self.templates_dirs, self.styles_dir,
                                                          *self.styles_dirs, *extra)))


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


def from_command_line(config_path: Path | None = None, site: Path | None = None, lang: str | None = None,
                      screen: bool | None = None, **given: Any) -> Config:
    """``load_config`` with the command line's values (None: not given): ``--section``, ``--taxonomy``,
    ``--dpi`` (or ``--screen``), ``--original-images``, checked by the file's own options and named by
    their flag (``--section: expected a plain folder name (no / or ..), got "a/b"``)."""
    if given.get("dpi") is None and screen:
        given["dpi"] = SCREEN_DPI
    reader = Reader()
    overrides = {}
    for name, value in given.items():
        key, flag = COMMAND_LINE[name]
        if value is not None:
            table, _, entry = key.partition(".")
            overrides[key] = reader.read(SCHEMA[table][entry], value, flag)
    if reader.problems:
        raise ConfigError(reader.problems)
    return load_config(config_path, overrides=overrides, site=site, lang=lang)


def _build(raw: dict[str, Any], path: Path | None, root: Path, overrides: dict[str, Any],
           site_dir: Path | None, lang: str | None) -> Config:
    reader = Reader(root, tuple(FILE.options))
    read = reader.read(FILE, _with_overrides(raw, overrides), "")
    values = {f"{name}.{key}": value for name, table in read.items() if name in SCHEMA for key, value in table.items()}
    explicit = {f"{sec}.{key}" for sec, table in raw.items() if isinstance(table, dict) for key in table} | set(overrides)
    site_asked = site_dir is not None or bool(read["site"].strip())  # (the file's own folders then unused)
    site = _site(reader, site_dir, read["site"])
    values = site_theme(site, values, explicit, reader.warnings)  # site mode: the site's brand where [theme] is silent
    if values["theme.accent_color"] and "theme.accent_color" in explicit and "theme.default_color" not in explicit:
        values["theme.default_color"] = values["theme.accent_color"]  # the written accent is the band's colour
    language, folder_lang, content_dir = _content(reader, root, values, site, lang, site_asked)
    static_dirs = _static_dirs(reader, values, site, "content.static" in explicit, site_asked)
    templates_dirs, styles_dirs = _theme(reader, root, values)
    if reader.problems:
        raise ConfigError(reader.problems, path)
    config = Config(
        root=root,
        path=path,
        **company(site, values["company.name"].strip() or (site.company_name(language) if site else ""),
                  values["company.logo"] or values["theme.logo"], values["company.url"], {k: values[f"company.{k}"] for k in CONTACT_KEYS}),
        content_dir=content_dir,
        static_dirs=tuple(static_dirs),
        language=language,
        base_url=values["content.base_url"] or (site.base_url if site else ""),
        out_dir=(root / values["output.dir"]).resolve(),
        templates_dirs=tuple(templates_dirs),
        styles_dir=styles_dirs[0],
        styles_dirs=tuple(styles_dirs),
        folder_lang=folder_lang,
        site=site,
        warnings=tuple(reader.warnings),
        **_file_values(values),
        **_site_options(site, language),
    )
    if values["theme.templates"]:
        layout.check_theme(config.templates_dirs, messages(language, config.templates_dirs), config.stylesheets())
    return config


def _with_overrides(raw: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The file's tables with the command line's ``"table.key": value`` pairs put in."""
    given = dict(raw)
    for key, value in overrides.items():
        table, _, entry = key.partition(".")
        if isinstance(given.get(table, {}), dict):
            given[table] = {**given.get(table, {}), entry: value}
    return given


def _folder(reader: Reader, root: Path, key: str, value: str) -> Path:
    """The file's folder ``key``, checked; ``root / value`` only once its problem is noted."""
    return reader.read(Folder(), value, key) or root / value


def _site(reader: Reader, site_dir: Path | None, named: str) -> Site | None:
    """The Hugo site given to ``load_config`` (relative to the current folder), else the one the file
    names (``site = "…"``, relative to the file's folder); None without one or with a problem noted."""
    if site_dir is not None:
        site_dir = reader.read(Folder(), os.path.abspath(site_dir), "--site")
    elif named.strip():
        site_dir = reader.read(Folder(), named, "site")
    if site_dir is None:
        return None
    try:
        return load_site(Path(site_dir))
    except ConfigError as exc:
        reader.problems.extend(exc.lines())
        return None


def _content(reader: Reader, root: Path, values: dict[str, Any], site: Site | None, lang: str | None,
             site_asked: bool) -> tuple[str, str | None, Path]:
    """(the language read, the language of files without a suffix, the content folder): the site's
    when there is one, else the file's."""
    if site is None:
        language = (lang or values["content.language"]).lower()
        written = values["content.dir"]
        return language, None, root / written if site_asked else _folder(reader, root, "content.dir", written)
    language = (lang or site.default_lang).lower()
    if lang and site.content_dirs:
        known = tuple(sorted(site.languages))
        reader.read(Choice(known, expected=f"one of the site's languages {', '.join(known)}"), lang, "--lang")
    content_dir = site.content_for(language).resolve()
    if not any(m.folder.is_dir() for m in site.mounts_for(language)):
        Key(reader, "contentDir").problem(f"no such folder: {content_dir} (the site's content folder)")
    main = next((m.lang for m in site.mounts_for(language) if m.folder == content_dir and m.lang), None)
    return language, main or site.default_lang, content_dir


def _static_dirs(reader: Reader, values: dict[str, Any], site: Site | None, written: bool,
                 site_asked: bool) -> list[Path]:
    """The site's static folders, then ``content.static`` when written (or by default without a site)."""
    static_dirs: list[Path] = list(site.static_dirs) if site is not None else []
    if written:
        static_dirs += values["content.static"]
    elif not site_asked:  # the default folder, checked as if written
        static_dirs += reader.read(SCHEMA["content"]["static"], list(values["content.static"]), "content.static")
    return static_dirs


def _theme(reader: Reader, root: Path, values: dict[str, Any]) -> tuple[list[Path], list[Path]]:
    """(templates folders, styles folders): the theme's first when it has them, then brochure's own."""
    builtin_templates, builtin_styles = builtin_theme()
    templates_dirs = [builtin_templates]
    if values["theme.templates"]:
        templates_dirs.insert(0, _folder(reader, root, "theme.templates", values["theme.templates"]))
    styles_dirs = [builtin_styles]
    if values["theme.styles"]:
        styles_dirs.insert(0, _folder(reader, root, "theme.styles", values["theme.styles"]))
        reader.warnings.extend(layout.borrowed_urls(styles_dirs[0], builtin_styles))
    return templates_dirs, styles_dirs


def _file_values(values: dict[str, Any]) -> dict[str, Any]:
    """The ``Config`` fields that are the file's values as they were read."""
    return {
        "section": values["content.section"],
        "taxonomy": values["content.taxonomy"],
        "paper": values["output.paper"],
        "dpi": values["output.dpi"],
        "svg_images": values["output.svg"] == "image",
        "downsample": values["output.downsample"],
        "pdf_variant": values["output.pdf_variant"],
        "french_quotes": values["content.french_quotes"],
        "default_color": values["theme.default_color"],
        "fonts": tuple(values["theme.fonts"]),
        "font": values["theme.font"].strip(),
        "heading_font": values["theme.heading_font"].strip(),
        "logo_light": values["theme.logo_light"],
        "font_names": values.get("font_names", {}),
        "footer_logo": values.get("footer_logo", False),
        "colors": {key.removesuffix("_color"): values[f"theme.{key}"] for key in COLOUR_KEYS},
        **{table: {key: values[f"{table}.{key}"] for key in SCHEMA[table]} for table in ("fields", "summary")},
        "limits": Limits(**{key: values[f"limits.{key}"] for key in SCHEMA["limits"]}),
    }


def _site_options(site: Site | None, language: str) -> dict[str, Any]:
    """The ``Config`` fields a Hugo site sets (Markdown options, languages); brochure's own without one."""
    if site is None:
        return {"unsafe": True, "emoji": False, "hard_wraps": False, "lang": None, "languages": frozenset()}
    return {"unsafe": site.unsafe, "emoji": site.emoji, "hard_wraps": site.hard_wraps, "lang": language,
            "languages": site.languages, "pluralize_titles": site.pluralize_titles}

