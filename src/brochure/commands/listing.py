"""``brochure list``: the selected case studies, in Hugo's order (the brochure groups them by
project, keeping that order within each). Never imports WeasyPrint.

It takes the one path ``check`` and ``build`` take to the case studies (``common.load``): the same
selection, the same order, the same problems from reading them; what only preparing them finds
(Markdown, images) is ``check``'s."""

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
        for case in loaded.selection.order
    ]
    return rows, loaded
