"""Which case study a problem of a laid-out document belongs to.

Traced from what each case study's HTML holds (its URLs and its namespaced ids), never by
guessing from file names in a message: case studies laid out together in one document each
get only their own problems.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from ..errors import MISSING_GLYPHS
from .prepare import Prepared


def concerned(message: str, items: list[Prepared]) -> list[Prepared]:
    """The case studies a WeasyPrint message is about: those whose HTML holds a URL it names, or
    whose ids (``<slug>/…``) it names; for characters no font has, the one case study holding them."""
    if message.startswith(MISSING_GLYPHS):
        chars = message[len(MISSING_GLYPHS):].split(" (", 1)[0].split()
        holders = [i for i in items if all(c in _text(i) for c in chars)]
        return holders if len(holders) == 1 else []
    return [i for i in items if any(_names(message, url) for url in i.urls) or _names(message, i.case.slug + "/", False)]


def _names(message: str, word: str, whole: bool = True) -> bool:
    """Whether ``message`` holds ``word`` as a whole (not inside a longer URL or name); with ``whole``
    false, as the start of a word (a namespaced id: ``<slug>/…``)."""
    after = r"(?![\w.~+@%-])" if whole else ""
    return bool(word) and re.search(rf"(?<![\w.~+@%/-]){re.escape(word)}{after}", message) is not None


def _holders(url: str, items: list[Prepared]) -> list[str]:
    """The case studies whose HTML holds ``url``: as a URL of theirs, else anywhere in their text
    (a file an SVG inside a ``data:`` URL asks for, say), percent-encoded or not."""
    direct = [i.case.slug for i in items if url in i.urls]
    return direct or [i.case.slug for i in items if any(url in text for text in _texts(i))]


def _texts(item: Prepared) -> tuple[str, str]:
    text = _text(item)
    return text, unquote(text)


def _text(item: Prepared) -> str:
    return "".join(b.html for b in item.blocks) + " ".join(str(v) for v in item.view.values())


def attributed(result: Any, items: list[Prepared]) -> list[tuple[str, list[str]]]:
    """Each problem of a laid-out document with the slugs of the case studies it concerns (none:
    the document's own, e.g. its theme's). A refused resource belongs to the case studies whose
    HTML holds its URL, never to the others laid out beside them."""
    out = [(message, _holders(url, items)) for url, message in result.refused]
    out += [(message, [i.case.slug for i in concerned(message, items)]) for message in result.messages]
    return [(_one_line(message), slugs) for message, slugs in out]


def _one_line(message: str) -> str:
    """A message on one line, its middle left out past 360 characters (WeasyPrint's \"Failed to load
    image at 'data:…'\" quotes the whole URL); the characters themselves kept (missing glyphs)."""
    message = " ".join(message.splitlines())
    return message if len(message) <= 361 else f"{message[:300]}…{message[-60:]}"
