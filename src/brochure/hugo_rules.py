"""Hugo's rules for front-matter values: weight, dates, taxonomy terms, booleans, a key in any
case, a file name's language suffix, and the slug that names a case study's one-pager.

Each rule takes a value as the front matter has it and returns it clean, or raises
``ValueError`` saying what is wrong (``reader`` makes it the file's ``ContentError``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any


def parse_weight(value: Any) -> int:
    """Hugo weight: int, numeric string or "" (empty and 0 mean 'no weight')."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(f"weight must be a number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise ValueError(f"weight must be a whole number, not {value!r}")


def parse_date(value: Any) -> datetime | None:
    """A date or datetime, with or without a zone; a date alone is UTC midnight."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=timezone.utc)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            raise ValueError(f"date {value!r} is not a valid date (use 2024-03-31 or 2024-03-31T10:00:00+01:00)") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise ValueError(f"date must be a date, not {type(value).__name__} {value!r}")


def parse_terms(value: Any, key: str) -> tuple[list[str], list[str]]:
    """A list of taxonomy terms, lower-cased as Hugo matches them. A lone string is one term."""
    notes = []
    if value is None or value == "":
        return [], notes
    if isinstance(value, str):
        notes.append(f"{key} should be a list; read {value!r} as [{value!r}]")
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list of names, not {type(value).__name__}")
    terms = []
    for item in value:
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            raise ValueError(f"{key} must be a list of names, found {item!r}")
        name = term_key(str(item))
        if name and name not in terms:
            terms.append(name)
    return terms, notes


def term_key(name: str) -> str:
    """A taxonomy term as Hugo matches it: lower-cased, spaces as hyphens."""
    return re.sub(r"\s+", "-", name.strip().lower())


def parse_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"{key} must be true or false, not {value!r}")


def split_lang(stem: str, languages: frozenset[str] | set[str] = frozenset()) -> tuple[str, str | None]:
    """``x.en`` -> (``x``, ``en``) when ``en`` is a configured language."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and suffix.lower() in languages:
        return base, suffix.lower()
    return stem, None


MAX_SLUG_BYTES = 120  # a one-pager's file name, before ".pdf": well under every file system's 255
_WINDOWS_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\..*)?")


def safe_slug(text: str) -> str:
    """A slug that is a safe file name and anchor, by Hugo's ``urlize`` rule.

    As Hugo's ``UnicodeSanitize``: letters, marks, digits and ``. _ + ~ - @`` are kept, a run of
    spaces between kept characters becomes one hyphen, everything else is dropped. Then, for a
    file name: the steps of a path (which Hugo keeps as folders) are joined by hyphens, without
    ``.`` and ``..``; a run of dots is one dot, and no dot or hyphen leads or ends the name; names Windows reserves
    (``con``, ``nul``, ``com1``…) get a trailing hyphen, and the name is cut at
    ``MAX_SLUG_BYTES`` bytes of UTF-8. Control characters and NUL are never kept. An empty
    result is ``""``: the caller falls back to the file's name.
    """
    parts = re.split(r"[/\\]", unicodedata.normalize("NFC", text))
    text = "-".join(p for p in parts if p.strip(" .") != "")  # no "." or ".." step is kept
    out: list[str] = []
    hyphen_wanted = was_hyphen = False
    for char in text:
        category = unicodedata.category(char)
        if char in "._+~-@" or category[0] in "LM" or category == "Nd":
            was_hyphen = char == "-"
            if hyphen_wanted and not was_hyphen:
                out.append("-")
            hyphen_wanted = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            hyphen_wanted = True
    slug = re.sub(r"\.{2,}", ".", "".join(out)).strip(".-")  # no hidden file, no name read as an option
    if _WINDOWS_RESERVED.fullmatch(slug):
        slug += "-"
    data = slug.encode("utf-8")
    if len(data) > MAX_SLUG_BYTES:
        slug = data[:MAX_SLUG_BYTES].decode("utf-8", "ignore").rstrip(".-")
    return slug


def slug_for(path: Path, meta: dict[str, Any], languages: frozenset[str] | set[str] = frozenset()) -> str:
    """The case study's slug: its ``slug`` front matter, else its file (or bundle folder) name,
    made a safe file name by :func:`safe_slug`."""
    stem, _lang = split_lang(path.stem, languages)
    name = path.parent.name if stem == "index" else stem  # a page bundle: name/index.md
    slug = lookup(meta, "slug")
    if isinstance(slug, (str, int)) and not isinstance(slug, bool) and safe_slug(str(slug)):
        return safe_slug(str(slug))
    return safe_slug(name) or "case"


def lookup(meta: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` present, compared case-insensitively as Hugo does."""
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in keys:
        if key.lower() in lowered:
            return lowered[key.lower()]
    return None
