"""Preparing case studies for layout: Markdown, images, view data. Never imports WeasyPrint.

Shared by ``build`` (which then lays out and writes PDFs) and ``check``
(which only reports what it finds).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import assets, layout, links, markup
from ..config import Config, messages
from ..markup import typography
from ..errors import BrochureError, ContentError
from ..hugo_rules import lookup_path
from ..models import CaseStudy, Problem, Term
from ..paths import short
from ..selection import Group
from ..settings import standard
from . import front
from .common import Loaded
from .results import Report  # noqa: F401 (re-exported)


@dataclass
class Prepared:
    """A case study ready for layout."""

    case: CaseStudy
    view: dict[str, Any]
    blocks: list[markup.Block]
    used: set[str]
    hugo_differences: list[str] = field(default_factory=list)
    urls: frozenset[str] = frozenset()  # every URL its HTML holds: what a refused resource is traced to
    problems: list[str] = field(default_factory=list)  # warnings found preparing it, for the report

    def __post_init__(self) -> None:
        if not self.urls:
            html_text = " ".join(b.html for b in self.blocks) + " ".join(
                str(v) for k, v in self.view.items() if k.endswith("_html") and v)
            found = {html.unescape(m.group(1)) for m in _URL_ATTRIBUTE.finditer(html_text)}
            found |= {self.view[k] for k in ("logo", "picto", "picture") if isinstance(self.view.get(k), str)}
            self.urls = frozenset(found)


_URL_ATTRIBUTE = re.compile(r"""\s(?:src|href|data|poster)\s*=\s*["']([^"']*)["']""", re.I)


class Context:
    """What every render in one build shares."""

    def __init__(self, config: Config, paper: str | None = None, allow_network: bool = False,
                 image_cache: Path | None = None, extra_roots: tuple[Path, ...] = (), variant: str | None = None,
                 bleed: str = "", marks: str = "", lang: str | None = None):
        self.config = config
        self.image_cache = image_cache
        self.paper = paper or config.paper
        self.env = layout.environment(config.templates_dirs)
        self.styles = config.stylesheets()  # each from the theme's styles if it has it, else the built-in ones
        # extra_roots: a tender manifest's folder (its buyer logo), trusted like the configuration
        self.roots = config.roots + ((image_cache.resolve(),) if image_cache else ()) + tuple(
            p.resolve() for p in extra_roots)
        self.base_url = config.root.as_uri() + "/"
        faces, self.font_problems = assets.font_faces(config.fonts)
        faces = _named_as_written([replace(f, family=config.font_names.get(f.path.resolve(), f.family)) for f in faces],
                                  config.font, config.heading_font)
        families = list(dict.fromkeys(f.family for f in faces))
        self.company = {
            "name": config.company_name,
            "url": config.company_url,
            **front.company_logo(config),  # logo, logo_card, logo_aspect
            "footer_logo": config.footer_logo,
            "colors": config.colors,  # heading, accent, text, link: the brand's, "" for the design's own
            **config.company_contact,  # address, email, phone: the back cover's
            "web": re.sub(r"^https?://(www\.)?|/+$", "", config.company_url.strip()),  # as printed
            "fonts": faces,
            "font": config.font or (families[0] if families else ""),
            "heading_font": config.heading_font or config.font or (families[0] if families else ""),
        }
        self.lang = lang or config.language  # of the labels and the documents (a tender's may differ)
        self.labels = messages(self.lang, config.templates_dirs)
        self.allow_network = allow_network
        self.extra_roots = tuple(extra_roots)
        variant = standard(variant or config.pdf_variant)  # None: no standard, untagged
        self.variant, self.bleed, self.marks = variant, bleed, marks
        self.render_options = {"svg_images": config.svg_images, "dpi": config.dpi if config.downsample else None,
                               "allow_network": allow_network, "variant": variant}
        self.links: links.SiteLinks | None = None  # the section's case studies by their pages (prepare_all)


def _named_as_written(faces: list[assets.FontFace], *families: str) -> list[assets.FontFace]:
    """The faces under the family ``[theme]`` names when their files name it with a suffix
    ("Nunito ExtraLight" for every weight of Nunito, as some web-font kits write it) and no file
    names it exactly."""
    for family in filter(None, families):
        if not any(f.family == family for f in faces):
            faces = [replace(f, family=family) if f.family.startswith(family + " ") else f for f in faces]
    return faces


def resolver_for(ctx: Context, case: CaseStudy) -> assets.Resolver:
    """What the URLs of ``case`` lead to: its files (its page bundle's stay in its own mount), the
    site's static folders, the section's other case studies."""
    config = ctx.config
    return assets.Resolver(
        page_dir=case.folder, static_dirs=config.static_dirs,
        content_dir=case.mount.folder if case.mount else config.content_dir,
        base_url=config.base_url, allow_network=ctx.allow_network,
        image_cache=ctx.image_cache if config.downsample else None, max_size=max_image_size(config.dpi),
        static_targets=config.site.static_targets if config.site else {},
        content_mounts=tuple((m.target, m.folder) for m in config.mounts),
        site=ctx.links, page=ctx.links.by_slug.get(case.slug) if ctx.links else None,
    )


def prepare(ctx: Context, case: CaseStudy, term: Term | None) -> Prepared:
    """Markdown to HTML blocks, URLs resolved, view data for the templates."""
    config = ctx.config
    resolver = resolver_for(ctx, case)
    notes: list[str] = []
    options = markup.MarkdownOptions(unsafe=config.unsafe, emoji=config.emoji, hard_wraps=config.hard_wraps)
    differences: list[str] = []
    blocks = markup.render_blocks(case.body, resolver, options, notes=notes, doc_id=case.slug,
                                  hugo_differences=differences, first_line=case.body_line)
    stood_in = None
    if _blank(blocks):  # the text kept in front matter, as Hugo's .Summary and .Description
        stood_in = front.stand_in(config, case)
        if stood_in:
            blocks = markup.render_blocks(stood_in[1], resolver, options, notes=notes, doc_id=case.slug)
    resolver.problems.extend(notes)
    lang = case.lang or config.language  # the text's own language sets its typography
    quotes = config.french_quotes
    blocks = markup.trimmed([replace(b, html=typography.apply(b.html, lang, quotes),
                                     parts=[typography.apply(p, lang, quotes) for p in b.parts]) for b in blocks])

    def text(field: str) -> str:
        return front_matter_text(case, config.fields.get(field, ()), resolver.problems)

    question, picto, long_title = text("question"), text("picto"), text("long_title")
    if stood_in and long_title == stood_in[2]:
        long_title = ""  # the text below the title: not said twice
    color = term.color if term else config.default_color
    images = front.logo_and_picture(config, case, resolver, max_picture_size(config.dpi), color)
    if _blank(blocks):
        resolver.problems.append(_blank_message(config, bool(images["picture"]), front.text_keys(config, case)))
    view = {
        "slug": case.slug,
        "title": typography.plain(case.display_title, lang, quotes),
        "long_title": typography.plain(long_title, lang, quotes),
        **images,
        "logo_alt": logo_alt(ctx.labels, typography.plain(text("client"), lang, quotes),
                             typography.plain(case.display_title, lang, quotes)),
        "picture_alt": case.display_title,
        "picto": resolver(picto, "image") if picto else None,
        "question_html": typography.apply(markup.decorative(markup.markdownify(
            question, resolver, options, doc_id=f"{case.slug}/question", notes=resolver.problems)), lang, quotes)
        if question else "",
        "answer": typography.plain(text("answer"), lang, quotes),
        **texts(blocks),
        "url": case.url,
        "color": color,
        "light": bool(term.light) if term else False,
        "group_title": typography.plain(term.title, lang, quotes) if term else ctx.labels["other"],
        "projects": case.projects,
    }
    if resolver.errors:
        raise ContentError("; ".join(dict.fromkeys(resolver.errors)), case.path)
    html_text = view["body_html"] + view["callout_html"] + view["question_html"]
    resolver.problems += [f"Markdown would be printed literally: “{context}”" for context in markup.literal_markdown(html_text)]
    resolver.problems += [f"the site shows this differently: {difference}" for difference in differences]
    return Prepared(case=case, view=view, blocks=blocks, used=resolver.used, hugo_differences=differences,
                    problems=resolver.problems)


def logo_alt(labels: dict, client: str, title: str) -> str:
    """The logo's alternative text: "Logo <client>", or "" (the logo is then decorative) when the
    client is not known or the title beside the logo already names it."""
    def plain(text: str) -> str:
        return " ".join(text.lower().replace("’", "'").split())

    if not client.strip() or plain(client) in plain(title):
        return ""
    return str(labels.get("logo_of", "Logo {name}")).replace("{name}", client.strip())


def texts(blocks: list[markup.Block], targets: dict[str, str] | None = None) -> dict[str, str]:
    """The body and its closing callouts as HTML; ``targets``: links that lead to a case study laid out
    in the same document, and its anchor (see ``links.SiteLinks.anchors``). Each heading is kept
    with its picto and the start of what follows it (:func:`markup.together`)."""
    split = markup.trailing(blocks)
    return {"body_html": markup.join(markup.together(blocks[:split]), targets=targets),
            "callout_html": markup.join(blocks[split:], targets=targets)}


def front_matter_text(case: CaseStudy, keys: tuple[str, ...] | list[str], problems: list[str] | None = None) -> str:
    """The first of the front-matter ``keys`` that is set, as text (a list gives its first item); a
    table or a boolean is skipped, and said in ``problems``. A key with dots names a key inside a
    table (``card.subtitle``)."""
    for key in keys:
        value = lookup_path(case.params, key)
        if isinstance(value, list) and value and isinstance(value[0], (str, int, float)):
            value = value[0]
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (dict, list, bool)):
            if problems is not None:
                problems.append(f"{key} should be text, not {type(value).__name__}; ignored")
            continue
        return str(value).strip()
    return ""


def _blank(blocks: list[markup.Block]) -> bool:
    """Whether a body shows nothing: no word, no image."""
    shown = markup.assemble(blocks)
    return markup.words(shown) == 0 and "<img" not in shown


def _blank_message(config: Config, picture: bool, candidates: list[str]) -> str:
    keys = ", ".join(config.fields["summary"])
    found = f"; its front matter has text in {', '.join(candidates)}" if candidates else ""
    return (f"no text: the body is empty and no front-matter text is set ({keys}); the one-pager and the "
            f"brochure show only the title{' and the picture' if picture else ''} (name the key that holds the "
            f"text in [fields] summary{found})")


def max_image_size(dpi: int) -> tuple[int, int]:
    """The most pixels (width, height) an image needs at ``dpi``: a column's width (a little under 3.3 in, the
    bundled one-pagers' and brochure's) and a page's height. An image shown wider
    (across the page) gets proportionally fewer dots per inch."""
    return int(3.2 * dpi), int(10 * dpi)


def max_picture_size(dpi: int) -> tuple[int, int]:
    """The most pixels a featured picture needs at ``dpi``: it is drawn across the page (a little
    under 8.3 in) and cropped to a band, or shown whole in a frame under 4 in tall."""
    return int(8.3 * dpi), int(8.3 * dpi)


PREPARE_BATCH = 8  # case studies prepared by one task


def prepare_all(ctx: Context, loaded: Loaded, report: Report) -> list[tuple[Group, Prepared]]:
    """Prepare every selected case study; a failure is reported and that case study left out.

    Markdown, shortcodes and images cost little for an ordinary text but without bound for a
    hostile one (a task list's cost grows as the square of its items): the case studies are
    prepared in worker processes, within the same budgets as their layout (see ``schedule``).
    """
    for problem in loaded.problems:
        report.add(problem)
    ctx.links = links.SiteLinks(ctx.config.base_url, [links.Target(c.slug, c.url, c.content_path) for c in loaded.read],
                                frozenset(c.slug for c in loaded.cases))
    report.notes += [f"left out: {why}" for why in loaded.selection.left_out] + loaded.notes
    for message in ctx.font_problems:
        report.add(Problem(message, file=str(ctx.config.path) if ctx.config.path else None))
    work = [(group, case) for group in loaded.selection.groups for case in group.cases]
    made = _prepare_within_budget(ctx, {case.slug: (case, group.term) for group, case in work})
    prepared: list[tuple[Group, Prepared]] = []
    for group, case in work:
        item = made.get(case.slug)
        if not isinstance(item, Prepared):
            why = item.message if isinstance(item, BrochureError) else "not prepared"
            report.add(Problem(why, case=case.slug, file=str(case.path), level="error"))
            continue
        for message in item.problems:
            report.add(Problem(message, case=case.slug, file=str(case.path)))
        prepared.append((group, item))
    return prepared


def _prepare_within_budget(ctx: Context, cases: dict[str, tuple[CaseStudy, Term | None]]) -> dict[str, Any]:
    """slug -> Prepared, or the BrochureError that stopped it."""
    import os

    from . import schedule

    limits = ctx.config.limits
    slugs = list(cases)
    batches = [slugs[i:i + PREPARE_BATCH] for i in range(0, len(slugs), PREPARE_BATCH)]
    made: dict[str, Any] = {}
    for event in schedule.run(lambda task: _prepare_batch(ctx, task.payload), None, cases, batches,
                              min(os.cpu_count() or 1, max(1, len(batches))), limits.layout_seconds,
                              limits.layout_memory_mb, what="reading"):
        if isinstance(event, schedule.BatchDone):  # the only event without a brochure
            made.update(event.results)
    return made


def _prepare_batch(ctx: Context, batch: list[tuple[CaseStudy, Term | None]]) -> dict[str, Any]:
    made: dict[str, Any] = {}
    for case, term in batch:
        try:
            made[case.slug] = prepare(ctx, case, term)
        except BrochureError as exc:
            made[case.slug] = exc
        except Exception as exc:  # a bug must not stop the other case studies
            made[case.slug] = ContentError(short(f"internal error while preparing: {type(exc).__name__}: {exc}", 200, 60))
    return made
