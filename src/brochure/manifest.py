"""Stage 0: the tender manifest, one TOML file per bid (``brochure build --manifest``).

Every problem in the file is collected and reported at once (``ConfigError``), in the shape of
``settings.py``: ``<key>: <what is wrong>``. Paths in the file are relative to the file's folder.
Only the files the manifest names are read (the logo is checked, annexes' first bytes are read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .config import read_toml
from .errors import ConfigError
from .settings import (LANGUAGES, PAPERS, PDF_VARIANTS, SUMMARY_COLUMNS, Choice, Day, File, FileName, Key, ListOf,
                       Range, Reader, Table, Text, Type, show)

__all__ = ["LANGUAGES", "PAPERS", "PDF_VARIANTS", "COLUMNS", "KEYS", "load_manifest"]

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".webp")
COLUMNS = SUMMARY_COLUMNS  # the columns a summary table may have

_NAMES = ListOf(Text(filled=True, expected="a non-empty string"), unique=True, expected="a list of non-empty strings")
_ANNEX = Table({"file": File(required=True, contained=True, magic=(b"%PDF-", "a PDF")), "title": Text(required=True)},
               expected="a table [[annexes]]")
# the manifest's keys, each with its option (type, rules, default), in the order they are checked
SCHEMA: dict[str, Any] = {
    "title": Text(required=True),
    "reference": Text(),
    "date": Day(),
    "language": Choice(LANGUAGES),
    "buyer": Table({"name": Text(required=True), "logo": File(suffixes=LOGO_SUFFIXES, kind="image", contained=True)},
                   "buyer"),
    "introduction": Text(expected="a string (Markdown)"),
    "introduction_title": Text(),  # the introduction page's heading (default: the labels' introduction)
    "selection": Table({"projects": _NAMES, "cases": _NAMES, "exclude": _NAMES,
                        "max_age_years": Range(1, 1000)}, "selection"),
    "output": Table({"file": FileName(".pdf"), "paper": Choice(PAPERS), "pdf_variant": Choice(PDF_VARIANTS),
                     "one_pagers": Type(bool, False)}, "output"),
    "annexes": ListOf(_ANNEX, expected="an array of tables [[annexes]]"),
    "summary": Table({
        # not written: the configuration's ([summary] columns in brochure.toml)
        "columns": ListOf(Choice(COLUMNS), None, unique=True, at_least="one column", expected="a list of columns"),
        "labels": Table(dict.fromkeys(COLUMNS, Text(filled=True, expected="a non-empty string")), given_only=True,
                        expected='a table of column = "label"'),
        "duration_field": Text(filled=True, expected="a front-matter key"),  # read before [fields] duration
    }, "summary"),
}
MANIFEST = Table(SCHEMA)
# table -> known keys; "" is the top level
KEYS = {"": tuple(SCHEMA), **{name: tuple(option.options) for name, option in
                              {**SCHEMA, "annexes": _ANNEX}.items() if isinstance(option, Table)}}


@dataclass(frozen=True)
class Buyer:
    name: str
    logo: Path | None = None


@dataclass(frozen=True)
class ManifestSelection:
    projects: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()  # explicit order
    exclude: tuple[str, ...] = ()
    max_age_years: int | None = None


@dataclass(frozen=True)
class ManifestOutput:
    file: str  # a plain file name ending in .pdf
    paper: str | None = None  # None: the configuration's
    pdf_variant: str | None = None
    one_pagers: bool = False


@dataclass(frozen=True)
class Annex:
    file: Path
    title: str


@dataclass(frozen=True)
class SummarySpec:
    columns: tuple[str, ...] | None = None  # None: the configuration's
    labels: dict[str, str] = field(default_factory=dict)
    duration_field: str | None = None  # a front-matter key read first for the duration


@dataclass(frozen=True)
class Manifest:
    path: Path
    title: str
    buyer: Buyer
    output: ManifestOutput
    reference: str | None = None
    date: date | None = None
    language: str | None = None  # None: the site's or configuration's
    introduction: str | None = None  # Markdown
    introduction_title: str | None = None
    selection: ManifestSelection = ManifestSelection()
    annexes: tuple[Annex, ...] = ()
    summary: SummarySpec | None = None  # None: no [summary] table

    @property
    def folder(self) -> Path:
        return self.path.parent


def load_manifest(path: Path) -> Manifest:
    """Read and check a tender manifest; raise ``ConfigError`` listing every problem."""
    path = Path(path)
    if not path.exists():
        raise ConfigError("manifest file not found", path)
    if not path.is_file():
        raise ConfigError("not a file", path)
    raw = read_toml(path)
    reader = Reader(path.resolve().parent, top=tuple(SCHEMA))
    read = reader.read(MANIFEST, raw, "")
    for slug in (s for s in read["selection"]["exclude"] if s in read["selection"]["cases"]):
        Key(reader, "selection.exclude").problem(f"{show(slug)} is also in selection.cases")
    if reader.problems:
        raise ConfigError(reader.problems, path)
    return _manifest(read, path.resolve(), "summary" in raw)


def _manifest(read: dict[str, Any], path: Path, summary: bool) -> Manifest:
    selection, output, table = read["selection"], read["output"], read["summary"]
    return Manifest(
        path=path,
        title=read["title"] or "",
        buyer=Buyer(name=read["buyer"]["name"] or "", logo=read["buyer"]["logo"]),
        output=ManifestOutput(file=output["file"] or path.stem + ".pdf", paper=output["paper"],
                              pdf_variant=output["pdf_variant"], one_pagers=output["one_pagers"]),
        reference=read["reference"],
        date=read["date"],
        language=read["language"],
        introduction=read["introduction"],
        introduction_title=read["introduction_title"],
        selection=ManifestSelection(projects=selection["projects"], cases=selection["cases"],
                                    exclude=selection["exclude"], max_age_years=selection["max_age_years"]),
        annexes=tuple(Annex(file=a["file"], title=a["title"]) for a in read["annexes"] if a["file"] and a["title"]),
        summary=SummarySpec(columns=table["columns"], labels=table["labels"],
                            duration_field=table["duration_field"]) if summary else None,
    )
