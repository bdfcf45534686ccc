"""Stage 2: choose case studies and put them in Hugo's order.

Hugo's default page order: weight ascending with unweighted pages (no
weight, 0 or "") last, then date newest first, then title, then path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from .errors import EmptySelection, SelectionError
from .models import CaseStudy, Term

_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def _collate(text: str) -> tuple[str, str]:
    """Close to Hugo's language-aware title order: accents count only to break ties."""
    folded = text.strip().casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return bare, folded


def hugo_key(case: CaseStudy) -> tuple:
    weighted = case.weight != 0
    when = case.date or _OLDEST
    link_title = case.param("linkTitle")
    title = link_title if isinstance(link_title, str) and link_title.strip() else case.title
    return (
        0 if weighted else 1,
        case.weight,
        -when.timestamp() if case.date else float("inf"),
        _collate(title),
        str(case.path),
    )


def hugo_order(cases: list[CaseStudy]) -> list[CaseStudy]:
    return sorted(cases, key=hugo_key)


@dataclass
class Group:
    """The case studies shown under one project in the brochure."""

    term: Term | None  # None: case studies with no selected project
    cases: list[CaseStudy] = field(default_factory=list)


@dataclass
class Selection:
    name: str  # used for the brochure's file name
    groups: list[Group]
    left_out: list[str] = field(default_factory=list)  # why some case studies were left out

    @property
    def cases(self) -> list[CaseStudy]:
        return [c for g in self.groups for c in g.cases]


def known_projects(cases: list[CaseStudy], terms: dict[str, Term]) -> list[str]:
    return sorted(set(terms) | {p for c in cases for p in c.projects})


def select(
    cases: list[CaseStudy],
    terms: dict[str, Term],
    projects: list[str] | tuple[str, ...] = (),
    slugs: list[str] | tuple[str, ...] = (),
    drafts: bool = False,
    default_name: str = "references",
    default_color: str = "#2f4858",
    future: bool = False,
    expired: bool = False,
    now: datetime | None = None,
    exclude: list[str] | tuple[str, ...] = (),
    ordered: bool = False,
    max_age_years: int | None = None,
    reference_date: datetime | None = None,
) -> Selection:
    """Filter and group. Unknown projects or slugs raise ``SelectionError``; nothing left, ``EmptySelection``.

    ``ordered`` keeps the order of ``slugs`` (a tender's chosen references) instead of Hugo's;
    ``max_age_years`` leaves out case studies dated more than that many years before
    ``reference_date`` (default: now); undated ones are kept.
    """
    wanted = list(dict.fromkeys(re.sub(r"\s+", "-", p.strip().lower()) for p in projects if p.strip()))
    _check_known(cases, terms, wanted, (*slugs, *exclude))
    now = now or datetime.now(timezone.utc)
    chosen = [c for c in cases if _published(c, now, drafts, future, expired)]
    if wanted:
        chosen = [c for c in chosen if any(p in wanted for p in c.projects)]
    if slugs:
        chosen = [c for c in chosen if c.slug in slugs]
    chosen = [c for c in chosen if c.slug not in exclude]
    left_out = []
    if max_age_years is not None:
        chosen, left_out = _recent(chosen, max_age_years, reference_date or now)
    chosen = hugo_order(chosen)
    if ordered and slugs:
        position = {slug: index for index, slug in reversed(list(enumerate(slugs)))}  # a slug's first place
        chosen.sort(key=lambda c: position[c.slug])
    if not chosen:
        raise _nothing_selected(wanted, drafts, future, expired)

    def term(name: str) -> Term:
        return terms.get(name) or Term(name=name, title=name.replace("-", " ").capitalize(), color=default_color)

    # Each case study appears once, under the first selected project it belongs to.
    order = wanted or list(dict.fromkeys(p for c in chosen for p in c.projects[:1]))
    name = "+".join(wanted) if wanted else default_name
    groups = _runs(chosen, order, term) if ordered and slugs else _by_project(chosen, order, term)
    return Selection(name=name, groups=groups, left_out=left_out)


def _check_known(cases: list[CaseStudy], terms: dict[str, Term], wanted: list[str], slugs: tuple[str, ...]) -> None:
    """Raise ``SelectionError`` naming the projects and slugs that are not in the content."""
    known = known_projects(cases, terms)
    unknown = [p for p in wanted if p not in known]
    if unknown:
        raise SelectionError(
            f"unknown project {', '.join(repr(u) for u in unknown)}; known projects: {', '.join(known) or 'none'}"
        )
    by_slug = {c.slug: c for c in cases}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        raise SelectionError(
            f"unknown case study {', '.join(repr(m) for m in missing)}; see 'brochure list' for the slugs"
        )


def _published(c: CaseStudy, now: datetime, drafts: bool, future: bool, expired: bool) -> bool:
    """Not a draft, already published and not expired at ``now`` (unless the flags include them)."""
    return (drafts or not c.draft) and (future or not c.publish_date or c.publish_date <= now) and (
        expired or not c.expiry_date or c.expiry_date > now)


def _recent(chosen: list[CaseStudy], max_age_years: int, when: datetime) -> tuple[list[CaseStudy], list[str]]:
    """(the case studies dated at most ``max_age_years`` before ``when``, why the others are left out)."""
    since = when.replace(tzinfo=None)
    since = since.replace(year=since.year - max_age_years, day=min(since.day, 28))
    old = [c for c in chosen if c.date is not None and c.date.replace(tzinfo=None) < since]
    left_out = [f"{c.slug}: dated {c.date:%Y-%m-%d}, more than {max_age_years} years old" for c in old]
    too_old = {c.slug for c in old}
    return [c for c in chosen if c.slug not in too_old], left_out


def _nothing_selected(wanted: list[str], drafts: bool, future: bool, expired: bool) -> EmptySelection:
    what = f"project {', '.join(wanted)}" if wanted else "the content"
    hidden = [flag for flag, on in (("--drafts", drafts), ("--future", future), ("--expired", expired)) if not on]
    return EmptySelection(f"no case study selected from {what} (drafts, future and expired pages are left out; "
                          f"{', '.join(hidden) or 'nothing'} would include them)")


def _home(case: CaseStudy, order: list[str]) -> str | None:
    """The first project of ``order`` the case study belongs to."""
    return next((p for p in order if p in case.projects), None)


def _runs(chosen: list[CaseStudy], order: list[str], term: Callable[[str], Term]) -> list[Group]:
    """The chosen order kept: a new group each time the project changes."""
    runs: list[Group] = []
    for case in chosen:
        home = _home(case, order)
        group_term = term(home) if home else None
        if not runs or (runs[-1].term.name if runs[-1].term else None) != home:
            runs.append(Group(group_term))
        runs[-1].cases.append(case)
    return runs


def _by_project(chosen: list[CaseStudy], order: list[str], term: Callable[[str], Term]) -> list[Group]:
    """One group per project in ``order``, then the case studies of none."""
    groups = {project: Group(term(project)) for project in order}
    loose = Group(None)
    for case in chosen:
        home = _home(case, order)
        (groups[home] if home else loose).cases.append(case)
    return [g for g in groups.values() if g.cases] + ([loose] if loose.cases else [])
