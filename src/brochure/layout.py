"""Stage 4: put case studies into pages, as HTML, with Jinja2 templates.

This stage knows nothing of files or PDFs: it gets ready-made view data
(titles, HTML fragments, resolved URLs) and returns an HTML string.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .paths import outside_message, within

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


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a link leading out of its folder."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if filename and not within(Path(filename), *map(Path, self.searchpath)):
            raise jinja2.TemplateNotFound(f"{template} ({outside_message(Path(filename), 'the templates folders')})")
        return source, filename, uptodate


def environment(templates_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_Loader([str(p) for p in templates_dirs]),
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
             annexes: list[dict[str, Any]] = (), bleed: str = "", marks: str = "") -> str:
    """The HTML of the merged brochure: cover, introduction, contents, summary table, every case
    study in full, then a blank page for each page of each annex (filled in afterwards)."""
    groups = [{**g, "cases": [_safe(c) for c in g["cases"]]} for g in groups]
    return env.get_template("brochure.html.j2").render(
        cover=cover, groups=groups, company=company, page=_print(paper, bleed, marks), page_size=PAPER_SIZES[paper],
        styles=styles, lang=lang, meta=meta, labels=labels, intro_html=Markup(intro_html), summary=summary,
        annexes=list(annexes),
    )
