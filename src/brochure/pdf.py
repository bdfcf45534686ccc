"""Stage 5: HTML to PDF with WeasyPrint, inside a sandbox.

* Every resource goes through :class:`SandboxFetcher`: regular files inside
  the allowed roots (checked after resolving symlinks and ``..``) and
  ``data:`` URLs, with a size cap; everything else is refused.
* WeasyPrint reports missing images and bad CSS only through its
  ``weasyprint`` logger: :func:`capture` collects those lines so that the
  caller can tie them to a case study.
* ``write_pdf`` mutates its ``Document``: render afresh for every output.
* WeasyPrint's user-agent stylesheet styles six pseudo-elements (``::marker``,
  ``::footnote-call``…) of *every* element, which made most of the computed styles
  a long brochure holds in memory: :class:`_LeanHTML` narrows ``::marker`` to list
  items and leaves the footnote rules out when nothing asks for footnotes or notes.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gc
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

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import pydyf
    import weasyprint
    from weasyprint import CSS, HTML
    from weasyprint.pdf.metadata import DocumentMetadata
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.formatting_structure.boxes import InlineBlockBox, LineBox, MarginBox, ReplacedBox, TextBox
    from weasyprint.urls import URLFetcher, URLFetcherResponse
    from weasyprint import document as weasy_document, layout as weasy_layout
    from weasyprint.layout import inline as weasy_inline
    from weasyprint.text import line_break as weasy_line_break

from . import paths, svg
from .errors import MISSING_GLYPHS, RenderError, one_line


MAX_RESOURCE_BYTES = 40 * 1024 * 1024
ENGINE_VERSION = weasyprint.__version__

# Lines that describe this machine, not the content: shown once, never counted.
_ENVIRONMENT_NOTES = ("Using fontTools instead of HarfBuzz-Subset",)


SVG_RASTER_PIXELS = 16_000_000  # the most pixels an SVG is drawn on (64 MB), well under svg.MAX_PIXELS


@functools.lru_cache(maxsize=256)
def svg_as_image(path: str, mtime: float, long_side: int = 1200) -> str:
    """An SVG file as an SVG holding one PNG of the same intrinsic size.

    The drawing then reaches the PDF as an image (what PDF tools and
    checks count as images) at a resolution ample for print, and nothing
    the SVG references from outside is ever fetched. The file is checked
    before anything is drawn (its size, what it draws, entities, a .svgz's
    expansion: see :func:`svg.svg_tree`) and drawn on at most
    ``SVG_RASTER_PIXELS`` pixels, whatever it declares.
    """
    import io
    import math

    from cairosvg.surface import PNGSurface

    data = paths.read_regular(Path(path), svg.MAX_SVG_BYTES)
    tree, width, height = svg.svg_tree(data)
    if not (width and height):
        raise paths.Unreadable("the SVG declares no size")
    scale = max(1.0, min(8.0, long_side / max(width, height)))
    scale = min(scale, math.sqrt(SVG_RASTER_PIXELS / (width * height)))
    if _has_tiles(tree):
        png = _draw_apart(data, scale)
    else:
        output = io.BytesIO()
        PNGSurface(tree, output, 96, scale=scale).finish()
        png = output.getvalue()
    width, height = round(width, 3), round(height, 3)
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{encoded}"/></svg>'
    )


SVG_DRAW_MEMORY = 1024 * 1024 * 1024  # bytes of address space for drawing an SVG with patterns or masks
SVG_DRAW_SECONDS = 30  # CPU seconds for the same


def _has_tiles(tree) -> bool:
    """Whether ``tree`` has a pattern or a mask: CairoSVG draws each on a surface of its own, sized by
    what it declares times every transform on the way (a pattern 30000 wide took 3.5 GB)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.tag in ("pattern", "mask"):
            return True
        stack.extend(node.children)
    return False


_DRAW_CHILD = """
import resource, sys
memory, seconds, scale = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
sys.path.insert(0, sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
import io
from cairosvg.surface import PNGSurface
from brochure import svg
tree, _, _ = svg.svg_tree(sys.stdin.buffer.read())
output = io.BytesIO()
PNGSurface(tree, output, 96, scale=scale).finish()
sys.stdout.buffer.write(output.getvalue())
"""


def _draw_apart(data: bytes, scale: float) -> bytes:
    """The SVG ``data`` drawn as a PNG by a process of its own, with bounded memory and CPU time."""
    import subprocess
    import sys

    source = str(Path(svg.__file__).resolve().parent.parent)  # this brochure's own modules, whatever is installed
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _DRAW_CHILD, str(SVG_DRAW_MEMORY), str(SVG_DRAW_SECONDS),
                               repr(scale), source], input=data, capture_output=True, timeout=SVG_DRAW_SECONDS * 4)
    except subprocess.TimeoutExpired:
        raise svg.SvgBomb("takes too long to draw") from None
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise svg.SvgBomb(f"cannot be drawn within {SVG_DRAW_MEMORY >> 20} MiB and {SVG_DRAW_SECONDS} s "
                             "(its patterns or masks are too large)")
    return done.stdout


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
            if len(url) > self.max_bytes * 4 // 3 + 1024:
                return self._refuse(url, "data: URL too large")
            return super().fetch(url, headers)
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
        # an SVG, or XML by another name (WeasyPrint would try to draw it as SVG): checked before
        # anything draws it (entities, declared size, what it draws, a .svgz's expansion)
        if mime == "image/svg+xml" or (mime != "text/css" and body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"):
            try:
                if self.svg_images and mime == "image/svg+xml":
                    body = svg_as_image(str(path), path.stat().st_mtime).encode()
                else:
                    svg.svg_tree(body)
                    body = svg.svg_text(body)  # WeasyPrint draws vectors from the text, not from gzip data
            except paths.Unreadable as exc:
                return self._refuse(url, f"SVG file cannot be drawn: {exc}")
            except svg.SvgBomb as exc:
                return self._refuse(url, f"SVG file not drawn: it {exc}")
            except Exception as exc:  # a broken SVG: say so, like a broken PNG
                return self._refuse(url, f"SVG file cannot be drawn ({type(exc).__name__})")
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime or "application/octet-stream"})

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        self.refused.append((url, f"resource refused ({paths.short(why, 100, 20)}): {paths.short(url, 90, 30)}"))
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
    variant: str | None = None  # "pdf/a-2b", "pdf/a-3b", "pdf/ua-1" or None

    @property
    def pages(self) -> int:
        return len(self.document.pages)


def _no_interpolation(_document, pdf) -> None:
    """PDF/A forbids asking viewers to smooth images (``/Interpolate true``)."""
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Subtype") == "/Image" and "Interpolate" in extra:
            extra["Interpolate"] = "false"
            mask = extra.get("SMask")
            if mask is not None and hasattr(mask, "extra") and "Interpolate" in mask.extra:
                mask.extra["Interpolate"] = "false"


# CSS that needs WeasyPrint's full UA stylesheet: footnotes, notes, or a stylesheet not read here
_NOTES = re.compile(r"float\s*:\s*footnote|::?(?:footnote|note)-|note\(|@import", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _lean_ua_stylesheet() -> tuple[object, object] | None:
    """(WeasyPrint's UA stylesheet, a lean copy), or None if this WeasyPrint's is not the expected one.

    The copy gives ``::marker`` to ``li`` and ``summary`` only (the elements displayed as
    list items) and drops the five ``::footnote-*`` / ``::note-*`` rules. Every element
    matched those universal rules, so WeasyPrint computed and kept six more styles per
    element: about a quarter of a 191-page brochure's layout memory, for the same PDF bytes.
    """
    try:
        from weasyprint import html as ua

        text, sheet, counters = ua.UA, ua.UA_STYLESHEET, ua.UA_COUNTER_STYLE
        lean = text.replace("\n::marker {", "\nli::marker, summary::marker {")
        lean, notes = re.subn(r"(?m)^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}$", "", lean)
        if lean.count("li::marker, summary::marker {") != 1 or notes != 5:
            return None
        logger = logging.getLogger("weasyprint")
        others = list(logger.handlers)  # a render's collector: this parse is not the document's
        for handler in others:
            logger.removeHandler(handler)
        try:
            with capture() as log:
                # its @counter-style rules are WeasyPrint's own, already known: parse them aside
                copy = CSS(string=lean, counter_style=type(counters)())
        finally:
            for handler in others:
                logger.addHandler(handler)
        return None if log.messages else (sheet, copy)
    except Exception:  # another WeasyPrint: keep its own stylesheet
        return None


class _LeanHTML(HTML):
    """``HTML`` with the lean user-agent stylesheet (see :func:`_lean_ua_stylesheet`)."""

    def _ua_stylesheets(self, *args, **kwargs):
        sheets = list(super()._ua_stylesheets(*args, **kwargs))
        pair = _lean_ua_stylesheet()
        if pair is not None and sheets and sheets[0] is pair[0]:
            sheets[0] = pair[1]
        return sheets


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


@contextlib.contextmanager
def _free_between_passes() -> Iterator[None]:
    """Let go of what WeasyPrint's layout no longer reads, as soon as it stops reading it.

    * A document whose contents give page numbers (``target-counter``) is laid out
      again until those numbers settle: three more passes over the pages that hold
      them, for the brochure. The pages a pass replaces are reference cycles (a page
      and its footnote area point at each other), so they wait for a full garbage
      collection, which may not come before the peak: one collection at the start of
      each later pass.
    * Once every pass is done, WeasyPrint adds margin boxes and backgrounds to the laid
      out pages, which never read the box tree built from the HTML again (the pages are
      made of copies): that tree goes then, not when the rendering returns, and
      painting and writing the PDF reuse its memory.
    """
    passes = getattr(weasy_layout, "make_all_pages", None)
    document = getattr(weasy_document, "layout_document", None)
    if passes is None or document is None:  # another WeasyPrint: lay out as it does
        yield
        return

    later = []

    def collected_first(context, root_box, html, pages):
        if pages:  # a later pass: the pages the one before it replaced are garbage now
            later.append(True)
            gc.collect()
        yield from passes(context, root_box, html, pages)

    def tree_freed(html, root_box, context, *args, **kwargs):
        for page in document(html, root_box, context, *args, **kwargs):
            if root_box is not None:  # the first page comes when every pass is done
                root_box.children = []
                root_box = None
                if later:  # and so do the pages the last pass replaced
                    gc.collect()
            yield page

    weasy_layout.make_all_pages, weasy_document.layout_document = collected_first, tree_freed
    try:
        yield
    finally:
        weasy_layout.make_all_pages, weasy_document.layout_document = passes, document


@contextlib.contextmanager
def _trailing_space_hangs() -> Iterator[None]:
    """Let a line's trailing space overflow, as WeasyPrint's inline layout already does.

    WeasyPrint 70 compares a text's width *with* its trailing space to the width left on the
    line. A text ending with a space (a text before a ``<code>``, a link, bold…) whose words
    fit but whose space does not was then treated as too long: it was hyphenated at its first
    word, and the line ended after that fragment ("observab-" / "ility," / "and ML-…"). Here,
    when the words of such a text fit in the width, the text is laid out with room for its
    space; the space is dropped at the end of the line as usual. Words that do not fit are
    broken or hyphenated by WeasyPrint as before.
    """
    split = getattr(weasy_inline, "split_first_line", None)
    create = getattr(weasy_line_break, "create_layout", None)
    measure = getattr(weasy_line_break, "line_size", None)
    if split is None or create is None or measure is None:  # another WeasyPrint: lay out as it does
        yield
        return

    def hanging(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        size = style["font_size"]
        words = text.rstrip(" ")
        if (result[2] is None or max_width is None or max_width == float("inf") or not size
                or words == text or "\n" in words or style["white_space"] not in ("normal", "pre-line")
                or len(text) > max_width / size * 4):  # only a text short enough for one line
            return result
        if measure(create(words, style, context, None, justification_spacing).get_first_line()[0], style)[0] > max_width:
            return result  # the words themselves do not fit
        retry = split(text, style, context, max_width + size, justification_spacing, is_line_start, minimum)
        return retry if retry[2] is None else result

    weasy_inline.split_first_line = hanging
    try:
        yield
    finally:
        weasy_inline.split_first_line = split


def render(html: str, base_url: str, roots: tuple[Path, ...], *,
           svg_images: bool = True, dpi: int | None = 300, allow_network: bool = False,
           variant: str | None = None) -> Rendered:
    """Lay out ``html``; images are downsampled to ``dpi`` for their displayed size.

    Raises ``RenderError`` with a one-line message.
    """
    fetcher = SandboxFetcher(roots, svg_images=svg_images, allow_network=allow_network)
    with capture() as log, _free_between_passes(), _trailing_space_hangs():
        try:
            options = {"pdf_variant": variant} if variant else {}
            factory = HTML if _needs_full_ua(html, roots) else _LeanHTML
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
    out = []
    for page in rendered.document.pages:
        page_box = page._page_box  # WeasyPrint has no public API for box positions
        bottom, top = 0.0, None
        for root in page_box.children:
            if isinstance(root, MarginBox):
                continue
            for box in root.descendants():
                element = getattr(box, "element", None)
                if top is None and element is not None and marker in (element.get("class") or "").split():
                    top = box.position_y
                try:
                    if isinstance(box, LineBox) and any(isinstance(c, InlineBlockBox) for c in box.children):
                        continue  # a line holding a whole box (the case study itself): count what it holds
                    if isinstance(box, (LineBox, ReplacedBox, TextBox)):
                        bottom = max(bottom, box.position_y + box.margin_height())
                    elif getattr(box, "background", None) is not None or box.border_bottom_width:
                        bottom = max(bottom, box.position_y + box.margin_top + box.border_height())
                except (TypeError, AttributeError):
                    continue
        out.append((bottom, page_box.content_box_y() + page_box.height, top or 0.0))
    return out


def _join(stream) -> None:
    """Hold a painted page's content as one string instead of thousands of small ones (pydyf
    joins them the same way when it writes the file)."""
    to_bytes = getattr(pydyf, "_to_bytes", None)
    parts = getattr(stream, "stream", None)
    if to_bytes is not None and isinstance(parts, list) and len(parts) > 1:
        stream.stream = [b"\n".join(to_bytes(part) for part in parts)]


def _release_once_painted(document) -> None:
    """Let each page's layout go as soon as WeasyPrint has painted it, so that the PDF being
    written reuses that memory: a long brochure's peak memory is its layout. Only for a
    document written once, without tags (tagging reads the layout after painting)."""
    for page in document.pages:
        paint = getattr(page, "paint", None)
        if paint is None or not hasattr(page, "_page_box"):
            return

        def paint_then_release(stream, *args, _page=page, _paint=paint, **kwargs):
            _paint(stream, *args, **kwargs)
            _page._page_box = None
            _join(stream)

        page.paint = paint_then_release


_NOTDEF = re.compile(r'^\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)" \(U\+[0-9A-F]+\)$')


def _missing_glyphs(messages: list[str]) -> list[str]:
    """WeasyPrint says it once per character that no font has: say it once for them all."""
    found = [m.group(1) for m in map(_NOTDEF.match, messages) if m]
    if not found:
        return messages
    shown = " ".join(c if c.strip() else f"U+{ord(c):04X}" for c in dict.fromkeys(found))
    return [m for m in messages if not _NOTDEF.match(m)] + [
        f"{MISSING_GLYPHS}{shown} "
        "(install a font that has them, e.g. fonts-noto-cjk for Chinese, or name one in theme.fonts)"]


def write(rendered: Rendered, *, pages: list[int] | None = None, max_pages: int | None = None,
          metadata: dict | None = None, once: bool = False) -> Result:
    """Write a rendered document as PDF bytes.

    ``pages`` keeps only those pages (a one-pager out of a batch), ``max_pages``
    the first ones; ``metadata`` replaces the document's (title, authors,
    description, keywords, lang, created, modified). Only the resources the kept pages
    use are written. The PDF variant is the one the document was laid out for; a PDF/A
    gets a stable identifier and images without interpolation. ``once``: nothing else
    will be written from ``rendered`` (nor measured in it), so each page's layout is
    freed as soon as it is painted.
    """
    document = rendered.document
    if pages is not None:
        document = document.copy([document.pages[i] for i in pages])
    if max_pages is not None and len(document.pages) > max_pages:
        document = document.copy(document.pages[:max_pages])
    if metadata is not None:
        if document is rendered.document:
            document = document.copy()
        document.metadata = DocumentMetadata(generator="brochure", **metadata)
    if once and "ua" not in (rendered.variant or ""):
        _release_once_painted(document)
    with capture() as write_log:
        try:
            options: dict = {}
            if rendered.variant:
                options = {"pdf_variant": rendered.variant, "pdf_identifier": True}
                if rendered.variant.startswith("pdf/a"):
                    options["finisher"] = _no_interpolation
            data = document.write_pdf(**options)
        except Exception as exc:
            raise RenderError(f"writing the PDF failed: {type(exc).__name__}: {exc}") from None
    refused = list(dict.fromkeys(rendered.fetcher.refused))
    # WeasyPrint also logs what the fetcher refused (naming the URL): the refusal says it already
    logged = [m for m in rendered.log.messages + write_log.messages if not any(url in m for url, _ in refused)]
    messages = _missing_glyphs(list(dict.fromkeys(logged)))
    notes = list(dict.fromkeys(rendered.log.notes + write_log.notes))
    return Result(data=data, pages=len(document.pages), messages=messages, notes=notes, refused=refused)
