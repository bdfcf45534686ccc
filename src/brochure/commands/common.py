"""What every command does first: read the content and select case studies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .. import hugo_rules, reader, selection
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
        """The selected case studies as the brochure groups them (by project)."""
        return self.selection.cases

    @property
    def notes(self) -> list[str]:
        """About this machine, not the content (e.g. titles' order without PyICU)."""
        return self.selection.notes


def load(config: Config, choice: Choice) -> Loaded:
    """Read, then select: the one path of ``list``, ``check`` and ``build`` to the case studies,
    their order and the problems reading them. Raises ``SelectionError`` or ``EmptySelection``."""
    site = config.site
    rules = reader.UrlRules(site.remove_path_accents, site.disable_path_to_lower) if site else reader.UrlRules()
    cases, problems = reader.read_cases(config.section_dir, config.taxonomy, lang=config.lang,
                                        languages=config.languages, default_lang=config.folder_lang,
                                        root=config.content_dir, rules=rules)
    terms, term_problems = reader.read_terms(config.content_dir / config.taxonomy, config.lang, config.content_dir)
    source = config.path or (site.main_file if site is not None else None)
    config_notes = [Problem(w, file=str(source) if source else None) for w in config.warnings]
    projects = tuple(reader.term_key(p) for p in choice.projects)
    if projects and site is not None and config.taxonomy.lower() not in site.taxonomies.values():
        config_notes.append(Problem(f"taxonomy {config.taxonomy!r} is not among the site's "
                                    f"({', '.join(sorted(site.taxonomies.values())) or 'none'}); its front-matter "
                                    "key is read anyway", file=str(source) if source else None))
    try:
        chosen = selection.select(
            cases, terms, projects, choice.cases, choice.drafts,
            default_name=config.section, default_color=config.default_color,
            future=choice.future, expired=choice.expired, exclude=choice.exclude, ordered=choice.ordered,
            max_age_years=choice.max_age_years, reference_date=choice.reference_date,
            lang=config.lang or config.language, taxonomy=config.taxonomy,
        )
    except BrochureError as exc:  # what could not be read may be why nothing is left: say it first
        exc.earlier = tuple(config_notes + [p for p in problems if p.level == "error"] + term_problems)
        raise
    section_problems = _name_the_section(config, chosen)
    slugs = {c.slug for c in chosen.cases}
    # Errors are always reported; warnings only for what was selected (or tied to no case study).
    kept = [p for p in problems if p.level == "error" or p.case in slugs or p.case is None]
    return Loaded(selection=chosen, terms=terms, problems=config_notes + kept + term_problems + section_problems)


def _name_the_section(config: Config, chosen: selection.Selection) -> list[Problem]:
    """When no chosen case study belongs to a project (a site without the taxonomy), they are the
    section's own: their group gets the section's title (its ``_index.md`` title, else Hugo's rule
    for a section without one) and the default colour, instead of "Other references"."""
    if len(chosen.groups) != 1 or chosen.groups[0].term is not None:
        return []
    title, problems = reader.read_section_title(config.section_dir, config.lang, config.content_dir)
    title = title or hugo_rules.section_title(config.section, config.pluralize_titles)
    chosen.groups[0].term = Term(name="", title=title, color=config.default_color)
    return problems
