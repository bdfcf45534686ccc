"""A tender manifest (``manifest.py``) turned into what ``build`` takes: the selection, the
options and the brochure's tender part. Options given on the command line win."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from ..manifest import Manifest
from .build import BuildOptions, Tender
from .common import Choice


def tender(manifest: Manifest) -> Tender:
    when = manifest.date
    return Tender(
        title=manifest.title,
        buyer=manifest.buyer.name,
        buyer_logo=manifest.buyer.logo,
        reference=manifest.reference or "",
        date=datetime(when.year, when.month, when.day, tzinfo=timezone.utc) if when else None,
        introduction=manifest.introduction or "",
        annexes=tuple((a.file, a.title) for a in manifest.annexes),
        file=manifest.output.file,
        language=manifest.language,
        folder=manifest.folder,
        columns=manifest.summary.columns if manifest.summary else Tender.columns,
        labels=tuple(manifest.summary.labels.items()) if manifest.summary else (),
        duration_field=manifest.summary.duration_field if manifest.summary else "",
    )


def apply(manifest: Manifest, choice: Choice, options: BuildOptions, given: set[str]) -> tuple[Choice, BuildOptions]:
    """The manifest's selection and options; those named in ``given`` (set on the command line) are kept."""
    picked = manifest.selection
    bid = tender(manifest)
    choice = replace(
        choice,
        projects=choice.projects or picked.projects,
        cases=choice.cases or picked.cases,
        exclude=tuple(dict.fromkeys(choice.exclude + picked.exclude)),
        ordered=bool(picked.cases) and not choice.cases,
        max_age_years=picked.max_age_years,
        reference_date=bid.date,
    )
    options = replace(
        options,
        tender=bid,
        paper=options.paper if "paper" in given else (manifest.output.paper or options.paper),
        pdf_variant=options.pdf_variant if "pdf_variant" in given else (manifest.output.pdf_variant or options.pdf_variant),
        one_pagers=options.one_pagers if "one_pagers" in given else manifest.output.one_pagers,
    )
    return choice, options
