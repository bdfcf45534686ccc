"""Stage 6b: existing PDFs appended to the brochure (certificates, attestations), with pypdf.

The brochure is laid out with one blank page for each page of each annex, so that its
table of contents, links and bookmarks already point at the right pages; the annexes'
pages are then drawn on those blank pages, scaled to fit if their size differs.

Annexes come from outside: only what an annex page shows is copied, as a form XObject
holding the page's drawing instructions and the resources they use. Actions, JavaScript,
attachments, multimedia and references to other files are left behind (``open_annex`` finds
them, for the build's warnings and for ``fill``, the same way); visible annotations are
drawn into the page, and plain web links are rebuilt. Every cost is bounded: pages
(``limits.annex_pages``), page-tree nodes, objects and decompressed bytes per page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annex_page import AnnexPage, deref, page_content
from .annex_reader import TooManyPages, open_annex
from .errors import ContentError, one_line


@dataclass
class Checked:
    pages: int
    warnings: list[str]  # one line each: what was left out of the annex, and where


def check(path: Path, max_pages: int) -> Checked:
    """The annex's page count and what will be left out of it. Raises ``ContentError`` for an
    annex that cannot be used (unreadable, encrypted, over ``max_pages`` pages, a bomb)."""
    try:
        _reader, pages, found = open_annex(path, max_pages)
    except TooManyPages as exc:
        claimed = exc.claimed
        count = f"{claimed} pages" if isinstance(claimed, int) and claimed > max_pages else f"more than {max_pages} pages"
        raise ContentError(f"annex has {count}, over the limit of {max_pages} "
                           "(limits.annex_pages in brochure.toml)", path) from None
    return Checked(len(pages), found.lines())


def fill(data: bytes, annexes: list[tuple[Path, int, int]], footers: dict[int, float] | None = None) -> bytes:
    """Draw each annex's pages (``check`` counted them) on the blank pages of ``data`` starting
    at the given page index, without what ``check`` said is left out. ``footers``: for a page
    index, the height (in points) kept free at the bottom of the page for its running footer;
    the annex page is fitted above it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for path, start, count in annexes:
        try:
            _reader, pages, _found = open_annex(path, count)
        except TooManyPages:
            pages = []
        if len(pages) != count:
            raise ContentError("annex changed during the build: build again", path)
        for page in pages:
            try:
                index = start + page.number - 1
                _draw(writer, index, page, path, (footers or {}).get(index, 0.0))
            except ContentError:
                raise
            except Exception as exc:  # pypdf on a damaged file
                raise ContentError(f"annex page {page.number} cannot be copied: {one_line(exc)}", path) from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _draw(writer: Any, index: int, page: AnnexPage, path: Path, footer: float = 0.0) -> None:
    """Draw the cleaned annex page on the writer's page ``index`` as one form XObject, fitted in its
    trim box above the ``footer`` (points) kept for the running footer."""
    from pypdf.generic import RectangleObject

    target = writer.pages[index]
    trim = target.trimbox
    footer = min(max(footer, 0.0), float(trim.height) / 2)
    box = RectangleObject([trim.left, float(trim.bottom) + footer, trim.right, trim.top])
    place = _placement(page, box)
    _show(writer, target, _form(writer, page, place, path))
    _links(writer, target, page, place, box)


def _placement(page: AnnexPage, box: Any) -> Any:
    """The transformation that turns the annex page upright and fits it, centred, in ``box``."""
    from pypdf import Transformation

    left, bottom, right, top = page.box
    place = Transformation().rotate(-page.rotate)
    corners = [place.apply_on((x, y)) for x in (left, right) for y in (bottom, top)]
    low_x, low_y = min(c[0] for c in corners), min(c[1] for c in corners)
    width, height = max(c[0] for c in corners) - low_x, max(c[1] for c in corners) - low_y
    scale = min(float(box.width) / width, float(box.height) / height)
    return (place.translate(-low_x, -low_y).scale(scale)
            .translate(float(box.left) + (float(box.width) - width * scale) / 2,
                       float(box.bottom) + (float(box.height) - height * scale) / 2))


def _form(writer: Any, page: AnnexPage, place: Any, path: Path) -> Any:
    """The annex page as a form XObject added to ``writer``: its drawing, its annotations' looks."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    form = DecodedStreamObject()
    form.set_data(b"q\n" + page_content(page, path) + b"\nQ\n" + page.drawings)
    form.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.box),
        NameObject("/Matrix"): ArrayObject(FloatObject(round(v, 6)) for v in place.ctm),
        NameObject("/Resources"): page.resources.clone(writer),
    })
    group = page.node.get("/Group")
    if group is not None and isinstance(deref(group), DictionaryObject):
        form[NameObject("/Group")] = deref(group).clone(writer)
    return writer._add_object(form.flate_encode())


def _show(writer: Any, target: Any, reference: Any) -> None:
    """Draw the form ``reference`` on the page ``target``, after what the page already draws."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    resources = deref(target.get("/Resources"))
    resources = DictionaryObject(dict.items(resources) if isinstance(resources, DictionaryObject) else ())
    xobjects = deref(resources.get("/XObject"))
    xobjects = DictionaryObject(dict.items(xobjects) if isinstance(xobjects, DictionaryObject) else ())
    name = "/Annex"
    while name in xobjects:
        name += "x"
    xobjects[NameObject(name)] = reference
    resources[NameObject("/XObject")] = xobjects
    target[NameObject("/Resources")] = resources
    contents = target.get("/Contents")
    contents = list(deref(contents)) if isinstance(deref(contents), list) else [] if contents is None else [contents]

    def stream(data: bytes):
        s = DecodedStreamObject()
        s.set_data(data)
        return writer._add_object(s)

    contents = [c if hasattr(c, "idnum") else writer._add_object(c) for c in contents]
    target[NameObject("/Contents")] = ArrayObject(
        [stream(b"q\n"), *contents, stream(f"\nQ\nq {name} Do Q\n".encode("ascii"))])


def _links(writer: Any, target: Any, page: AnnexPage, place: Any, box: Any) -> None:
    """The annex page's web links, rebuilt where their text now lies."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    for rect, uri in page.links:
        corners = [place.apply_on((x, y)) for x in rect[::2] for y in rect[1::2]]
        area = (max(min(c[0] for c in corners), float(box.left)), max(min(c[1] for c in corners), float(box.bottom)),
                min(max(c[0] for c in corners), float(box.right)), min(max(c[1] for c in corners), float(box.top)))
        if area[2] > area[0] and area[3] > area[1]:
            writer.add_annotation(target, DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(FloatObject(v) for v in area),
                NameObject("/Border"): ArrayObject([FloatObject(0)] * 3),
                NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                                    NameObject("/URI"): _string(uri)}),
            }))


def _string(text: str) -> Any:
    from pypdf.generic import TextStringObject

    return TextStringObject(text)
