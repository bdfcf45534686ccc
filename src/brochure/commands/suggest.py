"""``brochure suggest``: the case studies that answer a consultation best, from its documents.

Reads the documents (``tender_text``), what they say of themselves (``tender_facts``), the selected
case studies (``common.load``, as ``list`` does), ranks them (``ranking``) and, when asked, writes a
tender manifest with the best ones (``--manifest-out``). Never imports WeasyPrint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import BrochureError, ConfigError, DocumentError, printable
from ..models import Problem, TenderDocument
from ..outputs import write_atomic
from ..ranking import Suggestion, rank
from ..ranking_terms import Analyzer
from ..tender_facts import TenderFacts, read_facts
from ..tender_text import Limits, read_document
from .brand import toml_string
from .common import Choice, load

TO_COMPLETE = {"fr": "À compléter", "en": "To be completed"}


@dataclass
class SuggestReport:
    suggestions: list[Suggestion]
    documents: list[TenderDocument]
    facts: TenderFacts
    tender_date: date
    date_source: str  # "--date", "the documents" or "today"
    language: str  # the documents' ("fr" or "en")
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def exit_code(self) -> int:
        return 1 if any(p.level == "error" for p in self.problems) else 0

    def as_json(self) -> dict[str, Any]:
        facts = self.facts
        tender = {"title": facts.title, "reference": facts.reference, "buyer": facts.buyer,
                  "date": self.tender_date.isoformat(), "date_from": self.date_source, "language": self.language,
                  "documents": [{"name": d.name, "pages": d.pages, "characters": len(d.text),
                                 "truncated": d.truncated} for d in self.documents]}
        return {"tender": tender, "suggestions": [s.as_json() for s in self.suggestions],
                "manifest": str(self.manifest) if self.manifest else None,
                "warnings": [p.as_json() for p in self.problems if p.level == "warning"],
                "errors": [p.as_json() for p in self.problems if p.level == "error"]}


def suggest(config: Config, choice: Choice, files: list[Path], top: int = 10, when: date | None = None,
            limits: Limits = Limits()) -> SuggestReport:
    """Rank the selected case studies against the documents; a document that cannot be read is an
    error in the report and the others are used. Raises ``DocumentError`` when none can be read."""
    documents, problems = read_documents(files, limits)
    if not documents:
        error = DocumentError("no document could be read: nothing to rank the case studies against")
        error.earlier = tuple(problems)
        raise error
    loaded = load(config, choice)
    text = "\n".join(d.text for d in documents)
    facts = read_facts(text)
    tender_date, source = (when, "--date") if when else (facts.date, "the documents") if facts.date else \
        (date.today(), "today")
    suggestions = rank(documents, loaded.selection.order, top=top, tender_date=tender_date, fields=config.fields)
    return SuggestReport(suggestions=suggestions, documents=documents, facts=facts, tender_date=tender_date,
                         date_source=source, language=Analyzer().language(text[:20_000]),
                         problems=problems + loaded.problems, notes=loaded.notes)


def read_documents(files: list[Path], limits: Limits = Limits()) -> tuple[list[TenderDocument], list[Problem]]:
    documents, problems = [], []
    for file in files:
        try:
            document = read_document(file, limits)
        except DocumentError as exc:
            problems.append(Problem(exc.message, file=str(file), level="error"))
            continue
        documents.append(document)
        if document.truncated:
            problems.append(Problem(f"only its first {limits.pages} pages or {limits.text_chars:,} characters "
                                    "are read", file=str(file)))
    return documents, problems


def parse_day(value: str | None) -> date | None:
    """``--date``: YYYY-MM-DD, else a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date: {value!r} is not a date written YYYY-MM-DD") from None


def write_manifest(report: SuggestReport, path: Path, force: bool) -> Path:
    """The tender manifest of these suggestions, written atomically where asked; an existing file
    is replaced only with ``force``."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise ConfigError("--manifest-out: a tender manifest is a .toml file", path)
    if path.exists() and not force:
        raise ConfigError("already exists; not overwritten (--force replaces it)", path)
    if path.is_dir() or path.is_symlink():
        raise ConfigError("not a plain file; not overwritten", path)
    if not report.suggestions:
        raise BrochureError("no case study to put in a manifest", path)
    write_atomic(path, manifest_text(report).encode("utf-8"))
    report.manifest = path
    return path


def manifest_text(report: SuggestReport) -> str:
    """A ``tenders/*.toml`` manifest: the consultation's title, reference, buyer and date as read
    (else a placeholder to complete), the suggested case studies in order, each with its score and
    matched words as a comment."""
    facts, lang = report.facts, report.language
    stem = Path(report.documents[0].name).stem
    title = facts.title or (f"Consultation {stem}" if lang == "fr" else f"Tender {stem}")
    names = ", ".join(d.name for d in report.documents)
    lines = [f"# Written by `brochure suggest` from {_comment(names)}: check it, then",
             "# brochure build --manifest THIS_FILE (with the --site or --config the suggestions were made with)",
             f"title = {toml_string(title)}"]
    lines.append(f"reference = {toml_string(facts.reference)}" if facts.reference else '# reference = ""')
    day = report.tender_date.isoformat()
    lines += [f"date = {day}" if report.date_source != "today" else f"# date = {day}  (none found: the build's day)",
              f"language = {toml_string(lang)}", "",
              "[buyer]", f"name = {toml_string(facts.buyer or TO_COMPLETE[lang])}", "", "[selection]", "cases = ["]
    for s in report.suggestions:
        lines.append(f"    {toml_string(s.slug)},  # {s.score:g}: {_comment(', '.join(s.matched))}")
    lines.append("]")
    if facts.reference:
        lines += ["", "[output]", f"file = {toml_string(_file_name(facts.reference) + '-references.pdf')}"]
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())[:200]


def _file_name(reference: str) -> str:
    return re.sub(r"[^\w-]+", "-", reference).strip("-.")[:80] or "bid"


def describe(report: SuggestReport) -> list[str]:
    """The suggestions as text: rank, slug, score, date and age, title; the matched words below."""
    lines = []
    for s in report.suggestions:
        age = f"{s.date.isoformat()} ({s.age_years:g} y)" if s.date and s.age_years is not None else "undated"
        lines.append(printable(f"{s.rank:>2}. {s.slug:<32} {s.score:>7.2f}  {age:<20} {s.title}"))
        lines.append(printable(f"    {' · '.join(s.matched) or '(no word in common)'}"))
    return lines


def summary(report: SuggestReport) -> str:
    """The last line on stderr: what was read, against which date, what was written."""
    documents = ", ".join(f"{d.name} ({d.pages} page{'s' if d.pages != 1 else ''})" if d.pages else d.name
                          for d in report.documents)
    written = f"; wrote {report.manifest}" if report.manifest else ""
    return (f"ranked against {documents}; ages at {report.tender_date.isoformat()} (from {report.date_source})"
            f"{written}; {sum(p.level == 'error' for p in report.problems)} error(s)")
