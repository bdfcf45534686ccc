"""``brochure serve``: the bid desk, a local web application where a salesperson picks the
references of a tender, sees the pages and downloads the bid (see docs/serve.md).

Its dependencies are the optional extra ``serve`` (Starlette, uvicorn, Jinja, tomlkit,
watchfiles, pypdfium2, python-multipart); htmx and SortableJS ship in ``static/``."""

from __future__ import annotations

MISSING = "brochure serve needs its extra: pip install 'brochure[serve]'"


def missing_dependency() -> str | None:
    """The one line to print when the extra is not installed, else None."""
    import importlib.util

    for module in ("starlette", "uvicorn", "tomlkit", "watchfiles", "pypdfium2", "multipart", "jinja2"):
        if importlib.util.find_spec(module) is None:
            return f"{MISSING} ({module} is missing)"
    return None
