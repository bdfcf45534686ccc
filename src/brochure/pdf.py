"""Stage 5: HTML to PDF with WeasyPrint, inside a sandbox.

* Every resource goes through :class:`SandboxFetcher`: regular files inside
  the allowed roots (checked after resolving symlinks and ``..``) and
  ``data:`` URLs, with a size cap; everything else is refused.
* WeasyPrint reports missing images and bad CSS only through its
  ``weasyprint`` logger: :func:`capture` collects those lines so that the
  caller can tie them to a case study.
* ``write_pdf`` mutates its ``Document``: render afresh for every output.
* Only WeasyPrint's public API is used here; what needs its internals (the URL fetcher
  classes, a lean user-agent stylesheet, the layout's patches, box positions, freeing
  pages once painted) is in :mod:`brochure.weasy`, which refuses a WeasyPrint it was not
  tested with, in one line.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import re
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from . import weasy  # first: it stops with one line if this WeasyPrint is not one brochure supports

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

from . import glyphs, image_checks, paths, svg
from .errors import MISSING_GLYPHS, RenderError, one_line
from .weasy import URLFetcher, URLFetcherResponse


MAX_RESOURCE_BYTES = 40 * 1024 * 1024
ENGINE_VERSION = weasy.VERSION

# Lines that describe this machine, not the content: shown once, never counted.
_ENVIRONMENT_NOTES = ("Using fontTools instead of HarfBuzz-Subset",)


NETWORK_TIMEOUT = 10  # seconds, per request, with --allow-network


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).hostname != urlsplit(req.full_url).hostname:
            raise urllib.error.HTTPError(newurl, code, "redirect to another host refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class SandboxFetcher(URLFetcher):
    """Serve only files inside ``roots`` and ``data:`` URLs; refuse the rest.

    With ``allow_network``, http(s) URLs are fetched too, with a timeout, a
    size cap and no redirect to another host.
    """

    def __init__(self, roots: tuple[Path, ...], max_bytes: int = MAX_RESOURCE_BYTES, svg_images: bool = True,
                 allow_network: bool = False):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=5)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.max_bytes = max_bytes
        self.svg_images = svg_images
        self.allow_network = allow_network
        self.refused: list[tuple[str, str]] = []  # (the URL as asked for, the one-line message)

    def _fetch_remote(self, url: str) -> URLFetcherResponse:
        opener = urllib.request.build_opener(_SameHostRedirects())
        request = urllib.request.Request(url, headers={"User-Agent": f"brochure (WeasyPrint {ENGINE_VERSION})"})
        try:
            with opener.open(request, timeout=NETWORK_TIMEOUT) as response:
                data = response.read(self.max_bytes + 1)
                final_url, content_type = response.geturl(), response.headers.get("Content-Type", "")
        except Exception as exc:
            return self._refuse(url, f"network: {type(exc).__name__}: {' '.join(str(exc).split())[:80]}")
        if len(data) > self.max_bytes:
            return self._refuse(url, f"over the {self.max_bytes // 1_048_576} MiB limit")
        return URLFetcherResponse(final_url, body=data, headers={"Content-Type": content_type or "application/octet-stream"})

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._fetch_data(url)
        if scheme in ("http", "https") and self.allow_network:
            return self._fetch_remote(url)
        if scheme != "file":
            return self._refuse(url, "only local files inside the content and theme folders are allowed")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url, "file URL on another host")
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError) as exc:  # missing, a name too long, a link loop, a NUL…
            return self._refuse(url, "file not found" if isinstance(exc, FileNotFoundError) else paths.why(exc))
        if not any(path.is_relative_to(root) for root in self.roots):
            return self._refuse(url, "outside the content and theme folders")
        mime, _ = mimetypes.guess_type(path.name)
        try:  # never opens a FIFO or a device; the size is checked before reading
            body = paths.read_regular(path, self.max_bytes)
        except paths.Unreadable as exc:
            return self._refuse(url, str(exc))
        except (OSError, RuntimeError, ValueError) as exc:
            return self._refuse(url, paths.why(exc))
        return self._checked(url, path.as_uri(), mime or "application/octet-stream", body, path)

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        """A ``data:`` URL decoded (its encoded and decoded bytes capped), then checked as a file."""
        try:
            mime, body = image_checks.decode(url)
        except paths.Unreadable as exc:
            return self._refuse(url, f"data: URL cannot be read: it {exc}")
        return self._checked(url, url, mime, body)

    def _checked(self, url: str, final: str, mime: str, body: bytes, path: Path | None = None) -> URLFetcherResponse:
        """``body`` served when it passes the image checks: an SVG, or XML by another name (WeasyPrint
        would try to draw it as SVG), checked before anything draws it (entities, declared size, what
        it draws, a .svgz's expansion); a raster image's declared pixels."""
        if image_checks.is_svg(mime, body):
            body = self._svg_body(url, body, mime, path)
        elif mime in image_checks.RASTER_TYPES and (bomb := image_checks.raster_problem(io.BytesIO(body))):
            self._refuse(url, f"image not drawn: it {bomb}")
        return URLFetcherResponse(final, body=body, headers={"Content-Type": mime})

    def _svg_body(self, url: str, body: bytes, mime: str, path: Path | None) -> bytes:
        """What WeasyPrint gets for the SVG ``body``: drawn as an image (with ``svg_images``), else its text."""
        try:
            if self.svg_images and mime == "image/svg+xml":
                drawn = svg.svg_as_image(str(path), path.stat().st_mtime) if path else svg.svg_data_as_image(body)
                return drawn.encode()
            svg.svg_tree(body)
            return svg.svg_text(body)  # WeasyPrint draws vectors from the text, not from gzip data
        except paths.Unreadable as exc:
            why = f"SVG file cannot be drawn: {exc}"
        except svg.SvgBomb as exc:
            why = f"SVG file not drawn: it {exc}"
        except Exception as exc:  # a broken SVG: say so, like a broken PNG
            why = f"SVG file cannot be drawn ({type(exc).__name__})"
        self._refuse(url, why)

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        shown = image_checks.label(url) if url[:5].lower() == "data:" else paths.short(url, 90, 30)
        self.refused.append((url, f"resource refused ({paths.short(why, 100, 20)}): {shown}"))
        raise ValueError(why)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = one_line(record.getMessage())
        except Exception:  # a malformed log call must not stop a build
            text = one_line(record.msg)
        (self.notes if text.startswith(_ENVIRONMENT_NOTES) else self.messages).append(text)


@contextlib.contextmanager
def capture() -> Iterator[_Collector]:
    """Collect what WeasyPrint logs (warnings and errors) while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collector()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


@dataclass
class Result:
    """A written PDF and what WeasyPrint said while making it."""

    data: bytes
    pages: int
    messages: list[str] = field(default_factory=list)  # problems, one line each (WeasyPrint's)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (URL, message): resources refused
    notes: list[str] = field(default_factory=list)  # about this machine, not the content


@dataclass
class Rendered:
    """A laid-out document, not yet written. Write it once only."""

    document: object
    fetcher: SandboxFetcher
    log: _Collector
    variant: str | None = None  # one of settings.PDF_VARIANTS, or None (as "none")
    missing: frozenset[str] = frozenset()  # characters no font has, drawn as boxes

    @property
    def pages(self) -> int:
        return len(self.document.pages)


# CSS that needs WeasyPrint's full UA stylesheet: footnotes, notes, or a stylesheet not read here
_NOTES = re.compile(r"float\s*:\s*footnote|::?(?:footnote|note)-|note\(|@import", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _needs_full_ua(html: str, roots: tuple[Path, ...]) -> bool:
    """Whether the document or a stylesheet it links may use footnotes or notes (or imports
    a stylesheet this does not read). Linked stylesheets are read through the sandbox."""
    if _NOTES.search(html):
        return True
    scratch = SandboxFetcher(roots)
    links = (_HREF.search(tag) for tag in _LINK.findall(html) if "stylesheet" in tag.lower())
    for url in (found.group(1) for found in links if found):
        try:
            text = scratch.fetch(url).read()
        except Exception:
            return True
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8", "replace")
        if _NOTES.search(text):
            return True
    return False


def render(html: str, base_url: str, roots: tuple[Path, ...], *,
           svg_images: bool = True, dpi: int | None = 300, allow_network: bool = False,
           variant: str | None = None) -> Rendered:
    """Lay out ``html``; images are downsampled to ``dpi`` for their displayed size.

    Raises ``RenderError`` with a one-line message.
    """
    rendered = _lay_out(html, base_url, roots, svg_images, dpi, allow_network, variant)
    missing = weasy.unknown_characters(rendered.document)
    if missing:  # laid out again, with a box for each (see brochure.glyphs)
        rendered = _lay_out(glyphs.boxed(html, missing), base_url, roots, svg_images, dpi, allow_network, variant)
        rendered.missing = frozenset(missing)
    return rendered


def _lay_out(html: str, base_url: str, roots: tuple[Path, ...], svg_images: bool, dpi: int | None,
             allow_network: bool, variant: str | None) -> Rendered:
    fetcher = SandboxFetcher(roots, svg_images=svg_images, allow_network=allow_network)
    with capture() as log, weasy.patched():
        try:
            options = weasy.variants.layout_options(variant)
            factory = HTML if _needs_full_ua(html, roots) else weasy.LeanHTML
            document = factory(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=FontConfiguration(), dpi=dpi, **options
            )
        except RecursionError:
            raise RenderError("content nested too deeply to lay out") from None
        except Exception as exc:  # WeasyPrint raises many kinds; report them as one line
            raise RenderError(f"layout failed: {type(exc).__name__}: {exc}") from None
    return Rendered(document, fetcher, log, variant)


def spans(rendered: Rendered, anchors: list[str]) -> list[tuple[int, int]]:
    """For each anchor (an element id, in document order), the pages it spans: (first, end)."""
    starts: dict[str, int] = {}
    wanted = set(anchors)
    for index, page in enumerate(rendered.document.pages):
        for name in page.anchors:
            if name in wanted and name not in starts:
                starts[name] = index
    total = len(rendered.document.pages)
    firsts = [starts.get(a, total) for a in anchors]
    return [(first, firsts[k + 1] if k + 1 < len(firsts) else total) for k, first in enumerate(firsts)]


def fill(rendered: Rendered, marker: str = "case-body") -> list[tuple[float, float, float]]:
    """For each page, in CSS pixels from its top edge: where what it shows ends, where its
    content area ends, and where the first element of class ``marker`` starts (0 if none).

    What a page shows is its lines of text, images and boxes with a background or border;
    the height of an empty box is not counted (WeasyPrint may size a flex box taller than
    what it holds).
    """
    return weasy.fill(rendered.document, marker)


_NOTDEF = re.compile(r'^\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)" \(U\+[0-9A-F]+\)$')


def _missing_glyphs(messages: list[str], boxed: list[str]) -> list[str]:
    """WeasyPrint says it once per character that no font has: say it once for them all, with
    those drawn as boxes (``boxed``), naming the font package that has them."""
    found = list(dict.fromkeys(boxed + [m.group(1) for m in map(_NOTDEF.match, messages) if m]))
    if not found:
        return messages
    shown = " ".join(c if c.strip() else f"U+{ord(c):04X}" for c in found)
    return [m for m in messages if not _NOTDEF.match(m)] + [f"{MISSING_GLYPHS}{shown} ({glyphs.advice(found)})"]


def wide_tables(rendered: Rendered, pages: list[int] | None = None) -> list[tuple[str, str]]:
    """The tables of ``pages`` (all by default) that run past the box they are in, each once:
    (the case study's element id, ``case-<slug>``, or "" outside one; a warning naming the table by
    its first words). Said the same whatever the document, so that a one-pager's and the
    brochure's are said once."""
    out = []
    for _page, owner, _over, words in weasy.wide_tables(rendered.document, pages):
        message = (f"a table is wider than its column even in small type and runs past it (the table "
                   f"starting “{words}”): give it fewer columns or shorter words")
        if (owner, message) not in out:
            out.append((owner, message))
    return out


def bottom_margins(rendered: Rendered, pages: list[int]) -> dict[int, float]:
    """For each page index, in points: the height of its bottom margin (under its content area)."""
    return {n: px * 0.75 for n, px in weasy.bottom_margins(rendered.document, pages).items()}


def write(rendered: Rendered, *, pages: list[int] | None = None, max_pages: int | None = None,
          metadata: dict | None = None, once: bool = False, outlines_shown: bool = False,
          claim_ua: bool = True) -> Result:
    """Write a rendered document as PDF bytes.

    ``pages`` keeps only those pages (a one-pager out of a batch), ``max_pages``
    the first ones; ``metadata`` replaces the document's (title, authors,
    description, keywords, lang, created, modified). Only the resources the kept pages
    use are written. The PDF variant is the one the document was laid out for; a PDF/A
    gets a stable identifier and images without interpolation. ``once``: nothing else
    will be written from ``rendered`` (nor measured in it), so each page's layout is
    freed as soon as it is painted. ``outlines_shown``: the PDF opens with its bookmarks shown.
    ``claim_ua=False``: a tagged variant is tagged but does not claim PDF/UA (a bid whose annexes,
    copied as they are, are not tagged).
    """
    document = rendered.document
    if pages is not None:
        document = document.copy([document.pages[i] for i in pages])
    if max_pages is not None and len(document.pages) > max_pages:
        document = document.copy(document.pages[:max_pages])
    boxed = [c for c in weasy.page_characters(document.pages) if c in rendered.missing] if rendered.missing else []
    if metadata is not None:
        if document is rendered.document:
            document = document.copy()
        document.metadata = weasy.DocumentMetadata(generator="brochure", **metadata)
    variants, variant = weasy.variants, rendered.variant
    tagged = variants.tagged(variant)
    if once and not tagged:
        weasy.release_once_painted(document)
    with capture() as write_log:
        try:
            options = variants.write_options(variant, claim_ua)
            finish = weasy.finisher(variants.archive(variant) and weasy.no_interpolation,
                                    tagged and weasy.repair_tags,
                                    variants.claims_ua(variant, claim_ua) and variants.identify_ua,
                                    outlines_shown and weasy.outlines_open)
            if finish:
                options["finisher"] = finish
            with weasy.marks_recorded() if tagged else contextlib.nullcontext(), weasy.images_encoded_once():
                data = document.write_pdf(**options)
        except Exception as exc:
            raise RenderError(f"writing the PDF failed: {type(exc).__name__}: {exc}") from None
    refused = list(dict.fromkeys(rendered.fetcher.refused))
    # WeasyPrint also logs what the fetcher refused (naming the URL): the refusal says it already
    logged = [m for m in rendered.log.messages + write_log.messages if not any(url in m for url, _ in refused)]
    messages = _missing_glyphs(list(dict.fromkeys(logged)), boxed)
    notes = list(dict.fromkeys(rendered.log.notes + write_log.notes))
    return Result(data=data, pages=len(document.pages), messages=messages, notes=notes, refused=refused)
