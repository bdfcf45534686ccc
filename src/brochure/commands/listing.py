"""``brochure list``: the selected case studies, in Hugo's order. Never imports WeasyPrint."""

from __future__ import annotations

from typing import Any

from ..config import Config
from .common import Choice, Loaded, load

KEYS = ("slug", "title", "projects", "date", "weight", "draft")


def list_cases(config: Config, choice: Choice) -> tuple[list[dict[str, Any]], Loaded]:
    loaded = load(config, choice)
    rows = [
        {
            "slug": case.slug,
            "title": case.display_title,
            "projects": list(case.projects),
            "date": case.date.isoformat() if case.date else None,
            "weight": case.weight,
            "draft": case.draft,
            "path": str(case.path),
        }
        for case in loaded.cases
    ]
    return rows, loaded
