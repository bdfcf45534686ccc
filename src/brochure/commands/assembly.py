"""The brochure as one document: cover, introduction, contents, summary table, every case study
in full, then the annexes' pages. Runs in a worker process (it loads WeasyPrint)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import layout, markup
from ..errors import BrochureError
from ..models import Problem
from ..selection import Group
from . import summary as table
from .attribution import attributed
from .cover import cover_date, cover_title, cover_view, pdf_dates
from .options import BuildOptions, Tender
from .prepare import Context, Prepared, Report, texts
from .results import Made


def group_view(ctx: Context, group: Group) -> dict[str, str]:
    from ..markup import typography

    if group.term:  # a term page's title: the typography of the case studies' titles
        return {"title": typography.plain(group.term.title, ctx.lang, ctx.config.french_quotes), "color": group.term.color}
    return {"title": ctx.labels["other"], "color": ctx.config.default_color}


def brochure_extras(ctx: Context, options: BuildOptions, prepared: list[tuple[Group, Prepared]],
            report: Report) -> dict[str, Any]:
    """What the brochure has besides its case studies: the tender, the summary, the annexes."""
    from .. import annexes as annex_stage  # pypdf, not WeasyPrint

    tender = options.tender
    found = []
    for path, title in tender.annexes if tender else ():
        try:
            checked = annex_stage.check(path, ctx.config.limits.annex_pages)
        except BrochureError as exc:
            report.add(Problem(f"annex left out: {exc.message}", file=str(path), level="error"))
            continue
        # what is removed is part of the brochure's cache key: a bid cached before is not reused
        found.append({"file": str(path), "title": title, "pages": checked.pages, "removed": checked.warnings})
        for warning in checked.warnings:
            report.add(Problem(f"annex: {warning}", file=str(path)))
    if found and ctx.variant:
        report.add(Problem(annexes_said(ctx.variant), file=str(tender.folder) if tender and tender.folder else None))
    summary = None
    if options.summary:
        labels = dict(tender.labels) if tender else {}
        chosen = table.columns(ctx.config, tender.columns if tender else None)
        first = tender.duration_field if tender else ""
        summary = {"title": ctx.labels["summary"],
                   "columns": [{"id": c, "label": labels.get(c) or ctx.labels[c]} for c in chosen],
                   "rows": [{**table.row(ctx.config, i.case, group_view(ctx, g)["title"], chosen, first),
                             "title": i.view["title"]} for g, i in prepared]}
    return {"tender": tender, "summary": summary, "annexes": found}


def annexes_said(variant: str) -> str:
    """What annexes, copied as they are, do to the bid's standard: it claims PDF/UA no more."""
    archive = variant.split("+")[0] if variant.startswith("pdf/a") else ""
    said = "annexes are appended as they are"
    if "ua-" in variant:
        said += (", untagged: the bid is not PDF/UA and does not claim it (its own pages are tagged)"
                 + (f"; it is PDF/A-{archive[6:]} only if every annex is" if archive else ""))
    else:
        said += f": the brochure is PDF/A-{archive[6:]} only if every annex is"
    return said + " (their fonts, colours and tags are not checked)"


def introduction(ctx: Context, tender: Tender | None) -> tuple[str, str]:
    """A bid's introduction (HTML) and its heading: the manifest's ``introduction_title``, else the
    labels' ``introduction``, unless the text starts with a heading of its own (none without a bid)."""
    from ..markup import typography

    if not tender or not tender.introduction.strip():
        return "", ""
    text = markup.render(tender.introduction, options=markup.MarkdownOptions(unsafe=False))
    quotes = ctx.config.french_quotes
    html = typography.apply(markup.sanitize(text), ctx.lang, quotes)
    own = re.match(r"\s*<h[1-6][\s>]", html) is not None
    return html, typography.plain(tender.introduction_title, ctx.lang, quotes) or ("" if own else ctx.labels["introduction"])


def brochure(ctx: Context, items: list[tuple[dict[str, str], Prepared]], extras: dict[str, Any]) -> Made:
    from .. import annexes as annex_stage, pdf

    config = ctx.config
    tender: Tender | None = extras["tender"]
    lang = ctx.lang
    groups: list[dict[str, Any]] = []
    # a link to a case study of the brochure leads to its page in the brochure
    targets = ctx.links.anchors([item.case.slug for _group, item in items]) if ctx.links else {}
    for group, item in items:
        if not groups or groups[-1]["title"] != group["title"]:
            groups.append({**group, "cases": []})
        groups[-1]["cases"].append({**item.view, **texts(item.blocks, targets)} if targets else item.view)
    titles = list(dict.fromkeys(g["title"] for g in groups))
    full_title = cover_title(ctx, titles)
    keywords = titles  # the selected projects, as the reader knows them
    when = cover_date(tender)
    cover = cover_view(ctx, groups, titles, tender, when)
    intro_html, intro_title = introduction(ctx, tender)
    title = f"{cover['title']} — {tender.buyer}" if tender else full_title
    meta = {
        "title": title,
        "author": config.company_name,
        "subject": " — ".join(x for x in (title, tender.reference if tender else "", config.company_name) if x),
        "keywords": ", ".join(keywords),
        "date": pdf_dates(when).get("created", ""),
    }
    annexes = extras["annexes"]
    html = layout.brochure(ctx.env, cover=cover, groups=groups, company=ctx.company, paper=ctx.paper,
                           styles=ctx.styles, lang=lang, meta=meta, labels=ctx.labels, intro_html=intro_html,
                           intro_title=intro_title, summary=extras["summary"], annexes=annexes, bleed=ctx.bleed,
                           marks=ctx.marks)
    rendered = pdf.render(html, ctx.base_url, ctx.roots, **ctx.render_options)
    spans = pdf.spans(rendered, [f"annex-{n}" for n in range(1, len(annexes) + 1)])
    # each annex page is drawn above its page's bottom margin, where the running footer is
    footers = pdf.bottom_margins(rendered, [n for first, end in spans for n in range(first, end)])
    slugs = {f"case-{i.case.slug}": i.case.slug for _g, i in items}
    wide = [(message, [slugs[owner]] if owner in slugs else []) for owner, message in pdf.wide_tables(rendered)]
    # annexes are copied untagged: the bid is tagged but does not claim PDF/UA (see annexes_said)
    result = pdf.write(rendered, once=True, outlines_shown=True, claim_ua=not annexes)
    data = result.data
    if annexes:
        data = annex_stage.fill(data, [(Path(a["file"]), first, a["pages"]) for a, (first, _e) in zip(annexes, spans)],
                                footers)
    said = attributed(result, [i for _g, i in items]) + wide
    return Made(data, result.pages, [m for m, _o in said], result.notes, html=html,
                owners={m: o for m, o in said if o})
