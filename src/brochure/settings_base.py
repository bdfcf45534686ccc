"""What every typed option of ``settings`` is built on (as MkDocs' ``config/base.py``).

``Option``: the type and rules of one value. ``Reader``: applies options to values and collects
every problem, in one shape, ``<key>: <what is wrong>``. ``Key``: where the problems about one
key go. ``Invalid``: what is wrong with one value. ``show``: a value as TOML spells it, for
messages. All importable from ``settings`` too. Imports nothing heavy.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()  # a key the file does not have


def show(value: Any) -> str:
    """A value as the user wrote it, in TOML spelling, on one short line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '…"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        text = json.dumps(value, ensure_ascii=False, default=str)
        return "a list" if len(text) > 60 else text
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:56] + "…"


def key_name(key: Any) -> str:
    """A key of the file as it can be printed: quoted when it is not a bare TOML key."""
    key = str(key)
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,60}", key) else show(key)


def or_list(names: tuple[str, ...] | list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class Invalid(ValueError):
    """What is wrong with one value; whoever reads it adds the key."""


class Key:
    """One key of the file being read: where the problems and warnings about its value go."""

    def __init__(self, reader: Reader, name: str):
        self.reader, self.name, self.root = reader, name, reader.root

    def sub(self, key: Any) -> Key:
        return Key(self.reader, f"{self.name}.{key_name(key)}" if self.name else key_name(key))

    def item(self, number: int) -> Key:  # numbered from 1, as the user counts
        return Key(self.reader, f"{self.name}[{number}]")

    def problem(self, message: str) -> None:
        self.reader.problems.append(f"{self.name}: {message}")

    def warn(self, message: str) -> None:
        self.reader.warnings.append(f"{self.name}: {message}")


class Reader:
    """Reads values with their options, collecting every problem (and warning) in one shape.

    ``root``: the folder relative paths are read from (the file's). ``top``: the file's
    top-level keys, for the hint when one is written inside a table.
    """

    def __init__(self, root: Path | None = None, top: tuple[str, ...] = ()):
        self.root = root or Path.cwd()
        self.top = top
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def read(self, option: Option, value: Any, key: str | Key, failed: Any = MISSING) -> Any:
        """``value`` checked by ``option``: clean, or once the problem is noted ``failed`` (default:
        the option's default)."""
        key = key if isinstance(key, Key) else Key(self, key)
        value = option.if_absent if value is MISSING else value
        try:
            if value is MISSING and option.required:
                raise Invalid("missing (required)")
            return option.default if value is MISSING else option.check(value, key)
        except Invalid as exc:
            key.problem(str(exc))
            return option.default if failed is MISSING else failed


class Option:
    """The type and rules of one value; ``default`` when it is absent or wrong."""

    expected = "a value"
    if_absent: Any = MISSING  # what an absent value is read as (MISSING: the default, unchecked)

    def __init__(self, default: Any = None, *, required: bool = False, expected: str | None = None):
        self.default, self.required = default, required
        if expected:
            self.expected = expected

    def check(self, value: Any, key: Key) -> Any:
        """The clean value, or raise ``Invalid``."""
        return value

    def wrong(self, value: Any) -> Invalid:
        return Invalid(f"expected {self.expected}, got {show(value)}")
