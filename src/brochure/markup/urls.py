"""What each URL of one text becomes: the caller's callback, asked once per URL and kind.

This stage never looks at the file system. Every URL an image (``<img src>``) or a link
(``<a href>``) holds, written in Markdown or in raw HTML, goes through ``resolve(url, kind)``,
given by the caller: kind is "image" or "link"; the answer is the URL to write, or None to drop
it (an image dropped is left out of the page; ``{{< ref >}}`` and ``{{< relref >}}`` shortcodes
ask for the URL they print, kind "ref" or "relref", before Markdown). The sanitizer's filter asks
while the text is rendered (see :mod:`.sanitizer`); the answers are kept with the text's blocks,
so that every later join (a cut, a column) writes the same URLs without asking again, and drops a
URL that was never asked about. A join may also be told which answers are pages of its own
document (``targets``).

What an image is (a picto or a figure: see :mod:`.markdown`) is asked the same way, with kind
"facts": the answer is an :class:`~brochure.models.ImageFacts`, or anything else (None) when the
caller cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import ImageFacts

# resolve(url, kind) -> new url, or None to drop it. kind is "image" or "link"; "facts": an
# ImageFacts, or None when it cannot be told; before Markdown, a ref or relref shortcode's page
# path is asked as kind "ref" or "relref": the answer is what it prints.
Resolver = Callable[[str, str], "str | ImageFacts | None"]

# What may start a URL's scheme (RFC 3986). nh3 drops a URL whose scheme it is not given before
# its filter sees it: it is given every one a text holds, so that the callback, not nh3, decides
# (an image with a scheme the callback refuses is left out, with a warning). A scheme starts a word:
# tried from inside a long one (a data: URL's base64), the search took time growing as its square.
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass
class Urls:
    """The callback's answers for one text: (kind, URL as written) -> URL to write, or None.

    With ``resolve`` (while the text is rendered) a URL not yet answered is asked once; without
    (:meth:`answered`, what the blocks keep), it is dropped."""

    resolve: Resolver | None = field(default=None, repr=False, compare=False)
    schemes: frozenset[str] = frozenset()  # the schemes the text's URLs may have, lower-cased
    table: dict[tuple[str, str], str | ImageFacts | None] = field(default_factory=dict)
    error: Exception | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, text: str, resolve: Resolver) -> Urls:
        return cls(resolve, frozenset(m.lower() for m in _SCHEME.findall(text)))

    def __call__(self, url: str, kind: str) -> str | None:
        """The URL to write for ``url`` (kind "image" or "link"), or None to drop it."""
        answer = self._ask(url, kind)
        return answer if isinstance(answer, str) else None

    def facts(self, url: str) -> ImageFacts | None:
        """What the image ``url`` is, if the callback can tell."""
        answer = self._ask(url, "facts")
        return answer if isinstance(answer, ImageFacts) else None

    def _ask(self, url: str, kind: str) -> str | ImageFacts | None:
        key = (kind, url)
        if key not in self.table:
            if self.resolve is None:
                return None
            try:
                self.table[key] = self.resolve(url, kind)
            except Exception as exc:  # told to the caller once the HTML is cleaned: nh3 would swallow it
                self.error = self.error or exc
                return None
        return self.table[key]

    def answered(self) -> Urls:
        """The answers alone, without the callback: what the text's blocks keep."""
        return Urls(None, self.schemes, dict(self.table))

    def check(self) -> None:
        """Raise what the callback raised, if it did."""
        if self.error is not None:
            raise self.error
