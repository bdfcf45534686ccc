"""The brochure's cover and dates: what the cover shows, the date of each PDF."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any

from .. import layout
from .options import Tender
from .prepare import Context, Prepared


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


def cover_view(ctx: Context, groups: list[dict[str, Any]], titles: list[str], tender: Tender | None,
               when: datetime) -> dict[str, Any]:
    """What the cover shows: "References" over the projects' titles (over itself, the company's
    name rather), the date, the first project's colour; for a bid, its title, buyer and reference."""
    from ..markup import typography

    config, lang = ctx.config, ctx.lang
    shown = [t for t in titles if _folded(t) != _folded(ctx.labels["references"])]
    cover = {
        "kicker": ctx.labels["references"] if shown else config.company_name,
        "title": ", ".join(shown) or ctx.labels["references"],
        "subtitle": "",
        "date": layout.full_date(when, ctx.labels["months"], lang),
        "color": groups[0]["color"] if groups else config.default_color,
        "buyer": "", "buyer_logo": "", "reference": "",
    }
    if tender:
        quotes = config.french_quotes
        cover.update(title=typography.plain(tender.title, lang, quotes),
                     buyer=typography.plain(tender.buyer, lang, quotes), reference=tender.reference,
                     buyer_logo=tender.buyer_logo.as_uri() if tender.buyer_logo else "")
    return cover


def pdf_dates(when: datetime | None) -> dict[str, str]:
    """The PDF's creation and modification dates; none for an undated build."""
    if when is None:
        return {}
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"created": stamp, "modified": stamp}
