"""What every command does first: read the content and select case studies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .. import hugo_rules, hugo_urls, reader, selection
from ..config import Config
from ..errors import BrochureError
from ..models import CaseStudy, Problem, Term
from ..site import folders_of


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
    read: list[CaseStudy] = field(default_factory=list)  # every case study read, selected or not

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
    default_lang = site.default_lang if site is not None else config.folder_lang
    cases, problems = reader.read_section(folders_of(config.mounts, config.section), config.taxonomy, lang=config.lang,
                                          languages=config.languages, rules=rules, section=config.section,
                                          default_lang=default_lang)
    _site_urls(config, cases, rules)
    terms, term_problems = _terms(config)
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
    return Loaded(selection=chosen, terms=terms, problems=config_notes + kept + term_problems + section_problems,
                  read=cases)


def _name_the_section(config: Config, chosen: selection.Selection) -> list[Problem]:
    """When no chosen case study belongs to a project (a site without the taxonomy), they are the
    section's own: their group gets the section's title (its ``_index.md`` title, else Hugo's rule
    for a section without one) and the default colour, instead of "Other references"."""
    if len(chosen.groups) != 1 or chosen.groups[0].term is not None:
        return []
    title, problems = "", []
    for folder, where, mount in folders_of(config.mounts, config.section):  # its list page: the first mount's
        if where == config.section and not title:
            title, problems = reader.read_section_title(folder, config.lang, mount.folder)
    title = title or hugo_rules.section_title(config.section, config.pluralize_titles)
    chosen.groups[0].term = Term(name="", title=title, color=config.default_color)
    return problems


def _site_urls(config: Config, cases: list[CaseStudy], rules: reader.UrlRules) -> None:
    """Each case study's ``url``: its page's path on the site, as Hugo makes it."""
    site = config.site
    settings = hugo_urls.UrlSettings(rules, site.permalinks, site.ugly_urls, site.default_lang,
                                     site.lang_in_subdir) if site is not None else hugo_urls.UrlSettings(rules)
    roots = [m.folder for m in config.mounts if not m.target]
    for case in cases:
        lang = (case.lang or (case.mount.lang if case.mount else None) or site.default_lang) if site else ""
        page = hugo_urls.Page(case.content_path, case.params, case.title, case.date, lang,
                              hugo_urls.sections_of(case.content_path, roots))
        case.url = hugo_urls.page_path(page, settings)


def _terms(config: Config) -> tuple[dict[str, Term], list[Problem]]:
    """The taxonomy's term pages from every folder of the content that holds them (the first one's win)."""
    terms: dict[str, Term] = {}
    problems: list[Problem] = []
    for folder, where, mount in folders_of(config.mounts, config.taxonomy):
        if where != config.taxonomy:  # a folder mounted below the taxonomy: a term's, not the taxonomy's
            continue
        found, said = reader.read_terms(folder, config.lang, mount.folder)
        terms = {**found, **terms}
        problems += said
    return terms, problems
