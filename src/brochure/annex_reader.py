"""Reading a PDF from outside (a tender's annex) and keeping only what its pages show.

``open_annex`` walks the page tree (bounded: pages, nodes, depth), each page's resources and
annotations (bounded: objects, decompressed bytes, pixels), and marks for removal what could
act or reach outside: actions, JavaScript, attachments, multimedia, references to other files
and to other parts of the document. What it found is kept by kind, for one warning each.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from .annex_page import (ACTIONS, ANNOTATIONS, MAX_ANNOTATIONS, MAX_OBJECTS, MAX_PIXELS, MAX_STREAM_BYTES, MEDIA,
                         AnnexPage, Found, action_kinds, deref, inflated, page_content, read_page)
from .errors import ContentError, one_line

MAX_ANNEX_BYTES = 50 * 1024 * 1024
MAX_TREE_DEPTH = 64
HARD_LIMIT = 100_000  # pages, whatever the configuration says
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

STRUCTURE = {"/Annot", "/Page", "/Pages", "/Catalog", "/Sig", "/Outlines", "/Action", "/Filespec", "/EmbeddedFile"}
OTHER_PART = "reference to another part of the annex"
EXTERNAL = "reference to an external file"


class TooManyPages(Exception):
    def __init__(self, claimed: Any):
        self.claimed = claimed


# --- reading and cleaning ----------------------------------------------------------------------


def open_annex(path: Path, max_pages: int):
    """(reader, pages, found): the annex's pages ready to draw, cleaned; raises ``TooManyPages``.

    What pypdf says about a damaged file (it logs, and would print on stderr) becomes a note of
    ``found``, reported once with the annex's other warnings."""
    handler = _Notes()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    old, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            reader, pages, found = _open(path, max_pages)
        found.notes += handler.lines + [str(w.message) for w in caught]
        return reader, pages, found
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


class _Notes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(one_line(record.getMessage()))
        except Exception:  # a malformed log call must not stop a build
            pass


def _open(path: Path, max_pages: int):
    from pypdf import PdfReader
    from pypdf.generic import NullObject

    try:
        if path.stat().st_size > MAX_ANNEX_BYTES:
            raise ContentError(f"annex is larger than {MAX_ANNEX_BYTES // (1024 * 1024)} MiB", path)
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ContentError("annex is encrypted: give an unprotected copy", path)
        catalog = reader.trailer["/Root"].get_object()
        found = Found()
        nodes = _page_tree(catalog, min(max_pages, HARD_LIMIT), path)
        if not nodes:
            raise ContentError("annex has no page", path)
        structure = _structure(catalog, nodes)
        _document(catalog, found)
        pages, removals = [], []
        for number, (node, inherit) in enumerate(nodes, 1):
            page = read_page(number, node, inherit, found, path)
            page_content(page, path)  # bounded: checked here, decoded again when drawn
            removals += _walk(page, structure, found, path)
            pages.append(page)
        for container, key in removals:  # after every page is walked: shared objects are named on each
            if isinstance(key, int):
                container[key] = NullObject()
            else:
                container.pop(key, None)
        return reader, pages, found
    except (ContentError, TooManyPages):
        raise
    except Exception as exc:  # pypdf on a damaged or hostile file: RecursionError, KeyError, limits...
        raise ContentError(f"annex is not a readable PDF: {one_line(exc) or type(exc).__name__}", path) from None


def _page_tree(catalog: Any, limit: int, path: Path) -> list[tuple[Any, dict]]:
    """The leaves of the page tree, with what they inherit; stops past ``limit`` pages; a node
    met twice (a loop, a shared subtree) or a tree too deep makes the annex unusable."""
    from pypdf.generic import ArrayObject, DictionaryObject

    top = deref(catalog.get("/Pages"))
    if not isinstance(top, DictionaryObject):
        raise ContentError("annex has no page tree", path)
    pages: list[tuple[Any, dict]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, dict, int]] = [(top, {}, 0)]
    while stack:
        raw, inherit, depth = stack.pop()
        node = deref(raw)
        if not isinstance(node, DictionaryObject) or not node:
            continue
        if id(node) in seen or depth > MAX_TREE_DEPTH or len(seen) > 4 * limit + 100:
            raise ContentError("annex's page tree is malformed (a loop, a shared node or too many levels)", path)
        seen.add(id(node))
        kind = node.get("/Type") or ("/Pages" if "/Kids" in node else "/Page")
        if kind == "/Pages":
            inherit = {**inherit, **{k: dict.__getitem__(node, k) for k in INHERITED if k in node}}
            kids = deref(node.get("/Kids"))
            if isinstance(kids, ArrayObject):
                stack += [(kid, inherit, depth + 1) for kid in reversed(kids)]
        else:
            pages.append((node, inherit))
            if len(pages) > limit:
                raise TooManyPages(deref(top.get("/Count")))
    return pages


def _structure(catalog: Any, nodes: list[tuple[Any, dict]]) -> set[int]:
    """Objects a page's resources must not reach: the catalog and what it holds, the pages, their annotations."""
    ids = {id(catalog)} | {id(deref(v)) for v in dict.values(catalog)}
    for node, _inherit in nodes:
        ids.add(id(node))
        parent, hops = node.get("/Parent"), 0
        while parent is not None and hops < MAX_TREE_DEPTH:
            ids.add(id(deref(parent)))
            parent, hops = deref(parent).get("/Parent") if hasattr(deref(parent), "get") else None, hops + 1
        annots = deref(node.get("/Annots"))
        for annot in list(annots)[:MAX_ANNOTATIONS] if isinstance(annots, list) else ():
            ids.add(id(deref(annot)))
    return ids


def _document(catalog: Any, found: Found) -> None:
    """What the annex's catalog holds (never copied), said once."""
    found.add(action_kinds(catalog.get("/OpenAction"), automatic=False), 0)
    found.add(action_kinds(catalog.get("/AA"), automatic=True), 0)
    names = deref(catalog.get("/Names"))
    if hasattr(names, "get"):
        if names.get("/JavaScript") is not None:
            found.add("JavaScript", 0)
        if names.get("/EmbeddedFiles") is not None:
            found.add("embedded file", 0)
    form = deref(catalog.get("/AcroForm"))
    if hasattr(form, "get") and form.get("/XFA") is not None:
        found.add("XFA form (scripts)", 0)


def _walk(page: AnnexPage, structure: set[int], found: Found, path: Path) -> list[tuple[Any, Any]]:
    """What to remove from the objects the page draws with (its resources, its annotations'
    appearances, its group): actions, scripts, files, multimedia, the annex's other parts."""
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    removals: list[tuple[Any, Any]] = []
    start = [page.resources] + ([deref(page.node.get("/Group"))] if page.node.get("/Group") is not None else [])
    stack, seen, budget = start, set(), MAX_STREAM_BYTES
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if len(seen) > MAX_OBJECTS:
            raise ContentError(f"annex page {page.number} draws with more than {MAX_OBJECTS} objects", path)
        if isinstance(obj, StreamObject):
            if obj.get("/Subtype") == "/Image":
                width, height = deref(obj.get("/Width")), deref(obj.get("/Height"))
                if isinstance(width, int) and isinstance(height, int) and width * height > MAX_PIXELS:
                    raise ContentError(f"annex page {page.number} has an image of {width}×{height} pixels, "
                                       f"over {MAX_PIXELS // 1_000_000} million", path)
            else:
                budget -= inflated(obj, budget)
                if budget < 0:
                    raise ContentError(f"annex page {page.number}: its fonts and forms decompress to more than "
                                       f"{MAX_STREAM_BYTES // (1024 * 1024)} MiB", path)
        if isinstance(obj, DictionaryObject):
            items = [(key, dict.__getitem__(obj, key)) for key in list(obj)]
        elif isinstance(obj, ArrayObject):
            items = list(enumerate(obj))
        else:
            continue
        for key, raw in items:
            kinds = _unsafe(obj, key, deref(raw), structure)
            if kinds is not None:
                found.add(kinds, page.number)
                removals.append((obj, key))
            elif isinstance(deref(raw), (DictionaryObject, ArrayObject)):
                stack.append(deref(raw))
    return removals


def _unsafe(container: Any, key: Any, value: Any, structure: set[int]) -> list[str] | None:
    """The warning kinds if ``container[key]`` must go (an empty list: goes without a word), else None."""
    from pypdf.generic import DictionaryObject, StreamObject

    if key in ("/JS", "/JavaScript"):
        return ["JavaScript"]
    if key in ("/A", "/AA", "/OpenAction", "/Next"):
        return action_kinds(value, automatic=key != "/A")
    if key in ("/EF", "/EmbeddedFiles", "/FS"):
        return ["embedded file"]
    if key in ("/RichMediaContent", "/RichMediaSettings", "/3DD", "/Movie", "/Sound"):
        return ["multimedia or 3D content"]
    if key in ("/Ref", "/OPI") or isinstance(container, StreamObject) and key in ("/F", "/FFilter", "/FDecodeParms"):
        return [EXTERNAL]
    if not isinstance(value, DictionaryObject):
        return None
    if id(value) in structure:
        return [OTHER_PART]
    kind, subtype = str(value.get("/Type")), str(value.get("/Subtype"))
    if kind == "/Action" or str(value.get("/S")) in (*ACTIONS, "/URI"):
        return action_kinds(value, automatic=True)
    if kind in ("/Filespec", "/EmbeddedFile"):
        return ["embedded file" if value.get("/EF") is not None or kind == "/EmbeddedFile" else EXTERNAL]
    if subtype == "/PS":
        return ["PostScript code"]
    if subtype in MEDIA or kind in ("/3D", "/RichMediaContent"):
        return ["multimedia or 3D content"]
    if subtype == "/FileAttachment":
        return ["file attachment"]
    if kind in STRUCTURE or subtype in ANNOTATIONS and value.get("/Rect") is not None:
        return [OTHER_PART]
    return None


# --- drawing -----------------------------------------------------------------------------------


