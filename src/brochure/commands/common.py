"""What every command does first: read the content and select case studies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .. import reader, selection
from ..config import Config
from ..errors import BrochureError
from ..models import CaseStudy, Problem, Term


@dataclass(frozen=True)
class Choice:
    """Which case studies a command works on."""

    projects: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    drafts: bool = False
    future: bool = False
    expired: bool = False
    exclude: tuple[str, ...] = ()
    ordered: bool = False  # keep the order of ``cases``
    max_age_years: int | None = None
    reference_date: datetime | None = None  # for max_age_years (default: now)


@dataclass
class Loaded:
    selection: selection.Selection
    terms: dict[str, Term]
    problems: list[Problem] = field(default_factory=list)

    @property
    def cases(self) -> list[CaseStudy]:
        return self.selection.cases


def load(config: Config, choice: Choice) -> Loaded:
    """Read, then select. Raises ``SelectionError`` or ``EmptySelection``."""
    cases, problems = reader.read_cases(config.section_dir, config.taxonomy, lang=config.lang,
                                        languages=config.languages, default_lang=config.folder_lang,
                                        root=config.content_dir)
    terms, term_problems = reader.read_terms(config.content_dir / config.taxonomy, config.lang, config.content_dir)
    source = config.path or (config.site.main_file if config.site is not None else None)
    config_notes = [Problem(w, file=str(source) if source else None) for w in config.warnings]
    try:
        chosen = selection.select(
            cases, terms, choice.projects, choice.cases, choice.drafts,
            default_name=config.section, default_color=config.default_color,
            future=choice.future, expired=choice.expired, exclude=choice.exclude, ordered=choice.ordered,
            max_age_years=choice.max_age_years, reference_date=choice.reference_date,
        )
    except BrochureError as exc:  # what could not be read may be why nothing is left: say it first
        exc.earlier = tuple(config_notes + [p for p in problems if p.level == "error"] + term_problems)
        raise
    slugs = {c.slug for c in chosen.cases}
    # Errors are always reported; warnings only for what was selected (or tied to no case study).
    kept = [p for p in problems if p.level == "error" or p.case in slugs or p.case is None]
    return Loaded(selection=chosen, terms=terms, problems=config_notes + kept + term_problems)
