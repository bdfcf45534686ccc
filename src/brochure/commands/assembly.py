"""The brochure as one document: cover, introduction, contents, summary table, every case study
in full, then the annexes' pages. Runs in a worker process (it loads WeasyPrint)."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import layout, markup
from ..errors import BrochureError
from ..models import Problem
from ..selection import Group
from . import summary as table
from .attribution import attributed
from .options import BuildOptions, Tender
from .prepare import Context, Prepared, Report
from .results import Made


def group_view(ctx: Context, group: Group) -> dict[str, str]:
    if group.term:
        return {"title": group.term.title, "color": group.term.color}
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
        report.add(Problem(f"annexes are appended as they are: the brochure may not conform to {ctx.variant} "
                           "(their fonts, colours and tags are not checked)",
                           file=str(tender.folder) if tender and tender.folder else None))
    summary = None
    if options.summary:
        labels = dict(tender.labels) if tender else {}
        chosen = table.columns(ctx.config, tender.columns if tender else None)
        first = tender.duration_field if tender else ""
        summary = {"title": ctx.labels["summary"],
                   "columns": [{"id": c, "label": labels.get(c) or ctx.labels[c]} for c in chosen],
                   "rows": [table.row(ctx.config, i.case, group_view(ctx, g)["title"], chosen, first)
                            for g, i in prepared]}
    return {"tender": tender, "summary": summary, "annexes": found}


def build_date(items: list[tuple[Any, Prepared]], tender: Tender | None) -> datetime | None:
    """The date of a PDF: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the newest
    date of its content (:func:`content_date`), never the clock; None when nothing is dated."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return content_date(items, tender)


def content_date(items: list[tuple[Any, Prepared]], tender: Tender | None) -> datetime | None:
    """The newest date of the content (the case studies' dates, the tender's date). None when
    nothing is dated: a date is never made up."""
    dates = [i.case.date for _g, i in items if i.case.date is not None]
    if tender and tender.date:
        dates.append(tender.date)
    dates = [d if d.tzinfo else d.replace(tzinfo=timezone.utc) for d in dates]
    return max(dates, default=None)


def cover_date(tender: Tender | None, today: datetime | None = None) -> datetime:
    """The brochure's date, on its cover and in its metadata: ``SOURCE_DATE_EPOCH`` when set
    (reproducible builds), else the bid's own ``date`` (the day it is handed in), else the day of
    the build (UTC, so that a rebuild the same day gives the same bytes and reuses the cache)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    if tender and tender.date:
        return tender.date if tender.date.tzinfo else tender.date.replace(tzinfo=timezone.utc)
    now = today or datetime.now(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc)


def cover_title(ctx: Context, titles: list[str]) -> str:
    """"References — Group, Group": the groups' titles, but not one that only says "References"
    again (a section named so)."""
    references = ctx.labels["references"]
    same = _folded(references)
    shown = [t for t in titles if _folded(t) != same]
    return f"{references} — {', '.join(shown)}" if shown else references


def _folded(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.strip().casefold()) if not unicodedata.combining(c))


def introduction(ctx: Context, tender: Tender | None) -> tuple[str, str]:
    """A bid's introduction (HTML) and its heading: the manifest's ``introduction_title``, else the
    labels' ``introduction``, unless the text starts with a heading of its own (none without a bid)."""
    from ..markup import typography

    if not tender or not tender.introduction.strip():
        return "", ""
    text = markup.render(tender.introduction, options=markup.MarkdownOptions(unsafe=False))
    html = typography.apply(markup.sanitize(text), ctx.lang)
    own = re.match(r"\s*<h[1-6][\s>]", html) is not None
    return html, typography.plain(tender.introduction_title, ctx.lang) or ("" if own else ctx.labels["introduction"])


def brochure(ctx: Context, items: list[tuple[dict[str, str], Prepared]], extras: dict[str, Any]) -> Made:
    from .. import annexes as annex_stage, pdf
    from ..markup import typography

    config = ctx.config
    tender: Tender | None = extras["tender"]
    lang = ctx.lang
    groups: list[dict[str, Any]] = []
    for group, item in items:
        if not groups or groups[-1]["title"] != group["title"]:
            groups.append({**group, "cases": []})
        groups[-1]["cases"].append(item.view)
    titles = list(dict.fromkeys(g["title"] for g in groups))
    full_title = cover_title(ctx, titles)
    keywords = titles  # the selected projects, as the reader knows them
    when = cover_date(tender)
    shown = [t for t in titles if _folded(t) != _folded(ctx.labels["references"])]
    cover = {
        # "References" over the projects' titles; over itself, the company's name rather
        "kicker": ctx.labels["references"] if shown else config.company_name,
        "title": ", ".join(shown) or ctx.labels["references"],
        "subtitle": "",
        "date": layout.full_date(when, ctx.labels["months"], lang),
        "color": groups[0]["color"] if groups else config.default_color,
        "buyer": "", "buyer_logo": "", "reference": "",
    }
    if tender:
        cover.update(title=typography.plain(tender.title, lang),
                     buyer=typography.plain(tender.buyer, lang), reference=tender.reference,
                     buyer_logo=tender.buyer_logo.as_uri() if tender.buyer_logo else "")
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
    result = pdf.write(rendered, once=True, outlines_shown=True)
    data = result.data
    if annexes:
        data = annex_stage.fill(data, [(Path(a["file"]), first, a["pages"]) for a, (first, _e) in zip(annexes, spans)],
                                footers)
    said = attributed(result, [i for _g, i in items])
    return Made(data, result.pages, [m for m, _o in said], result.notes, html=html,
                owners={m: o for m, o in said if o})


def pdf_dates(when: datetime | None) -> dict[str, str]:
    """The PDF's creation and modification dates; none for an undated build."""
    if when is None:
        return {}
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"created": stamp, "modified": stamp}
