"""Plain data passed between the stages. No behaviour, no imports of stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


# What an image looks like (pictures.py tells): a raster no larger than an icon, a drawing (an SVG,
# a see-through image), a flat picture (few colours: a screenshot, a diagram, a logo on white), a
# photo; or a file that cannot be read as an image.
ICON, DRAWING, FLAT, PHOTO, UNREADABLE = "icon", "drawing", "flat", "photo", "unreadable"


@dataclass(frozen=True)
class ImageFacts:
    """What an image is, as the assets stage tells the Markdown stage (its URL callback, asked with
    kind "facts"): what it looks like (one of the looks above, "" when it cannot be told), its size
    in pixels (an SVG's in CSS pixels; 0 when it declares none) and whether it is a vector drawing."""

    look: str = ""
    width: int = 0
    height: int = 0
    vector: bool = False


@dataclass
class Problem:
    """A warning or an error, tied to a case study and a file when known."""

    message: str
    case: str | None = None
    file: str | None = None
    level: str = "warning"  # "warning" or "error"

    def as_json(self) -> dict[str, Any]:
        return {"case": self.case, "file": self.file, "message": self.message}

    def __str__(self) -> str:
        where = self.file or self.case
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Mounted:
    """A folder of content as Hugo mounts it: what it holds appears at ``target`` below the content's
    root (``""``: the root itself; ``case-studies/extra``)."""

    folder: Path
    target: str = ""
    lang: str | None = None  # the language of its files without a language suffix (None: the site's default)


@dataclass
class CaseStudy:
    """One case study as read from its Markdown file."""

    path: Path  # the Markdown file
    slug: str
    title: str  # as written (may have surrounding spaces)
    body: str  # Markdown, front matter removed
    params: dict[str, Any]  # the whole front matter
    weight: int = 0
    date: datetime | None = None
    draft: bool = False
    projects: list[str] = field(default_factory=list)
    publish_date: datetime | None = None
    expiry_date: datetime | None = None
    lang: str | None = None  # from a file-name suffix (x.en.md), else the content folder's
    body_line: int = 1  # line of the file where the Markdown body starts
    sort_title: str | None = None  # what Hugo orders it by: its linkTitle, else its title, as written (None: title)
    content_path: str = ""  # where Hugo sees the file, below the content's root ("work/a.md"), mounts applied
    mount: Mounted | None = None  # the mount it was read from
    url: str = ""  # its page's path on the site, as Hugo makes it ("/work/a/"), base URL's path left out

    def param(self, key: str, default: Any = None) -> Any:
        """A front-matter value, with Hugo's case-insensitive keys."""
        if key in self.params:
            return self.params[key]
        lowered = key.lower()
        return next((v for k, v in self.params.items() if str(k).lower() == lowered), default)

    @property
    def display_title(self) -> str:
        return self.title.strip()

    @property
    def folder(self) -> Path:
        return self.path.parent


@dataclass
class Term:
    """A taxonomy term (a project) with its display title and colour."""

    name: str
    title: str
    color: str = "#2f4858"
    light: bool = False  # light background: dark text on it
    path: Path | None = None


@dataclass
class Output:
    kind: str  # "brochure" or "one-pager"
    path: Path
    pages: int
    case: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": str(self.path), "pages": self.pages, "case": self.case}


@dataclass(frozen=True)
class TenderDocument:
    """A consultation's document as plain text (``brochure suggest``): headings the file marks as such
    start with ``#`` (``## `` for a second level), as in Markdown."""

    name: str  # the file's name, or what the caller calls it
    text: str
    pages: int = 0  # a PDF's pages (0: not paged)
    truncated: bool = False  # longer than the text cap: only its beginning is read
