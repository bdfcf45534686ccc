"""The brand a site showed, kept while the site's files stay as they were (part of stage 0).

Reading a site's brand (``brand.discover``, in a child process with a budget) costs most of a
site-mode command's start. What it found is kept in the user's cache folder
(``$XDG_CACHE_HOME/brochure/brand/``, one file per site folder) beside a stamp of every file and
folder under the site, its themes and static folders (``stamp.snapshot``: sizes, times and inodes,
nothing read; brochure's own files and the Python packages' folders too), and used again while the
stamp matches. A site over the stamp's limit of files, a site changed in the last seconds, or a
discovery that failed or ran over its budget is never kept.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from . import stamp
from .brand import Brand, Found
from .paths import user_cache
from .site import Site

FORMAT = 1


def folder() -> Path | None:
    return user_cache("brand")


def state(site: Site) -> stamp.Snapshot | None:
    """The stamp of everything a discovery may read on ``site`` (None: too many files)."""
    try:
        return stamp.snapshot(["brand", FORMAT, site], [site.root, *site.theme_dirs, *site.static_dirs], [],
                              [site.root / ".git"])
    except Exception:
        return None


def _file(site: Site) -> Path | None:
    where = folder()
    return where / f"{stamp.key('brand-site', str(site.root))[:32]}.json" if where else None


def cached(site: Site, now: stamp.Snapshot | None) -> Brand | None:
    """The brand kept for ``site`` if its files are as they were then, else None."""
    path = _file(site)
    kept = stamp.load(path) if path and now is not None and now.settled else None
    if not kept or kept.get("brand_format") != FORMAT or kept.get("inputs") != now.digest:
        return None
    try:
        return _brand(kept["brand"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def keep(site: Site, now: stamp.Snapshot | None, brand: Brand) -> None:
    path = _file(site)
    if path is None or now is None or not now.settled:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    stamp.save(path, path.parent, {"brand_format": FORMAT, "inputs": now.digest, "brand": asdict(brand)})


def _brand(data: dict[str, Any]) -> Brand:
    """A ``Brand`` from what ``keep`` wrote; TypeError, KeyError or ValueError if it is not one."""
    def found(item: Any) -> Found | None:
        if item is None:
            return None
        if not isinstance(item.get("value"), str) or not isinstance(item.get("origin"), str):
            raise ValueError("not a finding")
        return Found(item["value"], item["origin"])

    known = {f.name for f in fields(Brand)}
    if set(data) != known or not isinstance(data["inline_logo"], str):
        raise ValueError("not a brand")
    return Brand(
        logo=found(data["logo"]), logo_light=found(data["logo_light"]), inline_logo=data["inline_logo"],
        font=found(data["font"]), heading_font=found(data["heading_font"]),
        font_files={str(k): [found(f) for f in v] for k, v in data["font_files"].items()},
        remote_fonts=[found(f) for f in data["remote_fonts"]],
        colors={str(k): found(v) for k, v in data["colors"].items()},
        contacts={str(k): found(v) for k, v in data["contacts"].items()})
