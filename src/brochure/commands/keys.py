"""Cache keys: everything an output depends on, and nothing else."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

from .. import __version__, cache as cache_store, stamp
from ..selection import Group
from .assembly import group_view
from .cover import cover_date
from .fitting import SCALES
from .prepare import Context, Prepared


def render_settings(ctx: Context) -> dict[str, Any]:
    config = ctx.config
    return {
        "versions": [__version__, importlib.metadata.version("weasyprint")],
        "report": 2,  # what a cached PDF's report holds (messages tied to case studies since 2)
        "theme": cache_store.folder_fingerprint(*config.templates_dirs, *config.styles_dirs),
        "company": {k: v for k, v in ctx.company.items() if k != "fonts"},
        "logo": [cache_store.fingerprint(f) for f in (config.company_logo, config.logo_light) if f],
        "fonts": [(f.family, f.weight, f.style, cache_store.fingerprint(f.path)) for f in ctx.company["fonts"]],
        "installed fonts": stamp.installed_fonts(),  # a family the theme names, a glyph's fallback
        "paper": ctx.paper,
        "render": ctx.render_options,
        "language": ctx.lang,
        "labels": ctx.labels,
        "scales": SCALES,
        "print": [ctx.variant, ctx.bleed, ctx.marks],
    }


def one_pager_key(item: Prepared, settings: dict[str, Any]) -> str:
    view = item.view
    blocks = [(b.html, b.kind, b.parts, b.open, b.close) for b in item.blocks]
    urls = sorted(item.blocks[0].urls.table.items()) if item.blocks and item.blocks[0].urls else []  # what links lead to
    assets = sorted((path, cache_store.fingerprint(path)) for path in item.used)
    return cache_store.key("one-pager", view, blocks, urls, assets, settings)


def brochure_key(ctx: Context, prepared: list[tuple[Group, Prepared]], keys: dict[str, str],
                  settings: dict[str, Any], extras: dict[str, Any]) -> str:
    groups = [(group_view(ctx, g), keys[i.case.slug]) for g, i in prepared]
    files = [cache_store.fingerprint(Path(a["file"])) for a in extras["annexes"]]
    if extras["tender"] and extras["tender"].buyer_logo:
        files.append(cache_store.fingerprint(extras["tender"].buyer_logo))
    dates = [cover_date(extras["tender"]).isoformat()]
    return cache_store.key("brochure", groups, dates, settings,
                           repr(extras["tender"]), extras["summary"], extras["annexes"], files)
