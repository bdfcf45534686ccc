"""The built-in theme's folders and the templates' message catalogues (part of stage 0)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .paths import outside_message, within
from .settings import LANGUAGES


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's table; ``ConfigError`` (one line, naming the file) if it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from None


MESSAGE_LANGUAGES = LANGUAGES  # the bundled message catalogues


def messages(lang: str, templates_dirs: tuple[Path, ...]) -> dict[str, Any]:
    """The labels of the templates in ``lang`` (French or English; English for any other).

    Read from ``messages/<lang>.toml`` in each templates folder, the later ones (a theme's)
    overriding the earlier ones (brochure's own).
    """
    code = lang[:2].lower() if lang[:2].lower() in MESSAGE_LANGUAGES else "en"
    found: dict[str, Any] = {}
    for folder in templates_dirs:
        catalogue = Path(folder) / "messages" / f"{code}.toml"
        if catalogue.is_file():
            if not within(catalogue, folder):
                raise ConfigError(outside_message(catalogue, f"the templates folder {folder}"), catalogue)
            found.update(read_toml(catalogue))
    return found


def builtin_theme() -> tuple[Path, Path]:
    """The templates and styles folders shipped with brochure.

    In a wheel they are package data beside this module; in a source
    checkout (editable install) they are at the repository root.
    """
    here = Path(__file__).resolve().parent
    for base in (here, here.parent.parent):
        if (base / "templates").is_dir() and (base / "styles").is_dir():
            return base / "templates", base / "styles"
    raise ConfigError(f"brochure's own templates and styles are missing (looked in {here})")
