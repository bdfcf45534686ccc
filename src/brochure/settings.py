"""The typed options of ``brochure.toml``, of tender manifests and of the command line.

As MkDocs' ``config_options``: each option class checks ONE value and returns it clean, or
raises ``Invalid`` saying what is wrong with it. A ``Reader`` applies the options to a file's
tables and collects every problem, in one shape, ``<key>: <what is wrong>``::

    output.paper: expected one of a4, letter, got "a3"
    limits.layout_seconds: expected a whole number from 1 to 3600, got 0
    output.format: unknown key (known: dir, paper, dpi, svg, downsample)
    --bleed: expected a length such as 3mm (mm, cm, in, pt or px), got "wide"

Values are shown as TOML spells them (``show``). The choices the command line offers
(``PAPERS``, ``PDF_VARIANTS``…) are defined here once. ``Option``, ``Reader``, ``Key``,
``Invalid`` and ``show`` are in ``settings_base``, importable from here. Imports nothing heavy.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .paths import within
from .settings_base import MISSING, Invalid, Key, Option, Reader, key_name, or_list, show  # noqa: F401 (re-exported)

PAPERS = ("a4", "letter")
DPI = (36, 1200)  # the range of output.dpi and --dpi
SCREEN_DPI = 150  # --screen
LANGUAGES = ("fr", "en")  # of the bundled labels (messages/<lang>.toml) and of a tender
# --pdf-variant, output.pdf_variant: "pdf/a-2b+ua-1" is PDF/A-2b and PDF/UA-1 in one file; "none"
# claims no standard and is untagged, the default: tagging makes the brochure 11 to 32 % larger
# and takes 26 to 35 % more memory (docs/performance.md#what-tagging-costs)
PDF_VARIANTS = ("pdf/a-2b+ua-1", "pdf/a-2b", "pdf/a-3b", "pdf/ua-1", "none")
DEFAULT_PDF_VARIANT = "none"
MARKS = {"crop": "crop", "cross": "cross", "both": "crop cross"}  # --marks -> the CSS value
# the summary table's columns (their labels: messages/<lang>.toml); the default ones
SUMMARY_COLUMNS = ("client", "mission", "duration", "year", "amount", "role", "project")
DEFAULT_COLUMNS = ("client", "mission", "duration", "year", "project")
LENGTH_UNITS = ("mm", "cm", "in", "pt", "px")


def standard(variant: str | None) -> str | None:
    """The PDF variant a file is written in: ``variant``, or None for "none"."""
    return None if variant in (None, "none") else variant


_LENGTH = re.compile(rf"([0-9]+(?:\.[0-9]+)?)\s*({'|'.join(LENGTH_UNITS)})", re.ASCII | re.IGNORECASE)

KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
              dict: "a table"}


class Type(Option):
    """A value of a TOML type (or of one of several), as it is; true and false are not numbers."""

    def __init__(self, kind: type | tuple[type, ...], default: Any = None, **kw: Any):
        self.kinds = kind if isinstance(kind, tuple) else (kind,)
        kw.setdefault("expected", " or ".join(KIND_NAMES.get(k, k.__name__) for k in self.kinds))
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if not isinstance(value, self.kinds) or (isinstance(value, bool) and bool not in self.kinds):
            raise self.wrong(value)
        return value


class Text(Option):
    """A string, stripped; an empty one is absent (the default), or a problem if ``required`` or
    ``filled`` (which, unlike ``required``, lets the key be left out)."""

    expected = "a string"

    def __init__(self, default: Any = None, *, filled: bool = False, **kw: Any):
        self.filled = filled
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if not isinstance(value, str):
            raise self.wrong(value)
        if not value.strip():
            if self.required or self.filled:
                raise Invalid("must not be empty")
            return self.default
        return value.strip()


class Choice(Option):
    """One of a few words, in any case; a dict maps each word to the value it stands for."""

    def __init__(self, choices: tuple[str, ...] | dict[str, Any], default: Any = None, **kw: Any):
        self.choices = choices if isinstance(choices, dict) else {c: c for c in choices}
        kw.setdefault("expected", f"one of {', '.join(self.choices)}")
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if isinstance(value, str) and value.strip().lower() in self.choices:
            return self.choices[value.strip().lower()]
        raise self.wrong(value)


class Range(Option):
    """A whole number from ``low`` to ``high``."""

    def __init__(self, low: int, high: int, default: Any = None, **kw: Any):
        self.low, self.high = low, high
        kw.setdefault("expected", f"a whole number from {low} to {high}")
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if not isinstance(value, int) or isinstance(value, bool) or not self.low <= value <= self.high:
            raise self.wrong(value)
        return value


class Name(Option):
    """A plain folder name: not empty, no ``/``, no ``..``, no control characters."""

    expected = "a plain folder name (no / or ..)"

    def check(self, value: Any, key: Key) -> Any:
        if (not isinstance(value, str) or not value.strip() or "/" in value or ".." in value
                or any(ord(c) < 32 for c in value)):
            raise self.wrong(value)
        return value


class FileName(Option):
    """A plain file name ending in ``suffix``: no folders, no ``..``, no spaces around, no control characters."""

    def __init__(self, suffix: str, default: Any = None, **kw: Any):
        self.suffix = suffix
        kw.setdefault("expected", f"a plain file name ending in {suffix} (no folders, no ..)")
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if (not isinstance(value, str) or not value.lower().endswith(self.suffix) or len(value) <= len(self.suffix)
                or "/" in value or "\\" in value or ".." in value or value != value.strip()
                or any(ord(c) < 32 for c in value)):
            raise self.wrong(value)
        return value


class Length(Option):
    """A CSS length such as ``3mm``, written without spaces."""

    expected = f"a length such as 3mm ({or_list(LENGTH_UNITS)})"

    def check(self, value: Any, key: Key) -> Any:
        found = _LENGTH.fullmatch(value.strip()) if isinstance(value, str) else None
        if not found:
            raise self.wrong(value)
        return found[1] + found[2].lower()


COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def is_colour(value: Any) -> bool:
    """Whether ``value`` is a colour written ``#rgb`` or ``#rrggbb`` (nothing else reaches the CSS)."""
    return isinstance(value, str) and COLOUR.fullmatch(value) is not None


class Colour(Option):
    """A colour, ``#rgb`` or ``#rrggbb``, in lower case; an empty string is absent (the default)."""

    expected = "a colour such as #1d65a6 (#rgb or #rrggbb)"

    def check(self, value: Any, key: Key) -> Any:
        if isinstance(value, str) and not value.strip():
            return self.default
        if not is_colour(value.strip() if isinstance(value, str) else value):
            raise self.wrong(value)
        return value.strip().lower()


class Day(Option):
    """A date: a TOML date or a string like 2026-03-15."""

    expected = "a date like 2026-03-15"

    def check(self, value: Any, key: Key) -> Any:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise Invalid(f"no such day: {show(value)}") from None
        raise self.wrong(value)


class TitlePattern(Option):
    """How titles are written, e.g. ``{client} - {mission}``: each ``{name}`` one of ``names`` at most
    once, between them some text to split at; "" (the default) for none."""

    def __init__(self, names: tuple[str, ...], default: Any = "", **kw: Any):
        self.names = names
        kw.setdefault("expected", 'a pattern such as "{client} - {mission}"')
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if not isinstance(value, str):
            raise self.wrong(value)
        if not value.strip():
            return ""
        found = re.findall(r"\{([^{}]*)\}", value)
        unknown = [n for n in found if n not in self.names]
        twice = [n for i, n in enumerate(found) if n in found[:i]]
        if not found:
            raise Invalid(f"no {{name}} in it ({', '.join('{%s}' % n for n in self.names)}): {show(value)}")
        if unknown or twice:
            what = f"{{{unknown[0]}}} is not one of {', '.join(self.names)}" if unknown else f"{{{twice[0]}}} is named twice"
            raise Invalid(f"{what}: {show(value)}")
        if re.search(r"\}\s*\{", value) or any(c in re.sub(r"\{[^{}]*\}", "", value) for c in "{}"):
            raise Invalid(f"two {{names}} need some text between them, and a brace must belong to one: {show(value)}")
        return value.strip()


class Location(Option):
    """A file or folder named relative to the file's folder (``key.root``).

    ``contained``: the file must lie inside the file's folder once resolved (``..``, absolute
    names and links leading elsewhere are refused: a manifest's annexes and logo). ``missing``: a note to warn with
    when it does not exist (the default is then used); without it, a problem. ``blank``: an
    empty string means none (the default).
    """

    what = "file"

    def __init__(self, default: Any = None, *, contained: bool = False, missing: str = "", blank: bool = False,
                 **kw: Any):
        self.contained, self.missing, self.blank = contained, missing, blank
        kw.setdefault("expected", f"a {self.what} path")
        super().__init__(default, **kw)

    def locate(self, value: Any, key: Key) -> tuple[str, Path]:
        if not isinstance(value, str) or not value.strip():
            raise self.wrong(value)
        name = value.strip()
        try:
            named = Path(os.path.normpath(key.root / name)) if self.contained else key.root / value
            path = named.resolve()  # with .. in a contained name already gone, links not followed
            found = path.exists()
            outside = self.contained and found and not within(path, key.root)
        except (OSError, ValueError, RuntimeError) as exc:  # a loop, a NUL, a name too long
            raise Invalid(f"cannot use {show(name)}: {getattr(exc, 'strerror', None) or exc}") from None
        if outside:
            raise Invalid(f"{name} leads to {path}, outside the folder of the file naming it ({key.root}); not read")
        return name, path

    def absent(self, message: str, key: Key) -> Any:
        """Not there (or not usable): a problem, or with ``missing`` a warning and the default."""
        if not self.missing:
            raise Invalid(message)
        key.warn(f"{message}; {self.missing}")
        return self.default

    def shown(self, name: str, path: Path) -> str:
        return name if self.contained or Path(name) == path else f"{name} ({path})"


class File(Location):
    """An existing regular file, of one of ``suffixes`` (the name as written when ``contained``,
    the file it leads to otherwise), starting with ``magic`` bytes when given."""

    def __init__(self, default: Any = None, *, suffixes: tuple[str, ...] = (), kind: str = "file",
                 magic: tuple[bytes, str] | None = None, **kw: Any):
        self.suffixes, self.kind, self.magic = suffixes, kind, magic
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if self.blank and value == "":
            return self.default
        if self.contained:
            self.check_suffix(value if isinstance(value, str) else "", value)
        name, path = self.locate(value, key)
        if not self.contained:
            self.check_suffix(path.name, value)
        if not path.exists():
            return self.absent(f"no such file: {self.shown(name, path)}", key)
        if not path.is_file():
            return self.absent(f"not a regular file: {self.shown(name, path)}", key)
        if self.magic:
            try:
                with path.open("rb") as stream:
                    head = stream.read(len(self.magic[0]))
            except OSError as exc:
                raise Invalid(f"cannot read {name}: {exc.strerror}") from None
            if head != self.magic[0]:
                raise Invalid(f"not {self.magic[1]} (does not start with {self.magic[0].decode()}): {name}")
        return path

    def check_suffix(self, name: str, value: Any) -> None:
        if self.suffixes and isinstance(value, str) and Path(name.strip()).suffix.lower() not in self.suffixes:
            raise Invalid(f"expected a {or_list([s[1:].upper() for s in self.suffixes])} {self.kind}, "
                          f"got {show(value)}")


class Folder(Location):
    """An existing folder (or any path, when ``exists`` is False)."""

    what = "folder"

    def __init__(self, default: Any = None, *, exists: bool = True, **kw: Any):
        self.exists = exists
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        if self.blank and value == "":
            return self.default
        name, path = self.locate(value, key)
        if self.exists and not path.is_dir():
            return self.absent(f"no such folder: {self.shown(name, path)}", key)
        return path


class ListOf(Option):
    """A list whose items are each checked by ``item`` (reported as ``key[n]``, from 1); wrong items
    are left out. ``single``: one item may be written alone; ``unique``: an item listed twice is a
    problem; ``at_least``: what an empty list lacks ("one column")."""

    def __init__(self, item: Option, default: Any = (), *, single: bool = False, unique: bool = False,
                 at_least: str = "", **kw: Any):
        self.item, self.single, self.unique, self.at_least = item, single, unique, at_least
        kw.setdefault("expected", f"a list{' (or one item)' if single else ''}")
        super().__init__(default, **kw)

    def check(self, value: Any, key: Key) -> Any:
        alone = self.single and not isinstance(value, list)
        value = [value] if alone else value
        if not isinstance(value, list):
            raise self.wrong(value)
        if not value and self.at_least:
            raise Invalid(f"expected at least {self.at_least}")
        clean = []
        for number, item in enumerate(value, 1):
            got = key.reader.read(self.item, item, key if alone else key.item(number), failed=None)
            if got is not None:
                clean.append(got)
        if self.unique:
            for twice in dict.fromkeys(v for i, v in enumerate(clean) if v in clean[:i]):
                key.problem(f"{show(twice)} is listed twice")
            clean = list(dict.fromkeys(clean))
        return tuple(clean)


class Table(Option):
    """A table whose keys are the ``options``' (anything else is an unknown key), each value checked
    by its option in the options' order; returns {key: clean value or default}. An absent table
    is read as an empty one (its required keys are missing). ``given_only``: only the keys the
    table has are returned, those with a wrong value left out."""

    if_absent: Any = {}

    def __init__(self, options: dict[str, Option], name: str = "", *, given_only: bool = False, **kw: Any):
        self.options, self.given_only = options, given_only
        kw.setdefault("expected", f"a table [{name}]" if name else "a table")
        super().__init__(None, **kw)
        self.default = {} if given_only else {k: o.default for k, o in options.items()}

    def check(self, value: Any, key: Key) -> Any:
        if not isinstance(value, dict):
            raise self.wrong(value)
        for name in value:
            if name not in self.options:
                sub = key.sub(name)
                hint = "; top-level keys go before the first [table]" if key.name and name in key.reader.top else ""
                sub.problem(f"unknown key (known: {', '.join(self.options)}){hint}")
        if not self.given_only:
            return {name: key.reader.read(option, value.get(name, MISSING), key.sub(name))
                    for name, option in self.options.items()}
        read = {name: key.reader.read(self.options[name], item, key.sub(name), failed=None)
                for name, item in value.items() if name in self.options}
        return {name: item for name, item in read.items() if item is not None}


def read_given(options: dict[str, Option], given: dict[str, Any], reader: Reader,
               flags: dict[str, str] | None = None) -> dict[str, Any]:
    """The command line's values (None: not given) checked by ``options``, each named by its flag
    (``paper`` as ``--paper``, unless ``flags`` says otherwise); values not given stay None.
    Problems go to ``reader``."""
    flags = flags or {}
    return {name: None if given.get(name) is None
            else reader.read(options[name], given[name], flags.get(name, "--" + name.replace("_", "-")))
            for name in options}
