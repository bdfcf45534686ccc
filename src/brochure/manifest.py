"""Stage 0: the tender manifest, one TOML file per bid (``brochure build --manifest``).

Every problem in the file is collected and reported at once (``ConfigError``).
Paths in the file are relative to the file's folder. Only the files the
manifest names are read (the logo is checked, annexes' first bytes are read).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .config import read_toml
from .errors import ConfigError
from .paths import within

LANGUAGES = ("fr", "en")
PAPERS = ("a4", "letter")
PDF_VARIANTS = ("pdf/a-2b", "pdf/a-3b", "pdf/ua-1")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".webp")
COLUMNS = ("client", "mission", "duration", "year", "project")

# table -> known keys; "" is the top level
KEYS = {
    "": ("title", "reference", "date", "language", "buyer", "introduction", "selection", "output", "annexes",
         "summary"),
    "buyer": ("name", "logo"),
    "selection": ("projects", "cases", "exclude", "max_age_years"),
    "output": ("file", "paper", "pdf_variant", "one_pagers"),
    "annexes": ("file", "title"),
    "summary": ("columns", "labels", "duration_field"),
}


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
    columns: tuple[str, ...] = COLUMNS
    labels: dict[str, str] = field(default_factory=dict)
    duration_field: str = "topAnswer"


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
    reader = _Reader(path.resolve().parent)
    manifest = reader.manifest(raw, path.resolve())
    if reader.problems:
        raise ConfigError(reader.problems, path)
    return manifest


def _show(value: Any) -> str:
    """A value as the user wrote it, in TOML spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '…"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" if len(repr(value)) > 60 else json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


class _Reader:
    """Checks one manifest's values, collecting problems."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def wrong(self, key: str, expected: str, value: Any) -> None:
        self.problem(key, f"expected {expected}, got {_show(value)}")

    def table(self, raw: dict[str, Any], name: str, where: str | None = None) -> dict[str, Any]:
        """``raw[name]`` as a table whose keys are all known; {} when absent or wrong."""
        where = where or name
        value = raw.get(name, {})
        if not isinstance(value, dict):
            self.wrong(where, f"a table [{name}]", value)
            return {}
        self.known_keys(value, KEYS[name], where)
        return value

    def known_keys(self, table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in known:
                hint = "; top-level keys go before the first [table]" if where and key in KEYS[""] else ""
                self.problem(f"{where}.{key}" if where else key, f"unknown key (known: {', '.join(known)}){hint}")

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, "missing (required)")
            return None
        if not isinstance(value, str):
            self.wrong(where, "a string", value)
            return None
        if not value.strip():
            if required:
                self.problem(where, "must not be empty")
            return None
        return value.strip()

    def choice(self, table: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in allowed:
            return value.strip().lower()
        self.wrong(where, f"one of {', '.join(allowed)}", value)
        return None

    def names(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.wrong(where, "a list of non-empty strings", value)
            return ()
        names = [v.strip() for v in value]
        for twice in dict.fromkeys(n for i, n in enumerate(names) if n in names[:i]):
            self.problem(where, f"{_show(twice)} is listed twice")
        return tuple(dict.fromkeys(names))

    def file(self, value: Any, where: str) -> Path | None:
        """An existing regular file named relative to the manifest's folder."""
        if not isinstance(value, str) or not value.strip():
            self.wrong(where, "a file path", value)
            return None
        named = Path(os.path.normpath(self.root / value.strip()))  # the folder the manifest names, links not followed
        path = named.resolve()
        if not path.exists():
            self.problem(where, f"no such file: {value.strip()}")
        elif not within(path, self.root, named.parent):  # a link may not lead anywhere else
            self.problem(where, f"{value.strip()} is a link to {path}, outside the folder it is named in; not read")
        elif not path.is_file():
            self.problem(where, f"not a regular file: {value.strip()}")
        else:
            return path
        return None

    def manifest(self, raw: dict[str, Any], path: Path) -> Manifest:
        self.known_keys(raw, KEYS[""], "")
        title = self.text(raw, "title", "title", required=True)
        reference = self.text(raw, "reference", "reference")
        when = self.date(raw.get("date"))
        language = self.choice(raw, "language", "language", LANGUAGES)
        introduction = raw.get("introduction")
        if introduction is not None and not isinstance(introduction, str):
            self.wrong("introduction", "a string (Markdown)", introduction)
            introduction = None
        buyer = self.buyer(self.table(raw, "buyer"))
        selection = self.selection(self.table(raw, "selection"))
        output = self.output(self.table(raw, "output"), path)
        annexes = self.annexes(raw.get("annexes", []))
        summary = self.summary(self.table(raw, "summary")) if "summary" in raw else None
        return Manifest(path=path, title=title or "", buyer=buyer, output=output, reference=reference, date=when,
                        language=language, introduction=(introduction.strip() or None) if introduction else None,
                        selection=selection, annexes=annexes, summary=summary)

    def date(self, value: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self.problem("date", f"no such day: {_show(value)}")
                return None
        self.wrong("date", "a date like 2026-03-15", value)
        return None

    def buyer(self, table: dict[str, Any]) -> Buyer:
        name = self.text(table, "name", "buyer.name", required=True)
        logo = None
        value = table.get("logo")
        if isinstance(value, str) and Path(value.strip()).suffix.lower() not in LOGO_SUFFIXES:
            kinds = ", ".join(s[1:].upper() for s in LOGO_SUFFIXES)
            self.problem("buyer.logo", f"expected a {kinds} image, got {_show(value)}")
        elif value is not None:
            logo = self.file(value, "buyer.logo")
        return Buyer(name=name or "", logo=logo)

    def selection(self, table: dict[str, Any]) -> ManifestSelection:
        cases = self.names(table, "cases", "selection.cases")
        exclude = self.names(table, "exclude", "selection.exclude")
        for slug in (s for s in exclude if s in cases):
            self.problem("selection.exclude", f"{_show(slug)} is also in selection.cases")
        age = table.get("max_age_years")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool) or age <= 0):
            self.wrong("selection.max_age_years", "a positive integer", age)
            age = None
        return ManifestSelection(projects=self.names(table, "projects", "selection.projects"),
                                 cases=cases, exclude=exclude, max_age_years=age)

    def output(self, table: dict[str, Any], path: Path) -> ManifestOutput:
        name = table.get("file", path.stem + ".pdf")
        if not isinstance(name, str):
            self.wrong("output.file", "a file name ending in .pdf", name)
            name = path.stem + ".pdf"
        elif (not name.lower().endswith(".pdf") or len(name) <= 4 or "/" in name or "\\" in name
              or ".." in name or name != name.strip() or any(ord(c) < 32 for c in name)):
            self.wrong("output.file", "a plain file name ending in .pdf (no folders, no ..)", name)
            name = path.stem + ".pdf"
        one_pagers = table.get("one_pagers", False)
        if not isinstance(one_pagers, bool):
            self.wrong("output.one_pagers", "true or false", one_pagers)
            one_pagers = False
        return ManifestOutput(file=name, paper=self.choice(table, "paper", "output.paper", PAPERS),
                              pdf_variant=self.choice(table, "pdf_variant", "output.pdf_variant", PDF_VARIANTS),
                              one_pagers=one_pagers)

    def annexes(self, value: Any) -> tuple[Annex, ...]:
        """``[[annexes]]``; numbered from 1 in messages, as they appear in the file."""
        if not isinstance(value, list):
            self.wrong("annexes", "an array of tables [[annexes]]", value)
            return ()
        annexes = []
        for number, table in enumerate(value, 1):
            where = f"annexes[{number}]"
            if not isinstance(table, dict):
                self.wrong(where, "a table [[annexes]]", table)
                continue
            self.known_keys(table, KEYS["annexes"], where)
            title = self.text(table, "title", f"{where}.title", required=True)
            if "file" not in table:
                self.problem(f"{where}.file", "missing (required)")
                continue
            file = self.file(table["file"], f"{where}.file")
            if file is not None and not self.is_pdf(file, f"{where}.file", table["file"]):
                file = None
            if file is not None and title:
                annexes.append(Annex(file=file, title=title))
        return tuple(annexes)

    def is_pdf(self, path: Path, where: str, value: str) -> bool:
        try:
            with path.open("rb") as stream:
                head = stream.read(5)
        except OSError as exc:
            self.problem(where, f"cannot read {value.strip()}: {exc.strerror}")
            return False
        if head != b"%PDF-":
            self.problem(where, f"not a PDF (does not start with %PDF-): {value.strip()}")
            return False
        return True

    def summary(self, table: dict[str, Any]) -> SummarySpec:
        columns: tuple[str, ...] = COLUMNS
        if "columns" in table:
            columns = self.names(table, "columns", "summary.columns") or COLUMNS
            unknown = [c for c in columns if c not in COLUMNS]
            if unknown:
                self.problem("summary.columns", f"unknown column {', '.join(_show(c) for c in unknown)} "
                                                f"(known: {', '.join(COLUMNS)})")
            elif not table["columns"]:
                self.problem("summary.columns", "expected at least one column")
        labels: dict[str, str] = {}
        raw_labels = table.get("labels", {})
        if not isinstance(raw_labels, dict):
            self.wrong("summary.labels", "a table of column = \"label\"", raw_labels)
            raw_labels = {}
        for key, label in raw_labels.items():
            if key not in COLUMNS:
                self.problem(f"summary.labels.{key}", f"unknown column (known: {', '.join(COLUMNS)})")
            elif not isinstance(label, str) or not label.strip():
                self.wrong(f"summary.labels.{key}", "a non-empty string", label)
            else:
                labels[key] = label.strip()
        duration = table.get("duration_field", "topAnswer")
        if not isinstance(duration, str) or not duration.strip():
            self.wrong("summary.duration_field", "a front-matter key", duration)
            duration = "topAnswer"
        return SummarySpec(columns=columns, labels=labels, duration_field=duration.strip())
