"""Hugo's URL of a page: its path on the site, as Hugo 0.111 (and 0.168) makes it.

The front matter's ``url`` as written (Hugo adds a trailing slash to a path without an
extension, never the language's prefix); else the section's ``permalinks`` pattern; else the
page's folders and its ``slug`` (else its file's or bundle folder's name). Every step is made a
URL as Hugo makes it (``UrlRules``: urlized, lower-cased unless ``disablePathToLower``, without
accents under ``removePathAccents``); ``uglyURLs`` ends a page with ``.html``; a page of a
language other than the default one (or of every one, with ``defaultContentLanguageInSubdir``)
is below its language's folder. The base URL's own path (``https://x.org/base/``) is not part
of what :func:`page_path` gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .hugo_rules import UrlRules, go_string, lookup, split_lang

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_TOKEN = re.compile(r":(\w+)(?:\[([^\]]*)\])?")


@dataclass(frozen=True)
class UrlSettings:
    """The site's settings that Hugo's URLs follow."""

    rules: UrlRules = UrlRules()
    permalinks: dict[str, str] = field(default_factory=dict)  # section -> pattern
    ugly: bool = False  # uglyURLs
    default_lang: str = ""
    lang_in_subdir: bool = False  # defaultContentLanguageInSubdir


@dataclass(frozen=True)
class Page:
    """What a page's URL is made of: where Hugo sees its file, its front matter, its title and date,
    its language, and which of its folders are sections (the first one always is)."""

    content_path: str  # "work/sub/a.md", "work/bundle/index.md"
    meta: dict[str, Any]
    title: str = ""
    date: datetime | None = None
    lang: str = ""
    sections: tuple[str, ...] = ()  # "work", "work/sub": the folders that are sections, outermost first


def page_path(page: Page, settings: UrlSettings = UrlSettings()) -> str:
    """The page's path on the site (``/work/a/``), percent-decoded, without the base URL's path."""
    url = go_string(lookup(page.meta, "url")) or ""
    if url.strip():
        path = "/" + url.strip().lstrip("/")
        return path if path.endswith("/") or "." in path.rpartition("/")[2] else path + "/"
    steps = page.content_path.split("/")
    stem = split_lang(Path(steps[-1]).stem, {page.lang} if page.lang else set())[0]
    folders, name = (steps[:-2], steps[-2]) if stem == "index" and len(steps) > 1 else (steps[:-1], stem)
    slug = (go_string(lookup(page.meta, "slug")) or "").strip()
    pattern = settings.permalinks.get(folders[0]) if folders else None
    if pattern:
        path = _expand(pattern, page, name, slug, settings.rules)
    else:
        path = "/".join(settings.rules.step(s) for s in [*folders, slug or name])
    path = "/" + "/".join(s for s in path.split("/") if s)
    path = path + ".html" if settings.ugly else path + "/"
    if page.lang and (page.lang != settings.default_lang or settings.lang_in_subdir):
        path = f"/{page.lang}{path}"
    return path


def _expand(pattern: str, page: Page, name: str, slug: str, rules: UrlRules) -> str:
    """A ``permalinks`` pattern with its tokens replaced, each step then made a URL (Hugo lower-cases
    the literal parts too)."""
    when = page.date or datetime(1, 1, 1)  # Go's zero time, as Hugo writes an undated page's
    sections = [s.rpartition("/")[2] for s in page.sections] or [""]
    values = {"section": sections[0], "title": page.title, "slug": slug or page.title, "filename": name,
              "slugorfilename": slug or name, "year": f"{when.year:04d}", "month": f"{when.month:02d}",
              "day": f"{when.day:02d}", "monthname": MONTHS[when.month - 1], "weekday": str(when.isoweekday() % 7),
              "weekdayname": DAYS[when.isoweekday() % 7], "yearday": str(when.timetuple().tm_yday)}

    def token(m: re.Match[str]) -> str:
        key = m.group(1).lower()
        if key == "sections":
            return "/".join(_sliced(sections, m.group(2)))
        return values.get(key, m.group(0))

    return "/".join(rules.step(step) for step in _TOKEN.sub(token, pattern).split("/"))


def _sliced(sections: list[str], spec: str | None) -> list[str]:
    """``:sections[…]``: all of them, one (``[1]``, ``[last]``) or a slice (``[1:]``, ``[:last]``)."""
    if spec is None:
        return sections
    last = len(sections) - 1

    def index(text: str, default: int | None) -> int | None:
        text = text.strip()
        return default if not text else last if text == "last" else int(text) if re.fullmatch(r"-?\d+", text) else default

    start, colon, end = spec.partition(":")
    if not colon:
        at = index(start, None)
        return sections[at:at + 1 or None] if at is not None else []
    return sections[index(start, None):index(end, None)]


def sections_of(content_path: str, folders: list[Path]) -> tuple[str, ...]:
    """The folders of ``content_path`` that are sections: the first one, and each below it holding an
    ``_index`` file in one of ``folders`` (the content's root in each mount of it)."""
    steps = content_path.split("/")[:-1]
    if steps and steps[-1] and Path(content_path).stem.partition(".")[0] == "index":
        steps = steps[:-1]  # a bundle's own folder is no section
    found = []
    for depth in range(1, len(steps) + 1):
        where = "/".join(steps[:depth])
        if depth == 1 or any(next((folder / where).glob("_index.*"), None) for folder in folders):
            found.append(where)
    return tuple(found)
