"""Every use of WeasyPrint's internals, for the WeasyPrint versions brochure was tested with.

WeasyPrint's public API (``HTML``, ``CSS``, ``render``, ``Document.write_pdf``,
``FontConfiguration``, the ``weasyprint`` logger) is used by :mod:`brochure.pdf`. What
it lacks is done here, with WeasyPrint's internals, which change between versions:

* the URL fetcher classes (``weasyprint.urls.URLFetcher``, since WeasyPrint 68) and the
  document's metadata class;
* :class:`LeanHTML`: a lean user-agent stylesheet (WeasyPrint's styles six pseudo-elements
  of *every* element, which made most of the computed styles a long brochure holds);
* :func:`patched`: while a document is laid out, memory is freed between layout passes
  (:func:`free_between_passes`), a text whose trailing space overflows keeps its words on
  the line (:func:`trailing_space_hangs`, a workaround for a WeasyPrint 70 line-breaking bug:
  see docs/weasyprint-line-break.md) and each line is broken once per page however many
  times the page is laid out (:func:`brochure.weasy_lines.lines_broken_once`: balanced
  columns, flex items), and balanced columns are not laid out once more at the height found
  (:func:`brochure.weasy_columns.columns_kept_from_trials`); WeasyPrint's functions are
  restored afterwards;
* :func:`fill`, :func:`bottom_margins` and :func:`wide_tables` (in :mod:`brochure.weasy_boxes`)
  read the laid out boxes (no public API gives their positions);
* :func:`release_once_painted` and :func:`no_interpolation` act on pages and PDF objects;
  :func:`images_encoded_once` (:mod:`brochure.weasy_images`) encodes an image written into
  many PDFs of one document (the one-pagers of a batch) once;
  :func:`repair_tags` (in :mod:`brochure.weasy_tags`) mends the structure tree of a PDF/UA
  before it is written (content drawn with ``opacity``, link annotations), for veraPDF, and
  for a screen reader's user (:mod:`brochure.weasy_reading`: decorative images and leaders as
  artifacts, hyphenated words whole, links described in words), from what
  :func:`marks_recorded` notes while the pages are painted;
* :mod:`brochure.weasy_variants`: brochure's PDF variants as WeasyPrint's options, and PDF/A-2b
  with PDF/UA-1 in one file (WeasyPrint writes one standard's identification).

Importing this module checks the installed WeasyPrint first: another version than
:data:`SUPPORTED` stops with :class:`UnsupportedWeasyPrint`, one line, before any internal
is touched.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import re
import warnings
from collections.abc import Iterator

from .errors import RenderError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import weasyprint


TESTED = ("70.0",)  # the WeasyPrint versions brochure's tests and byte-for-byte builds ran with
SUPPORTED = ">=70,<71"  # what pyproject.toml requires: the range checked at import
_LOWEST, _BELOW = (70, 0), (71, 0)


class UnsupportedWeasyPrint(RenderError):
    """The installed WeasyPrint is not one brochure's patches were written for.

    Sent from a layout process to the build as the ``RenderError`` it is: this module, which
    failed to import, could not be imported to rebuild it.
    """

    def __reduce__(self):
        return RenderError, (self.message, self.path, self.line)


def check_version(version: str | None = None) -> str:
    """The installed WeasyPrint's version (or ``version``), if brochure supports it.

    Raises :class:`UnsupportedWeasyPrint`, one line saying which version is installed and
    which brochure supports.
    """
    version = str(weasyprint.__version__ if version is None else version)
    found = re.match(r"\s*(\d+)(?:\.(\d+))?", version)
    key = (int(found.group(1)), int(found.group(2) or 0)) if found else None
    if key is None or not _LOWEST <= key < _BELOW:
        raise UnsupportedWeasyPrint(
            f"WeasyPrint {version or '(unknown version)'} is installed, but brochure works with WeasyPrint "
            f"{SUPPORTED} only (tested with {', '.join(TESTED)}): install it with pip install 'weasyprint{SUPPORTED}'")
    return version


VERSION = check_version()

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import pydyf
    from weasyprint import CSS, HTML, document as weasy_document, layout as weasy_layout
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox
    from weasyprint.layout import inline as weasy_inline
    from weasyprint.pdf.metadata import DocumentMetadata
    from weasyprint.text import line_break as weasy_line_break
    from weasyprint.text.ffi import ffi as weasy_ffi, pango as weasy_pango
    from weasyprint.urls import URLFetcher, URLFetcherResponse

from .weasy_boxes import bottom_margins, fill, wide_tables  # noqa: E402  (only once WeasyPrint is checked)
from .weasy_columns import columns_kept_from_trials  # noqa: E402
from .weasy_images import images_encoded_once  # noqa: E402
from .weasy_lines import lines_broken_once  # noqa: E402
from .weasy_reading import recorded as marks_recorded  # noqa: E402
from .weasy_tags import repair as repair_tags  # noqa: E402
from . import weasy_variants as variants  # noqa: E402

__all__ = ["TESTED", "SUPPORTED", "VERSION", "UnsupportedWeasyPrint", "check_version", "URLFetcher",
           "URLFetcherResponse", "DocumentMetadata", "LeanHTML", "patched", "free_between_passes",
           "trailing_space_hangs", "fill", "unknown_characters", "page_characters", "release_once_painted",
           "no_interpolation", "repair_tags", "images_encoded_once", "marks_recorded", "variants", "finisher",
           "bottom_margins", "wide_tables"]


# -- the user-agent stylesheet ---------------------------------------------------------------

class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


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
        others, propagate = list(logger.handlers), logger.propagate
        for handler in others:  # a render's collector: this parse is not the document's
            logger.removeHandler(handler)
        heard = _Heard()
        logger.addHandler(heard)
        logger.propagate = False
        try:
            # its @counter-style rules are WeasyPrint's own, already known: parse them aside
            copy = CSS(string=lean, counter_style=type(counters)())
        finally:
            logger.removeHandler(heard)
            logger.propagate = propagate
            for handler in others:
                logger.addHandler(handler)
        return None if heard.records else (sheet, copy)
    except Exception:  # not the stylesheet expected: keep WeasyPrint's own
        return None


class LeanHTML(HTML):
    """``HTML`` with the lean user-agent stylesheet (see :func:`_lean_ua_stylesheet`): only for a
    document that uses no footnotes or notes."""

    def _ua_stylesheets(self, *args, **kwargs):
        sheets = list(super()._ua_stylesheets(*args, **kwargs))
        pair = _lean_ua_stylesheet()
        if pair is not None and sheets and sheets[0] is pair[0]:
            sheets[0] = pair[1]
        return sheets


# -- the layout, while a document is rendered --------------------------------------------------

@contextlib.contextmanager
def patched() -> Iterator[None]:
    """WeasyPrint's layout with brochure's four changes, for one render; WeasyPrint's own
    functions are put back when the block ends, whatever happens in it. (The lines broken
    once per page are the lines as :func:`trailing_space_hangs` breaks them.)"""
    with free_between_passes(), trailing_space_hangs(), lines_broken_once(), columns_kept_from_trials():
        yield


@contextlib.contextmanager
def free_between_passes() -> Iterator[None]:
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
    passes, document = weasy_layout.make_all_pages, weasy_document.layout_document
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
def trailing_space_hangs() -> Iterator[None]:
    """Let a line's trailing space overflow, as WeasyPrint's inline layout already does.

    WeasyPrint 70 compares a text's width *with* its trailing space to the width left on the
    line. A text ending with a space (a text before a ``<code>``, a link, bold…) whose words
    fit but whose space does not was then treated as too long: it was hyphenated at its first
    word, and the line ended after that fragment ("observab-" / "ility," / "and ML-…"). Here,
    when the words of such a text fit in the width, the text is laid out with room for its
    space; the space is dropped at the end of the line as usual. Words that do not fit are
    broken or hyphenated by WeasyPrint as before. (docs/weasyprint-line-break.md reproduces
    the bug with WeasyPrint alone.)
    """
    split = weasy_inline.split_first_line
    create, measure = weasy_line_break.create_layout, weasy_line_break.line_size

    def hanging(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        size = style["font_size"]
        words = text.rstrip(" ")
        if (result[2] is None or max_width is None or max_width == float("inf") or not size
                or words == text or "\n" in words or style["white_space"] not in ("normal", "pre-line")
                or len(text) > max_width / size * 4):  # only a text short enough for one line
            return result
        layout = create(words, style, context, None, justification_spacing)  # alive while its line is measured
        if measure(layout.get_first_line()[0], style)[0] > max_width:
            return result  # the words themselves do not fit
        retry = split(text, style, context, max_width + size, justification_spacing, is_line_start, minimum)
        return retry if retry[2] is None else result

    weasy_inline.split_first_line = hanging
    try:
        yield
    finally:
        weasy_inline.split_first_line = split


# -- the laid out pages --------------------------------------------------------------------------

def _text_boxes(pages) -> Iterator[TextBox]:
    for page in pages:
        page_box = getattr(page, "_page_box", None)
        if page_box is None:
            continue
        for root in page_box.children:
            if not isinstance(root, MarginBox):
                yield from (box for box in root.descendants() if isinstance(box, TextBox))


def _surely_drawn(char: str) -> bool:
    """Latin and the general punctuation: every font brochure could fall back on has them."""
    code = ord(char)
    return code <= 0x24F or 0x2000 <= code <= 0x206F or code == 0x20AC


def unknown_characters(document) -> set[str]:
    """The characters of a laid-out document that no font has: Pango marks their glyphs
    "unknown" (WeasyPrint then draws .notdef under an encoding of its own, which text
    extraction misreads). Only text holding characters beyond Latin is shaped again, each
    character once."""
    holders: dict[str, TextBox] = {}
    for box in _text_boxes(document.pages):
        for char in set(box.text):
            if char not in holders and not _surely_drawn(char):
                holders[char] = box
    found: set[str] = set()
    seen: set[str] = set()
    for char, box in holders.items():
        layout = getattr(box, "pango_layout", None)
        if char in seen or layout is None:
            continue
        seen.update(box.text)
        layout.reactivate(box.style)
        try:
            found.update(_unknown_glyphs(layout))
        finally:
            layout.deactivate()
    return found


def _unknown_glyphs(layout) -> Iterator[str]:
    flag = weasy_pango.PANGO_GLYPH_UNKNOWN_FLAG
    run = layout.get_first_line()[0].runs
    while run != weasy_ffi.NULL:
        glyphs = weasy_ffi.cast("PangoGlyphItem *", run.data).glyphs
        for index in range(glyphs.num_glyphs):
            glyph = glyphs.glyphs[index].glyph
            if glyph & flag and glyph != weasy_pango.PANGO_GLYPH_EMPTY:
                yield chr(glyph - flag)
        run = run.next


def page_characters(pages) -> list[str]:
    """Every character the text of ``pages`` (laid out, not yet written) shows, once each, in
    the order they first come."""
    return list(dict.fromkeys(char for box in _text_boxes(pages) for char in box.text))


def _join(stream) -> None:
    """Hold a painted page's content as one string instead of thousands of small ones (pydyf
    joins them the same way when it writes the file)."""
    to_bytes = getattr(pydyf, "_to_bytes", None)
    parts = getattr(stream, "stream", None)
    if to_bytes is not None and isinstance(parts, list) and len(parts) > 1:
        stream.stream = [b"\n".join(to_bytes(part) for part in parts)]


def release_once_painted(document) -> None:
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


def no_interpolation(_document, pdf) -> None:
    """A ``write_pdf`` finisher: PDF/A forbids asking viewers to smooth images (``/Interpolate true``)."""
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Subtype") == "/Image" and "Interpolate" in extra:
            extra["Interpolate"] = "false"
            mask = extra.get("SMask")
            if mask is not None and hasattr(mask, "extra") and "Interpolate" in mask.extra:
                mask.extra["Interpolate"] = "false"


def outlines_open(_document, pdf) -> None:
    """A ``write_pdf`` finisher: a document with bookmarks opens with them shown."""
    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"


def finisher(*steps):
    """One ``write_pdf`` finisher doing each of ``steps`` in turn (None without any)."""
    steps = [step for step in steps if step]
    return (lambda document, pdf: [step(document, pdf) for step in steps]) if steps else None
