"""Hugo's title order: titles compared as Hugo compares them, with the Unicode Collation Algorithm.

Hugo orders pages of equal weight and date by their ``linkTitle`` (else ``title``), raw (a
leading space or punctuation counts), with Go's collator for the site's language (CLDR's rules:
case and accents count only to break ties, spaces and punctuation sort before digits, digits
before letters). Measured against Hugo 0.111 and 0.168 (``tests/test_hugo.py``; 489 titles):

* PyICU, when installed, gives Hugo's order in every language, CLDR's tailorings included
  (Swedish and Danish å ä ö after z, Spanish ñ after n, Turkish ı, Czech ch…);
* else pyuca, pure Python (a dependency), gives the Unicode default order, which is Hugo's for
  the languages CLDR does not tailor (:data:`DEFAULT_ORDER`: English, French, German…); for the
  others :func:`note` says how to get Hugo's exact order.

The collators are made on first use (pyuca reads its table in about 0.1 s), never at import.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

# Languages whose CLDR collation is the Unicode default (no tailoring): pyuca orders them as Hugo does.
DEFAULT_ORDER = frozenset({"en", "fr", "de", "it", "nl", "pt", "id", "ms", "ga", "lb", "la", "rm", "sw", "st", "xh", "zu"})


def _base(lang: str | None) -> str:
    """``fr``, ``en-GB``, ``pt_BR`` -> the language alone (``fr-CA`` stays: Canadian French is tailored)."""
    code = (lang or "en").replace("_", "-").lower()
    return code if code == "fr-ca" else code.partition("-")[0]


@functools.lru_cache(maxsize=8)
def sort_key(lang: str | None) -> Callable[[str], Any]:
    """The function giving a title's collation key for ``lang`` (Hugo's order, see the module)."""
    try:
        import icu  # PyICU: optional
    except ImportError:
        icu = None
    if icu is not None:
        collator = icu.Collator.createInstance(icu.Locale((lang or "en").replace("-", "_")))
        return collator.getSortKey
    return _pyuca().sort_key


@functools.lru_cache(maxsize=1)
def _pyuca() -> Any:
    import pyuca

    return pyuca.Collator()


def note(lang: str | None) -> str | None:
    """Why the order of titles may differ from Hugo's for ``lang`` on this machine, or None."""
    if _base(lang) in DEFAULT_ORDER:
        return None
    try:
        import icu  # noqa: F401
    except ImportError:
        return (f"titles of equal weight and date are in Unicode's default order; Hugo applies the rules of "
                f"'{lang}' (e.g. letters after z): install PyICU (pip install PyICU) to get Hugo's exact order")
    return None
