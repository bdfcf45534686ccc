"""Stage 4: put case studies into pages, as HTML, with Jinja2 templates.

This stage knows nothing of PDFs: it gets ready-made view data (titles, HTML fragments,
resolved URLs) and returns an HTML string. It also checks a theme when it is loaded: its page
templates against the contract of docs/templates.md, its stylesheets' relative URLs.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from .paths import outside_message, short, within

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
def page_counter(template: str) -> Markup:
    """A CSS ``content`` value from a label such as "Page {page} sur {pages}"."""
    parts = []
    for piece in re.split(r"(\{pages?\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts) or '""')


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.strip().lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", c):
        return (47, 72, 88)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def tint(color: str, amount: float) -> str:
    """Mix ``color`` with white: 0 keeps it, 1 gives white."""
    r, g, b = _rgb(color)
    mix = [round(v + (255 - v) * amount) for v in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def shade(color: str, amount: float) -> str:
    """Mix ``color`` with black."""
    r, g, b = _rgb(color)
    return "#{:02x}{:02x}{:02x}".format(*(round(v * (1 - amount)) for v in (r, g, b)))


def css_string(text: Any) -> Markup:
    """A CSS string literal, safe inside a ``<style>`` element."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


def month_year(when, months: list[str]) -> str:
    return f"{months[when.month - 1]} {when.year}"


def full_date(when, months: list[str], lang: str) -> str:
    """"1er mars 2026", "16 March 2026": a day, its month's name (the labels'), the year."""
    day = "1er" if when.day == 1 and lang == "fr" else str(when.day)
    return f"{day} {months[when.month - 1]} {when.year}"


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a link leading out of its folder."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if filename and not within(Path(filename), *map(Path, self.searchpath)):
            raise jinja2.TemplateNotFound(f"{template} ({outside_message(Path(filename), 'the templates folders')})")
        return source, filename, uptodate


BUILTIN = "builtin"  # "builtin/NAME" is always brochure's own template NAME, even from a theme's NAME


class _ThemeLoader(jinja2.BaseLoader):
    """The templates folders, first match wins (a theme's, then brochure's own); ``builtin/NAME``
    is brochure's own NAME, so that a theme's template can extend the one it replaces."""

    def __init__(self, folders: tuple[Path, ...], builtin: Path):
        self.folders, self.builtin = _Loader([str(p) for p in folders]), _Loader([str(builtin)])

    def get_source(self, environment: jinja2.Environment, template: str):
        pieces = split_template_path(template)
        if pieces[:1] == [BUILTIN]:
            try:
                return self.builtin.get_source(environment, "/".join(pieces[1:]))
            except jinja2.TemplateNotFound:
                raise jinja2.TemplateNotFound(f"{template} (brochure's own templates have no such file)") from None
        return self.folders.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return sorted({*self.folders.list_templates(), *(f"{BUILTIN}/{n}" for n in self.builtin.list_templates())})


def environment(templates_dirs: tuple[Path, ...], builtin: Path | None = None) -> jinja2.Environment:
    """Templates from ``templates_dirs`` (first match wins); ``builtin/…`` from ``builtin`` (brochure's own)."""
    if builtin is None:
        from .config import builtin_theme

        builtin = builtin_theme()[0]
    env = jinja2.Environment(
        loader=_ThemeLoader(tuple(templates_dirs), builtin),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(tint=tint, shade=shade, css_string=css_string, page_counter=page_counter)
    return env


def _safe(view: dict[str, Any]) -> dict[str, Any]:
    """Mark the HTML fragments made by the Markdown stage as safe."""
    return {k: (Markup(v) if k.endswith("_html") and isinstance(v, str) else v) for k, v in view.items()}


def _print(paper: str, bleed: str, marks: str) -> dict[str, str]:
    return {"size": PAPER_SIZES[paper], "bleed": bleed, "marks": marks}


def one_pagers(env: jinja2.Environment, cases: list[dict[str, Any]], *, company: dict[str, Any], paper: str,
               scale: float, styles: dict[str, str], lang: str, labels: dict[str, Any],
               bleed: str = "", marks: str = "") -> str:
    """The HTML of one or more one-pagers, one per page; ``scale`` shrinks type and spacing (1 = normal).

    ``bleed`` (a CSS length) and ``marks`` ("crop", "cross" or both) are for a print shop.
    """
    return env.get_template("one-pager.html.j2").render(
        # page_size: what templates written before ``page`` use
        cases=[_safe(c) for c in cases], company=company, page=_print(paper, bleed, marks), page_size=PAPER_SIZES[paper],
        scale=scale, styles=styles, lang=lang, labels=labels,
    )


def brochure(env: jinja2.Environment, *, cover: dict[str, Any], groups: list[dict[str, Any]],
             company: dict[str, Any], paper: str, styles: dict[str, str], lang: str, meta: dict[str, str],
             labels: dict[str, Any], intro_html: str = "", summary: dict[str, Any] | None = None,
             annexes: list[dict[str, Any]] = (), bleed: str = "", marks: str = "", intro_title: str = "") -> str:
    """The HTML of the merged brochure: cover, introduction (under ``intro_title``), contents, summary
    table, every case study in full, then a blank page for each page of each annex (filled in afterwards)."""
    groups = [{**g, "cases": [_safe(c) for c in g["cases"]]} for g in groups]
    return env.get_template("brochure.html.j2").render(
        cover=cover, groups=groups, company=company, page=_print(paper, bleed, marks), page_size=PAPER_SIZES[paper],
        styles=styles, lang=lang, meta=meta, labels=labels, intro_html=Markup(intro_html), intro_title=intro_title,
        summary=summary, annexes=list(annexes),
    )


# --- the templates' contract (docs/templates.md), checked when a theme is loaded -----------------

_PROBES = ("probe-one", "probe-two")
SCALE_FLOOR = 0.79  # the smallest type scale of the one-pagers (build.SCALES)


class _Marks(HTMLParser):
    """The ids and classes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value.strip())
            elif name == "class" and value:
                self.classes.update(value.split())


def _marks(html: str) -> _Marks:
    found = _Marks()
    found.feed(html)
    found.close()
    return found


def _probe_case(slug: str) -> dict[str, Any]:
    """A case study's view as the build gives it, every optional part filled in."""
    return {"slug": slug, "title": f"Title {slug}", "long_title": "Long title", "logo": "file:///probe/logo.png",
            "logo_alt": "Logo", "logo_box": {"width": 30.0, "height": 10.0, "image_width": 32.0, "left": -1.0, "top": -1.0,
                                             "card": "light", "padding": 2.5, "wide": False, "contrast": 4.5},
            "picture": "file:///probe/picture.jpg", "picture_alt": "Picture",
            "picture_fit": "cover", "picto": "file:///probe/picto.svg", "question_html": "How long?", "answer": "3 months",
            "body_html": f"<p>Body of {slug}</p>", "right_html": "<p>Right column</p>",
            "callout_html": "<p>Callout</p>", "color": "#2f4858", "light": False, "group_title": "Group",
            "projects": ["probe"]}


# What the build relies on in each page template's HTML: (what is looked for, how it is said, why).
_CONTRACT = {
    "one-pager.html.j2": [
        (("id", [f"case-{s}" for s in _PROBES]), 'id="case-<slug>" on each case study\'s element',
         "the one-page fitting measures each case study by it"),
        (("class", ["case-body"]), 'an element of class "case-body"', "the fitting measures where the body starts"),
    ],
    "brochure.html.j2": [
        (("id", [f"case-{s}" for s in _PROBES]), 'id="case-<slug>" on each case study\'s element',
         "the contents and the summary table link to it"),
        (("id", ["annex-1", "annex-2"]), 'id="annex-<n>" on each annex\'s first blank page',
         "the annexes' pages are put there"),
    ],
}


def _probe_renders(env: jinja2.Environment, labels: dict[str, Any], styles: dict[str, str]) -> dict[str, Any]:
    """For each page template, how to render it (given a type scale) with made-up data."""
    company = {"name": "Company", "url": "https://example.com", "logo": "file:///probe/company.svg", "web": "example.com",
               "address": "1 Street, Town", "email": "contact@example.com", "phone": "+1 555 0100",
               "fonts": [{"family": "Brand", "weight": 400, "style": "normal", "url": "file:///probe/brand.woff2"}],
               "font": "Brand", "heading_font": "Brand", "logo_card": "", "logo_aspect": 2.0,
               "colors": {"heading": "#123456", "accent": "#123456", "text": "", "link": ""}}
    common = dict(company=company, paper="a4", styles=styles, lang="en", labels=labels)
    cases = [_probe_case(s) for s in _PROBES]
    annexes = [{"file": "/probe/annex.pdf", "title": f"Annex {n}", "pages": 2, "removed": []} for n in (1, 2)]
    summary = {"title": "Summary", "columns": [{"id": "client", "label": "Client"}],
               "rows": [{"slug": s, "cells": [s]} for s in _PROBES]}
    cover = {"kicker": "Company", "title": "References", "subtitle": "Subtitle", "date": "May 2024",
             "color": "#2f4858", "buyer": "Buyer", "buyer_logo": "file:///probe/buyer.png", "reference": "R-1"}
    meta = {"title": "References", "author": "Company", "subject": "References", "keywords": "probe",
            "date": "2024-05-01T00:00:00Z"}
    whole = [{k: v for k, v in c.items() if k != "right_html"} for c in cases]  # the brochure's: no columns
    groups = [{"title": "Group", "color": "#2f4858", "cases": whole}]
    return {
        "one-pager.html.j2": lambda scale: one_pagers(env, cases, scale=scale, **common),
        "brochure.html.j2": lambda _scale: brochure(env, cover=cover, groups=groups, meta=meta, summary=summary,
                                                     intro_html="<p>Introduction</p>", intro_title="Introduction",
                                                     annexes=annexes, **common),
    }


def check_theme(templates_dirs: tuple[Path, ...], labels: dict[str, Any], styles: dict[str, str]) -> None:
    """Render each page template once with made-up case studies; ``ConfigError`` (one line, naming
    the template) if that fails or the HTML lacks the ids and classes the build relies on."""
    from .errors import ConfigError

    env = environment(templates_dirs)
    for name, render in _probe_renders(env, labels, styles).items():
        try:
            filename = env.get_template(name).filename
            html = render(1.0)
            smaller = render(SCALE_FLOOR) if name == "one-pager.html.j2" else None
        except Exception as exc:  # any mistake in a theme's template: one line, where it is
            where, line = _where(exc, templates_dirs)
            where = where or next((str(d / name) for d in templates_dirs if (d / name).is_symlink()), None)
            raise ConfigError(f"the template {name} cannot be rendered: {type(exc).__name__}: {short(exc, 160, 40)} "
                              "(see docs/templates.md)", f"{where}:{line}" if where and line else where or name) from None
        found = _marks(html)
        for (kind, values), what, why in _CONTRACT[name]:
            present = found.ids if kind == "id" else found.classes
            if not all(v in present for v in values):
                raise ConfigError(f"the template gives no {what}: {why} (see docs/templates.md)", filename)
        if smaller == html:
            raise ConfigError("the template does not use scale: the one-pagers' type must be sized by it "
                              "(html { font-size: {{ 9.6 * scale }}pt }) so that a long case study fits its page "
                              "(see docs/templates.md)", filename)


def _where(exc: BaseException, folders: tuple[Path, ...]) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened, if it was in one."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    where: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or any(filename.startswith(str(f)) for f in folders):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def borrowed_urls(theme: Path, builtin: Path) -> list[str]:
    """A warning for each stylesheet of a theme's styles folder that names, relative to itself, a file
    that only the built-in styles have (a copy of common.css without the fonts)."""
    out = []
    for sheet in sorted(theme.glob("*.css")) if theme.is_dir() else ():
        try:  # a trusted folder, read with care all the same
            with open(sheet, "rb") if sheet.is_file() and within(sheet, theme) else open(os.devnull, "rb") as handle:
                text = handle.read(1_000_000).decode("utf-8", "replace")
        except OSError:
            continue
        names = re.findall(r"""(?:url\(\s*|@import\s+)["']?([^"')\s:?#\x00]+)""", text)
        missing = [n for n in dict.fromkeys(names) if n[0] != "/" and _only_in(n, theme, builtin)]
        if missing:
            out.append(f"theme.styles: {sheet.name} names {missing[0]}{' and more' if len(missing) > 1 else ''}, "
                       f"not in {theme}: a theme's stylesheet takes files beside it, not the built-in ones "
                       "(copy them, or keep the built-in stylesheet and put your rules in extra.css)")
    return out


def _only_in(name: str, theme: Path, builtin: Path) -> bool:
    try:
        return not (theme / name).exists() and (builtin / name).is_file()
    except (OSError, ValueError):  # a name too long, a bad one
        return False
