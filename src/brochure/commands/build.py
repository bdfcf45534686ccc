"""``brochure build``: one-pagers and the merged brochure.

The one orchestrator: config → read → select → Markdown → layout → PDF →
outputs. Each case study is prepared and rendered on its own, so one bad
case study is reported and left out while the others are built.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import layout, markup, outputs, pdf
from ..config import Config
from ..errors import BrochureError
from ..models import Output, Problem
from ..selection import Group
from .common import Choice, load
from .prepare import Context, Prepared, Report, prepare_all

BuildReport = Report  # the name used by earlier code and tests

# One-pager type scales: 9.6 pt body text down to a floor of about 7.5 pt.
SCALES = (1.0, 0.93, 0.86, 0.79)


@dataclass(frozen=True)
class BuildOptions:
    choice: Choice = Choice()
    out_dir: Path | None = None
    one_pagers: bool = True
    brochure: bool = True
    paper: str | None = None
    strict: bool = False
    allow_network: bool = False


def build(config: Config, options: BuildOptions) -> Report:
    """Run the whole build. Raises ``BrochureError`` only for problems that stop everything."""
    report = Report(strict=options.strict)
    loaded = load(config, options.choice)
    ctx = Context(config, options.paper, options.allow_network)
    out_dir = Path(options.out_dir or config.out_dir)
    for folder in (out_dir, out_dir / "one-pagers"):
        outputs.clean_stale(folder)
    prepared = prepare_all(ctx, loaded, report)

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
