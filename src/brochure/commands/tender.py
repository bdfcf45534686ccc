"""What ``brochure build`` is asked for: the command line's values and, with ``--manifest``, a tender
manifest's (``manifest.py``): the selection, the options and the brochure's tender part.

A value given on the command line wins; None means not given, and then the manifest's value is
used, else ``BuildOptions``' default. Every value is checked by the options of ``settings.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..config import Config, from_command_line
from ..errors import ConfigError
from ..manifest import Manifest, load_manifest
from ..settings import MARKS, PAPERS, PDF_VARIANTS, Choice as OneOf, Folder, Length, Reader, read_given
from .common import Choice
from .options import BuildOptions, Tender

# the build options of the command line that need more than click's parsing
GIVEN = {"paper": OneOf(PAPERS), "pdf_variant": OneOf(PDF_VARIANTS), "bleed": Length(), "marks": OneOf(MARKS),
         "out_dir": Folder(exists=False)}
FROM_MANIFEST = ("paper", "pdf_variant", "one_pagers")  # options a manifest may set


def request(choice: Choice, configuration: dict[str, Any], given: dict[str, Any],
            manifest_path: Path | None = None) -> tuple[Config, BuildOptions]:
    """The configuration and the options of one build. ``configuration``: the arguments of
    ``config.from_command_line``; ``given``: ``BuildOptions`` fields (None: not given)."""
    reader = Reader()
    given = {**given, **read_given(GIVEN, given, reader, flags={"out_dir": "--out"})}
    if reader.problems:
        raise ConfigError(reader.problems)
    manifest = load_manifest(manifest_path) if manifest_path else None
    if manifest is not None and configuration.get("site") and not configuration.get("lang"):
        configuration = {**configuration, "lang": manifest.language}  # the site's language of the bid
    config = from_command_line(**configuration)
    options = BuildOptions(choice=choice, **{name: value for name, value in given.items() if value is not None})
    if manifest is not None:
        choice, options = apply(manifest, choice, options, given)
        options = replace(options, choice=choice)
    return config, options


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
        columns=manifest.summary.columns if manifest.summary else None,
        labels=tuple(manifest.summary.labels.items()) if manifest.summary else (),
        duration_field=(manifest.summary.duration_field if manifest.summary else None) or "",
        introduction_title=manifest.introduction_title or "",
    )


def apply(manifest: Manifest, choice: Choice, options: BuildOptions,
          given: dict[str, Any]) -> tuple[Choice, BuildOptions]:
    """The manifest's selection and options; an option ``given`` (not None) on the command line is kept."""
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
    taken = {name: getattr(manifest.output, name) for name in FROM_MANIFEST if given.get(name) is None}
    # paper and variant: the manifest's when it names one, else the options' (the configuration's)
    taken = {name: value for name, value in taken.items() if value is not None}
    return choice, replace(options, tender=bid, **taken)
