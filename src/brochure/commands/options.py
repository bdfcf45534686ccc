"""What a build is asked for: the options of ``brochure build`` and a tender's additions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .common import Choice


@dataclass(frozen=True)
class BuildOptions:
    choice: Choice = Choice()
    out_dir: Path | None = None
    one_pagers: bool = True
    brochure: bool = True
    paper: str | None = None
    strict: bool = False
    allow_network: bool = False
    jobs: int | None = None  # processes; None: one per core
    cache: bool = True
    cache_dir: Path | None = None  # default: <out>/.brochure-cache
    html: bool = False  # also write the brochure's HTML
    tender: Tender | None = None  # a bid's cover, introduction, summary and annexes
    pdf_variant: str | None = None  # one of settings.PDF_VARIANTS; None: the configuration's
    bleed: str = ""  # a CSS length, e.g. "3mm"
    marks: str = ""  # "crop", "cross" or "crop cross"
    summary: bool = True  # the summary table of references after the contents
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Tender:
    """What a tender manifest adds to the brochure (see ``manifest.py``)."""

    title: str
    buyer: str
    buyer_logo: Path | None = None
    reference: str = ""
    date: datetime | None = None
    introduction: str = ""  # Markdown
    annexes: tuple[tuple[Path, str], ...] = ()  # (file, title)
    file: str = ""  # the brochure's file name
    language: str | None = None  # of the labels and the document (None: the configuration's)
    folder: Path | None = None  # the manifest's folder: its files may be read
    columns: tuple[str, ...] | None = None  # the summary table's (None: the configuration's)
    labels: tuple[tuple[str, str], ...] = ()  # column labels replacing the catalogue's
    duration_field: str = ""  # a front-matter key read first for the duration
    introduction_title: str = ""  # the introduction's heading (default: the catalogue's)
