"""Hugo's rules for front-matter values: weight, dates, taxonomy terms, booleans, a key in any
case, a file name's language suffix, and the slug that names a case study's one-pager.

Each rule takes a value as the front matter has it and returns it clean, or raises
``ValueError`` saying what is wrong (``reader`` makes it the file's ``ContentError``).
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any


INT64 = 2 ** 63
_GO_INT = re.compile(r"[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)")


def parse_weight(value: Any) -> int:
    """Hugo's weight, as Go's ``cast.ToInt`` reads it: a whole number; a float cut to its whole part;
    true 1; a string in Go's syntax (``"12"``, ``"3.0"``, ``"0x10"``; a leading 0 is octal).
    Empty and 0 mean 'no weight'. What Hugo cannot read (``"abc"``, ``" 7 "``, a list) raises
    ``ValueError``: Hugo publishes such a page with weight 0."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and math.isfinite(value) and abs(value) < INT64:
        return int(value)
    if isinstance(value, str):
        text = re.sub(r"(?<=\d)\.0+$", "", value)  # cast's trimZeroDecimal: "3.00" is 3
        if _GO_INT.fullmatch(text):
            digits = text.replace("_", "")
            octal = re.fullmatch(r"([+-]?)0([0-7]+)", digits)
            value = int(octal.group(1) + octal.group(2), 8) if octal else int(digits, 0)
    if isinstance(value, int) and -INT64 <= value < INT64:
        return value
    raise ValueError(f"weight {_shown(value)} is not a number Hugo reads")


_GO_LAYOUTS = (  # Go's cast.ToTime layouts that are not ISO 8601 (fromisoformat reads those)
    "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%a, %d %b %Y %H:%M:%S %z", "%d %b %y %H:%M %z",
    "%A, %d-%b-%y %H:%M:%S %z", "%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y", "%d %b %Y",
)


def parse_date(value: Any, key: str = "date") -> datetime | None:
    """A date as Hugo reads it: a date or datetime, ISO 8601 text (with or without a zone: a date
    alone is UTC midnight), Go's other layouts (``Mon, 02 Jan 2006 15:04:05 MST``, ``02 Jan 2006``),
    or a number of seconds since 1970. What Hugo cannot read raises ``ValueError``: Hugo publishes
    such a page undated."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e11:
        return datetime.fromtimestamp(value, timezone.utc)
    if isinstance(value, str):
        text = re.sub(r" [A-Z]{3,5}(?= \d{4}$|$)", " +0000", value.strip())  # a zone name: UTC, as in Go
        parsed = None
        if re.match(r"\d{4}-\d{2}-\d{2}", text):  # ISO 8601 as Go writes it (not 20240331)
            with contextlib.suppress(ValueError):
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        for layout in _GO_LAYOUTS if parsed is None else ():
            with contextlib.suppress(ValueError):
                parsed = datetime.strptime(text, layout)
                break
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise ValueError(f"{key} {_shown(value)} is not a date Hugo reads (write 2024-03-31 or 2024-03-31T10:00:00+01:00)")


def go_string(value: Any) -> str | None:
    """A value as Go's ``cast.ToString`` makes it text (how Hugo reads a title or a slug): text as it is,
    a number as Go prints it, true or false; ``None`` for what Hugo makes empty (a list, a table)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return None


def parse_terms(value: Any, key: str) -> tuple[list[str], list[str]]:
    """Taxonomy terms as Hugo keys them (see :func:`term_key`). A lone string is one term, as in
    Hugo; numbers and booleans are names too. A value that is neither raises ``ValueError``
    (Hugo gives the page no term); an item that is not a name is left out with a note."""
    notes: list[str] = []
    if value is None or value == "":
        return [], notes
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{key} {_shown(value)} is not a list of names")
    terms = []
    for item in value:
        text = go_string(item)
        if text is None:
            notes.append(f"{key}: {_shown(item)} is not a name; left out, as Hugo does")
        elif term_key(text) and term_key(text) not in terms:
            terms.append(term_key(text))
    return terms, notes


def term_key(name: str) -> str:
    """A taxonomy term as Hugo keys it (and names its folder): by Hugo's urlize (spaces as hyphens,
    punctuation dropped), lower-cased."""
    return _urlize(name.strip()).lower()


def parse_bool(value: Any, key: str) -> bool:
    """true or false as Go's ``cast.ToBool`` reads it (``"true"``, ``"T"``, ``"1"``, a number not 0…);
    anything else raises ``ValueError`` (Hugo reads it as false)."""
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str) and value in ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"):
        return value in ("1", "t", "T", "TRUE", "true", "True")
    raise ValueError(f"{key} {_shown(value)} is not true or false as Hugo reads them")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def split_lang(stem: str, languages: frozenset[str] | set[str] = frozenset()) -> tuple[str, str | None]:
    """``x.en`` -> (``x``, ``en``) when ``en`` is a configured language."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and suffix.lower() in languages:
        return base, suffix.lower()
    return stem, None


MAX_SLUG_BYTES = 120  # a one-pager's file name, before ".pdf": well under every file system's 255
_WINDOWS_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\..*)?")


def _urlize(text: str) -> str:
    """Hugo's ``UnicodeSanitize``: letters, marks, digits and ``. _ + ~ - @ / \\`` are kept, a run
    of spaces between kept characters becomes one hyphen, everything else is dropped."""
    out: list[str] = []
    hyphen_wanted = was_hyphen = False
    for char in text:
        category = unicodedata.category(char)
        if char in "._+~-@/\\" or category[0] in "LM" or category == "Nd":
            was_hyphen = char == "-"
            if hyphen_wanted and not was_hyphen:
                out.append("-")
            hyphen_wanted = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            hyphen_wanted = True
    return "".join(out)


def safe_slug(text: str) -> str:
    """A slug that is a safe file name and anchor, by Hugo's ``urlize`` rule (:func:`_urlize`).

    Then, for a file name: the steps of a path (which Hugo keeps as folders) are joined by
    hyphens, without ``.`` and ``..``; a run of dots is one dot, and no dot or hyphen leads or
    ends the name (Hugo may end a URL with a hyphen, from a trailing space); names Windows
    reserves (``con``, ``nul``, ``com1``…, with any extension) get a hyphen after that word, and the name is cut at
    ``MAX_SLUG_BYTES`` bytes of UTF-8. Control characters and NUL are never kept. An empty
    result is ``""``: the caller falls back to the file's name.
    """
    parts = re.split(r"[/\\]", unicodedata.normalize("NFC", text))
    text = "-".join(p for p in parts if p.strip(" .") != "")  # no "." or ".." step is kept
    slug = re.sub(r"\.{2,}", ".", _urlize(text)).strip(".-")  # no hidden file, no name read as an option
    if _WINDOWS_RESERVED.fullmatch(slug):  # "lpt1.txt-.pdf" is still LPT1 to Windows: the hyphen goes before the dot
        stem, dot, rest = slug.partition(".")
        slug = f"{stem}-{dot}{rest}"
    data = slug.encode("utf-8")
    if len(data) > MAX_SLUG_BYTES:
        slug = data[:MAX_SLUG_BYTES].decode("utf-8", "ignore").rstrip(".-")
    return slug


@dataclass(frozen=True)
class UrlRules:
    """The site settings Hugo's URLs follow: ``removePathAccents`` (``é`` becomes ``e``) and
    ``disablePathToLower`` (keep capitals)."""

    remove_accents: bool = False
    keep_case: bool = False

    def path(self, text: str) -> str:
        """``text`` as Hugo makes it a step of a page's URL (before :func:`safe_slug`)."""
        if self.remove_accents:
            text = unicodedata.normalize("NFC", "".join(
                c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"))
        return text if self.keep_case else text.lower()

    def step(self, text: str) -> str:
        """``text`` as a step of a page's URL on the site: :meth:`path`, then Hugo's urlize."""
        return _urlize(self.path(text))


def slug_for(path: Path, meta: dict[str, Any], languages: frozenset[str] | set[str] = frozenset(),
             rules: UrlRules = UrlRules()) -> str:
    """The case study's slug, the last step of its URL on the site made a safe file name by
    :func:`safe_slug`: the last step of its ``url`` front matter (as written), else its ``slug``,
    else its file (or bundle folder) name, both as Hugo puts them in a URL (:class:`UrlRules`)."""
    stem, _lang = split_lang(path.stem, languages)
    name = path.parent.name if stem == "index" else stem  # a page bundle: name/index.md
    url = go_string(lookup(meta, "url")) or ""
    steps = [s for s in re.split(r"[?#]", url)[0].split("/") if s.strip()]
    if steps and safe_slug(re.sub(r"(?i)\.html?$", "", steps[-1])):
        return safe_slug(re.sub(r"(?i)\.html?$", "", steps[-1]))
    slug = go_string(lookup(meta, "slug"))
    if slug and safe_slug(rules.path(slug)):
        return safe_slug(rules.path(slug))
    return safe_slug(rules.path(name)) or "case"


def lookup(meta: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` present, compared case-insensitively as Hugo does."""
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in keys:
        if key.lower() in lowered:
            return lowered[key.lower()]
    return None


# --- a page's featured picture, its text kept in front matter, a section's own title ----------


def lookup_path(meta: dict[str, Any], key: str) -> Any:
    """``key`` as :func:`lookup` finds it; else, for a key with dots that is not itself a key
    (``card.summary``), each step looked up in the table the step before gives, as Hugo's
    ``.Param "card.summary"`` does."""
    value = lookup(meta, key)
    if value is not None or "." not in key.strip("."):
        return value
    for step in key.split("."):
        if not isinstance(meta, dict):
            return None
        meta = lookup(meta, step)
    return meta


_GLOB_SPECIAL = re.compile(r"\*\*|\*|\?|\[!?[^\]]*\]|\{[^{}]*\}|\\.")


def _glob_regex(pattern: str) -> str:
    out, at = [], 0
    for m in _GLOB_SPECIAL.finditer(pattern):
        out.append(re.escape(pattern[at:m.start()]))
        token, at = m.group(), m.end()
        if token == "**":
            out.append(".*")
        elif token == "*":
            out.append("[^/]*")
        elif token == "?":
            out.append("[^/]")
        elif token[0] == "[":
            negated = token[1] == "!"
            body = token[2 if negated else 1:-1].replace("\\", "\\\\").replace("^", "\\^")
            out.append(f"[{'^' if negated else ''}{body}]")
        elif token[0] == "{":
            out.append("(?:" + "|".join(_glob_regex(p) for p in token[1:-1].split(",")) + ")")
        else:
            out.append(re.escape(token[1]))
    return "".join(out) + re.escape(pattern[at:])


def glob_match(pattern: str, name: str) -> bool:
    """Hugo's resource glob (``Resources.GetMatch``, ``resources`` front matter): case-insensitive;
    ``*`` and ``?`` stop at ``/``, ``**`` does not; ``{a,b}`` and ``[ab]`` as usual."""
    if len(pattern) > 256 or pattern.count("*") > 8:  # no pattern Hugo's sites write: not matched, in bounded time
        return False
    try:
        return re.fullmatch(_glob_regex(pattern.lower()), name.lower()) is not None
    except re.error:
        return False


def resource_names(files: list[str], meta: dict[str, Any]) -> dict[str, str]:
    """Each of a bundle's ``files`` (paths relative to it, with ``/``) -> its resource name: its
    path, unless an entry of the ``resources`` front matter whose ``src`` glob matches it first
    gives a ``name`` (``:counter`` counting that entry's matches from 1), as Hugo assigns them."""
    entries = lookup(meta, "resources")
    entries = [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    counters: dict[int, int] = {}
    names = {}
    for file in sorted(files):
        names[file] = file
        for index, entry in enumerate(entries):
            src, name = lookup(entry, "src"), lookup(entry, "name")
            if isinstance(src, str) and isinstance(name, (str, int)) and glob_match(src, file):
                name = str(name)
                if ":counter" in name:
                    counters[index] = counters.get(index, 0) + 1
                    name = name.replace(":counter", str(counters[index]))
                names[file] = name
                break
    return names


FEATURED = ("*feature*", "{*cover*,*thumbnail*}")  # Hugo's opengraph.html and twitter_cards.html


def featured_resource(names: dict[str, str]) -> str | None:
    """The file Hugo's own Open Graph and Twitter templates feature among a bundle's images
    (``names``: file -> resource name): the first by name matching ``*feature*``, else the first
    matching ``*cover*`` or ``*thumbnail*``."""
    ordered = sorted(names.items(), key=lambda item: item[1])
    for pattern in FEATURED:
        found = next((file for file, name in ordered if glob_match(pattern, name)), None)
        if found is not None:
            return found
    return None


_UNCHANGED = {"news", "series", "species", "information", "equipment", "software", "feedback", "data", "media"}
_IRREGULAR = {"person": "people", "man": "men", "woman": "women", "child": "children", "quiz": "quizzes"}


def section_title(name: str, pluralize: bool = True) -> str:
    """The title Hugo gives a section without one of its own (no ``_index.md`` title): the folder's
    name, first letter upper-cased, then (``pluralizeListTitles``, true by default) made plural by
    English rules, as Hugo 0.111 does: ``work`` -> Works, ``case-study`` -> Case-studies,
    ``realisations`` -> Realisations."""
    title = name[:1].upper() + name[1:]
    if not pluralize or not title:
        return title
    word = re.split(r"[\s_-]", title)[-1]
    lower = word.lower()
    if lower in _UNCHANGED or not lower.isalpha():
        return title
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
    elif lower.endswith("is"):
        plural = lower[:-2] + "es"
    elif lower.endswith(("ss", "x", "z", "ch", "sh")):
        plural = lower + "es"
    elif lower.endswith("s"):
        return title  # already plural (references, réalisations, études de cas)
    elif lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        plural = lower[:-1] + "ies"
    else:
        plural = lower + "s"
    plural = word[0] + plural[1:] if word[:1].isupper() else plural
    return title[: len(title) - len(word)] + plural
