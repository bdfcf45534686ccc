"""``brochure build``: one-pagers and the merged brochure.

The one orchestrator: config → read → select → Markdown → layout → PDF →
outputs. Each case study is prepared and rendered on its own, so one bad
case study is reported and left out while the others are built.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import assets, layout, markup, outputs, pdf
from ..config import Config
from ..errors import BrochureError
from ..models import CaseStudy, Output, Problem, Term
from ..selection import Group
from .common import Choice, load

# One-pager type scales: 9.6 pt body text down to a floor of about 7.5 pt.
SCALES = (1.0, 0.93, 0.86, 0.79)
MISSING_IMAGE = "brochure-missing-image.svg"


@dataclass(frozen=True)
class BuildOptions:
    choice: Choice = Choice()
    out_dir: Path | None = None
    one_pagers: bool = True
    brochure: bool = True
    paper: str | None = None
    strict: bool = False


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about this machine, not the content
    strict: bool = False

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or (self.strict and self.warnings) else 0

    def add(self, problem: Problem) -> None:
        if not any(p.message == problem.message and p.case == problem.case and p.level == problem.level for p in self.problems):
            self.problems.append(problem)

    def as_json(self) -> dict[str, Any]:
        return {
            "outputs": [o.as_json() for o in self.outputs],
            "warnings": [w.as_json() for w in self.warnings],
            "errors": [e.as_json() for e in self.errors],
        }


@dataclass
class Prepared:
    """A case study ready for layout."""

    case: CaseStudy
    view: dict[str, Any]
    blocks: list[markup.Block]
    used: set[str]


class Context:
    """What every render in one build shares."""

    def __init__(self, config: Config, options: BuildOptions):
        self.config = config
        self.paper = options.paper or config.paper
        self.env = layout.environment(config.templates_dirs)
        styles = config.styles_dir
        self.styles = {name: (styles / f"{name.replace('_', '-')}.css").as_uri() for name in ("common", "one_pager", "brochure")}
        self.placeholder = (styles / MISSING_IMAGE).as_uri()
        self.roots = config.roots
        self.base_url = config.root.as_uri() + "/"
        faces, self.font_problems = assets.font_faces(config.fonts)
        families = list(dict.fromkeys(f.family for f in faces))
        self.company = {
            "name": config.company_name,
            "logo": config.company_logo.as_uri() if config.company_logo else None,
            "fonts": faces,
            "font": config.font or (families[0] if families else ""),
            "heading_font": config.heading_font or config.font or (families[0] if families else ""),
        }
        self.labels = layout.labels(config.language)
        self.render_options = {"svg_images": config.svg_images, "dpi": config.dpi}


def build(config: Config, options: BuildOptions) -> BuildReport:
    """Run the whole build. Raises ``BrochureError`` only for problems that stop everything."""
    report = BuildReport(strict=options.strict)
    loaded = load(config, options.choice)
    for problem in loaded.problems:
        report.add(problem)
    ctx = Context(config, options)
    for message in ctx.font_problems:
        report.add(Problem(message, file=str(config.path) if config.path else None))
    out_dir = Path(options.out_dir or config.out_dir)

    prepared: list[tuple[Group, Prepared]] = []
    for group in loaded.selection.groups:
        for case in group.cases:
            try:
                item = prepare(ctx, case, group.term)
            except BrochureError as exc:
                report.add(Problem(exc.message, case=case.slug, file=str(case.path), level="error"))
                continue
            except Exception as exc:  # a bug must not stop the other case studies
                report.add(Problem(f"internal error while preparing: {type(exc).__name__}: {exc}", case=case.slug, file=str(case.path), level="error"))
                continue
            for message in item.view.pop("_problems"):
                report.add(Problem(message, case=case.slug, file=str(case.path)))
            prepared.append((group, item))

    failed: set[str] = set()
    if options.one_pagers:
        for _group, item in prepared:
            target = out_dir / "one-pagers" / f"{item.case.slug}.pdf"
            try:
                result, cut_note = one_pager(ctx, item)
                outputs.write_atomic(target, result.data)
            except BrochureError as exc:
                report.add(Problem(f"one-pager not built: {exc.message}", case=item.case.slug, file=str(item.case.path), level="error"))
                failed.add(item.case.slug)
                continue
            if cut_note:
                report.add(Problem(cut_note, case=item.case.slug, file=str(item.case.path)))
            for message in result.messages:
                report.add(Problem(message, case=item.case.slug, file=str(item.case.path)))
            report.notes += [n for n in result.notes if n not in report.notes]
            report.outputs.append(Output("one-pager", target, result.pages, item.case.slug))

    if options.brochure:
        kept = [(g, i) for g, i in prepared if i.case.slug not in failed]
        if kept:
            target = out_dir / f"{loaded.selection.name}.pdf"
            try:
                result = brochure(ctx, kept)
                outputs.write_atomic(target, result.data)
            except BrochureError as exc:
                report.add(Problem(f"brochure not built: {exc.message}", file=str(target), level="error"))
            else:
                for message in result.messages:
                    owner = next((i for _g, i in kept if any(Path(u).as_uri() in message or u in message for u in i.used)), None)
                    report.add(Problem(message, case=owner.case.slug if owner else None,
                                       file=str(owner.case.path) if owner else str(target)))
                report.notes += [n for n in result.notes if n not in report.notes]
                report.outputs.append(Output("brochure", target, result.pages, None))
    return report


def prepare(ctx: Context, case: CaseStudy, term: Term | None) -> Prepared:
    """Markdown to HTML blocks, URLs resolved, view data for the templates."""
    config = ctx.config
    resolver = assets.Resolver(
        page_dir=case.folder, static_dirs=config.static_dirs, content_dir=config.content_dir,
        placeholder=ctx.placeholder, base_url=config.base_url,
    )
    notes: list[str] = []
    options = {"unsafe": config.unsafe, "emoji": config.emoji}
    blocks = markup.render_blocks(case.body, resolver, notes=notes, doc_id=case.slug, **options)
    resolver.problems.extend(notes)

    def text(field: str) -> str:
        """The first front-matter key of ``fields.<field>`` that is set (a list gives its first item)."""
        for key in config.fields.get(field, ()):
            value = case.param(key)
            if isinstance(value, list) and value and isinstance(value[0], (str, int, float)):
                value = value[0]
            if value is None or value == "" or value == []:
                continue
            if isinstance(value, (dict, list, bool)):
                resolver.problems.append(f"{key} should be text, not {type(value).__name__}; ignored")
                continue
            return str(value).strip()
        return ""

    question = text("question")
    logo = text("logo")
    picto = text("picto")
    color = term.color if term else config.default_color
    view = {
        "slug": case.slug,
        "title": case.display_title,
        "long_title": text("long_title"),
        "logo": resolver(logo, "image") if logo else None,
        "logo_alt": case.display_title,
        "picto": resolver(picto, "image") if picto else None,
        "question_html": markup.markdownify(question, resolver, **options) if question else "",
        "answer": text("answer"),
        "body_html": markup.assemble(blocks[: markup.trailing(blocks)]),
        "callout_html": markup.assemble(blocks[markup.trailing(blocks):]),
        "color": color,
        "light": bool(term.light) if term else False,
        "group_title": term.title if term else ctx.labels["other"],
        "projects": case.projects,
        "_problems": resolver.problems,
    }
    return Prepared(case=case, view=view, blocks=blocks, used=resolver.used)


def _one_pager_html(ctx: Context, item: Prepared, cut: markup.Cut | None, scale: float) -> str:
    """The one-pager's HTML: the body in columns, the closing callouts across the page."""
    blocks = item.blocks
    split = markup.trailing(blocks)
    mark = f'<p class="cut-mark">{ctx.labels["more"]}</p>' if cut is not None else ""
    if cut is None:
        body, callout = markup.assemble(blocks[:split]), markup.assemble(blocks[split:])
    elif cut.blocks < split:
        body, callout = markup.assemble(blocks[:split], cut, mark), ""
    else:
        body = markup.assemble(blocks[:split])
        callout = markup.assemble(blocks[split:], markup.Cut(cut.blocks - split, cut.parts), mark)
    view = {**item.view, "body_html": body, "callout_html": callout}
    return layout.one_pager(ctx.env, view, company=ctx.company, paper=ctx.paper, scale=scale,
                            styles=ctx.styles, lang=ctx.config.language)


def one_pager(ctx: Context, item: Prepared) -> tuple[pdf.Result, str | None]:
    """Exactly one page: shrink step by step, then cut at a block boundary with a visible mark."""
    for scale in SCALES:
        rendered = pdf.render(_one_pager_html(ctx, item, None, scale), ctx.base_url, ctx.roots, **ctx.render_options)
        if rendered.pages == 1:
            return pdf.write(rendered), None

    floor = SCALES[-1]
    points = markup.cut_points(item.blocks)
    best, best_rendered = None, None
    lo, hi = 0, len(points) - 1
    while lo <= hi:  # the largest cut that still fits one page
        mid = (lo + hi) // 2
        rendered = pdf.render(_one_pager_html(ctx, item, points[mid], floor), ctx.base_url, ctx.roots, **ctx.render_options)
        if rendered.pages == 1:
            best, best_rendered, lo = points[mid], rendered, mid + 1
        else:
            hi = mid - 1
    total = markup.words(markup.assemble(item.blocks))
    if best_rendered is None:  # even the header alone overflows: keep the first page
        best_rendered = pdf.render(_one_pager_html(ctx, item, markup.Cut(0), floor), ctx.base_url, ctx.roots, **ctx.render_options)
        kept = 0
    else:
        kept = markup.words(markup.assemble(item.blocks, best))
    result = pdf.write(best_rendered, max_pages=1)
    pct = round(100 * (total - kept) / total) if total else 0
    note = (f"one-pager cut to fit one page: {total - kept} of {total} words ({pct}%) left out, "
            f"even at {9.6 * floor:.1f} pt; the brochure keeps the full text")
    return result, note


def brochure(ctx: Context, items: list[tuple[Group, Prepared]]) -> pdf.Result:
    config = ctx.config
    groups: list[dict[str, Any]] = []
    for group, item in items:
        title = group.term.title if group.term else ctx.labels["other"]
        if not groups or groups[-1]["title"] != title:
            groups.append({"title": title, "color": group.term.color if group.term else config.default_color, "cases": []})
        groups[-1]["cases"].append(item.view)
    titles = [g["title"] for g in groups]
    full_title = f"{ctx.labels['references']} — {', '.join(titles)}" if titles else ctx.labels["references"]
    keywords = list(dict.fromkeys(p for _g, i in items for p in i.case.projects))
    cover = {
        "kicker": config.company_name or ctx.labels["references"],
        "title": full_title,
        "subtitle": "",
        "date": layout.month_year(build_date(), config.language),
        "color": groups[0]["color"] if groups else config.default_color,
    }
    meta = {
        "title": full_title,
        "author": config.company_name,
        "subject": " — ".join(x for x in (full_title, config.company_name) if x),
        "keywords": ", ".join(keywords),
    }
    html = layout.brochure(ctx.env, cover=cover, groups=groups, company=ctx.company, paper=ctx.paper,
                           styles=ctx.styles, lang=config.language, meta=meta)
    rendered = pdf.render(html, ctx.base_url, ctx.roots, **ctx.render_options)
    return pdf.write(rendered)


def build_date() -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.fromtimestamp(time.time(), tz=timezone.utc)
