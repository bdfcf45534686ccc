"""Stage 2: choose case studies and put them in Hugo's order.

Hugo's default page order: weight ascending with unweighted pages (no
weight, 0 or "") last, then date newest first, then linkTitle or title (by
the language's collator), then path.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from . import collation
from .errors import EmptySelection, SelectionError
from .models import CaseStudy, Term

_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def _head(case: CaseStudy) -> tuple:
    """Hugo's order before titles: weight (0, no weight, last), then date, newest first, to the second."""
    return (0 if case.weight != 0 else 1, case.weight,
            -math.floor(case.date.timestamp()) if case.date else float("inf"))


def _tail(case: CaseStudy, collate: Callable[[str], Any]) -> tuple:
    """Then linkTitle else title, raw, by the language's collator (see ``collation``), then the file's
    path (case-insensitive first, as Go's ``compare.LessStrings``)."""
    title = case.sort_title if case.sort_title is not None else case.title
    return collate(title), str(case.path).lower(), str(case.path)


def hugo_order(cases: list[CaseStudy], lang: str | None = None) -> list[CaseStudy]:
    """``cases`` in Hugo's default page order (``.Pages``); titles are compared (and the collator
    loaded) only among pages of equal weight and date."""
    ordered: list[CaseStudy] = []
    for _head_key, run in itertools.groupby(sorted(cases, key=_head), key=_head):
        tied = list(run)
        if len(tied) > 1:
            collate = collation.sort_key(lang)
            tied.sort(key=lambda case: _tail(case, collate))
        ordered += tied
    return ordered


def order_note(cases: list[CaseStudy], lang: str | None) -> str | None:
    """Why titles may be ordered otherwise than by Hugo on this machine, when titles decide the order."""
    heads = [_head(c) for c in cases]
    return collation.note(lang) if len(set(heads)) < len(heads) else None


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
    order: list[CaseStudy] = field(default_factory=list)  # the chosen, in Hugo's order (or the tender's), ungrouped
    notes: list[str] = field(default_factory=list)  # about this machine (the collator), not the content

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
    lang: str | None = None,
    taxonomy: str = "projects",
) -> Selection:
    """Filter and group. Unknown projects or slugs raise ``SelectionError``; nothing left, ``EmptySelection``.

    ``ordered`` keeps the order of ``slugs`` (a tender's chosen references) instead of Hugo's;
    ``max_age_years`` leaves out case studies dated more than that many years before
    ``reference_date`` (default: now); undated ones are kept. ``lang`` is the language whose
    collator orders titles; ``taxonomy`` names the projects' taxonomy in messages.
    """
    wanted = list(dict.fromkeys(re.sub(r"\s+", "-", p.strip().lower()) for p in projects if p.strip()))
    _check_known(cases, terms, wanted, (*slugs, *exclude), taxonomy)
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
    chosen = hugo_order(chosen, lang)
    notes = [n for n in [order_note(chosen, lang)] if n and not (ordered and slugs)]
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
    return Selection(name=name, groups=groups, left_out=left_out, order=chosen, notes=notes)


def _check_known(cases: list[CaseStudy], terms: dict[str, Term], wanted: list[str], slugs: tuple[str, ...],
                 taxonomy: str = "projects") -> None:
    """Raise ``SelectionError`` naming the terms (of ``taxonomy``) and slugs that are not in the content."""
    known = known_projects(cases, terms)
    unknown = [p for p in wanted if p not in known]
    if unknown:
        what = "project" if taxonomy == "projects" else f"{taxonomy} term"
        names = ", ".join(repr(u) for u in unknown)
        raise SelectionError(f"unknown {what} {names}; " + (
            f"known {taxonomy}: {', '.join(known)}" if known else
            f"no page of this section uses the taxonomy {taxonomy!r}"))
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
    since = age_limit(when, max_age_years)
    old = [c for c in chosen if c.date is not None and c.date.replace(tzinfo=None) < since]
    left_out = [f"{c.slug}: dated {c.date:%Y-%m-%d}, more than {max_age_years} years old" for c in old]
    too_old = {c.slug for c in old}
    return [c for c in chosen if c.slug not in too_old], left_out


def age_limit(when: datetime, max_age_years: int) -> datetime:
    """The date (without a zone, as dates are compared) before which a case study is too old at
    ``when``: as many years before, on the same day (28th at most) at the same time."""
    since = when.replace(tzinfo=None)
    return since.replace(year=since.year - max_age_years, day=min(since.day, 28))


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
