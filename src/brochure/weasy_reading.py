"""What a screen reader gets from a PDF/UA WeasyPrint 70 writes: mended before it is written.

Part of :mod:`brochure.weasy` (through :mod:`brochure.weasy_tags`, whose finisher calls
:func:`mend`). WeasyPrint tags every box it draws and reads aloud what the HTML says; what a
listener hears was, in the bundled brochure:

* **every decorative image read out** ("Picto Cible", "Fleche vers la droite" in the middle of
  the key fact): an image marked ``role="presentation"`` (or ``"none"``, or
  ``aria-hidden="true"``, or ``alt=""``) is drawn here as an artifact, out of the structure tree;
  so is a ``leader()`` (the contents' dotted leader, read as forty dots);
* **hyphenated words heard in two halves**: WeasyPrint ends a line with a real hyphen (U+2010)
  where it hyphenates, and a reader said "ou‐ vrables". The line's marked content gets an
  ``/ActualText`` (ISO 32000-1 14.9.4) holding the whole word and no hyphen, the next line's
  one the rest of its text; so does the line's ``Span`` element;
* **link descriptions that were raw targets** ("case-occitanie"): each link annotation's
  ``/Contents`` is the link's accessible name, its ``aria-label`` (where ``{page}`` is the page
  its target is on) or else its text; where that name is not what the link shows (the contents'
  and the summary table's links, whose page number is drawn by CSS), the ``Link`` element gets it
  as ``/Alt``.

Which box drew which marked content is known only while WeasyPrint paints: :func:`recorded`
notes it on the stream being painted, for the finisher to read.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pydyf
from weasyprint.formatting_structure.boxes import ReplacedBox, TextBox
from weasyprint.pdf.stream import Stream

NULL = b"null"
_RECORD = "_brochure_boxes"  # the attribute a painted stream holds its {MCID: box} in
_DECORATIVE_ROLES = ("presentation", "none")
_WORD = re.compile(r"(?:[^\s]|[\xa0\u202f])*")  # up to a space a line may break at


@contextlib.contextmanager
def recorded() -> Iterator[None]:
    """While a tagged document is written: each stream remembers which box each of its marked
    contents (``MCID``) drew. WeasyPrint's method is put back when the block ends."""
    marked = Stream.marked

    @contextlib.contextmanager
    def remembering(self, box, tag):
        with marked(self, box, tag):
            tags = getattr(self, "_tags", None)
            if tags is not None and box in tags:
                self.__dict__.setdefault(_RECORD, {})[tags[box]["mcid"]] = box
            yield

    Stream.marked = remembering
    try:
        yield
    finally:
        Stream.marked = marked


@dataclass
class Mark:
    """One marked content: where it is drawn, its property list, the box it drew."""
    page_array: list
    parts: list
    index: int  # of its property list in ``parts``
    mcid: int
    box: object


def _marks(tree, streams) -> Iterator[Mark]:
    for page, page_array, stream in streams:
        boxes = getattr(stream, _RECORD, None)
        parts = getattr(stream, "stream", None)
        if not boxes or not isinstance(parts, list):
            continue
        for index, part in enumerate(parts[1:-1], start=1):
            if isinstance(part, dict) and part.get("MCID") in boxes and parts[index + 1] == b"BDC":
                yield Mark(page_array, parts, index, part["MCID"], boxes[part["MCID"]])


def mend(tree, document, streams) -> None:
    """Decorative content as artifacts, hyphenated words whole (see the module's docstring).
    ``streams``: (page, its parent tree array, a stream drawn on it), for each page and each
    transparency group it draws; before the groups get their own parent tree entries."""
    marks = list(_marks(tree, streams))
    leaders = _leader_texts(document)
    for mark in marks:
        if isinstance(mark.box, ReplacedBox) and _decorative(mark.box) or id(mark.box) in leaders:
            _artifact(tree, mark)
    spoken = _whole_words(document)
    for mark in marks:
        if id(mark.box) in spoken:
            _actual_text(tree, mark, spoken[id(mark.box)])


# -- artifacts --------------------------------------------------------------------------------

def _decorative(box) -> bool:
    attributes = getattr(getattr(box, "element", None), "attrib", {})
    return (attributes.get("role", "").strip().lower() in _DECORATIVE_ROLES
            or attributes.get("aria-hidden", "").strip().lower() == "true"
            or attributes.get("alt", None) == "")


def _descendants(box) -> Iterator[object]:
    """``box`` and the boxes inside it, in the tree's order (without recursion: content may nest deep)."""
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", None) or ()))


def _page_boxes(document) -> Iterator[object]:
    for page in document.pages:
        page_box = getattr(page, "_page_box", None)
        if page_box is not None:
            yield from _descendants(page_box)


def _leader_texts(document) -> set[int]:
    return {id(inner) for box in _page_boxes(document) if getattr(box, "is_leader", False)
            for inner in _descendants(box) if isinstance(inner, TextBox)}


def _artifact(tree, mark: Mark) -> None:
    """Draw ``mark`` as an artifact and take it out of the structure tree (an element left with
    nothing in it goes too, and so on up)."""
    element = tree.get(mark.page_array[mark.mcid]) if 0 <= mark.mcid < len(mark.page_array) else None
    kids = element.get("K") if isinstance(element, dict) else None
    if not isinstance(kids, list) or mark.mcid not in kids:
        return  # not the tree expected: left as it is
    mark.parts[mark.index - 1] = "/Artifact"
    mark.parts[mark.index] = pydyf.Dictionary({})
    kids.remove(mark.mcid)
    mark.page_array[mark.mcid] = NULL
    while isinstance(element, dict) and element.get("Type") == "/StructElem" and not element.get("K"):
        parent = tree.get(element.get("P"))
        siblings = parent.get("K") if isinstance(parent, dict) else None
        if not isinstance(siblings, list) or element.reference not in siblings:
            return
        siblings.remove(element.reference)
        element = parent


def prune(tree) -> None:
    """Take out the ``Span`` elements left empty (a leader's, once drawn as an artifact and its
    annotation gathered into its link)."""
    for element in [o for o in reversed(tree.pdf.objects) if isinstance(o, dict) and o.get("S") == "/Span"]:
        parent = tree.get(element.get("P"))
        siblings = parent.get("K") if isinstance(parent, dict) else None
        if element.get("Type") == "/StructElem" and element.get("K") == [] and isinstance(siblings, list) \
                and element.reference in siblings:
            siblings.remove(element.reference)


# -- hyphenated words -------------------------------------------------------------------------

def _whole_words(document) -> dict[int, str]:
    """For each line of text that ends with a hyphen WeasyPrint added, and for the text that
    continues it: what a reader should get (the word whole, on the first line)."""
    texts = [box for box in _page_boxes(document) if isinstance(box, TextBox) and box.text.strip()]
    spoken: dict[int, str] = {}
    for box, following in zip(texts, texts[1:]):
        hyphen = box.style["hyphenate_character"]
        if not hyphen or not box.text.endswith(hyphen) or box.style["hyphens"] == "none":
            continue
        rest = _WORD.match(following.text).group(0)
        if not rest or (following.position_y == box.position_y and following.position_x > box.position_x):
            continue  # not a word broken across lines (a hyphen written before a bold word…)
        spoken[id(box)] = spoken.get(id(box), box.text)[:-len(hyphen)] + rest
        spoken[id(following)] = following.text[len(rest):].lstrip()
    return spoken


def _actual_text(tree, mark: Mark, text: str) -> None:
    mark.parts[mark.index]["ActualText"] = pydyf.String(text)
    element = tree.get(mark.page_array[mark.mcid]) if 0 <= mark.mcid < len(mark.page_array) else None
    if isinstance(element, dict) and element.get("S") == "/Span" and list(element.get("K") or ()) == [mark.mcid]:
        element["ActualText"] = pydyf.String(text)


# -- link descriptions ------------------------------------------------------------------------

def _target_pages(document) -> dict[str, int]:
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in getattr(page, "anchors", None) or {}:
            pages.setdefault(name, number)
    return pages


def _name(box, pages: dict[str, int], target: str | None) -> tuple[str, bool]:
    """The link's accessible name, and whether it is its ``aria-label`` (not what it shows)."""
    element = getattr(box, "element", None)
    label = (getattr(element, "attrib", None) or {}).get("aria-label", "")
    text = " ".join("".join(element.itertext()).split()) if element is not None else ""
    if label.strip():
        page = pages.get(target or "")
        label = label.replace("{page}", str(page)) if page else re.sub(r"[\s,]*\S*\{page\}\S*", "", label)
        return " ".join(label.split()), True
    return text, False


def describe_links(tree, document) -> None:
    """Each link annotation's ``/Contents`` in words (see the module's docstring)."""
    pages = _target_pages(document)
    boxes = {id(box.link_annotation): box for box in _page_boxes(document)
             if getattr(box, "link_annotation", None) is not None}
    annotations = {}
    for item in tree.pdf.objects:
        if isinstance(item, dict) and item.get("Subtype") == "/Link" and id(item) in boxes:
            annotations[item.get("StructParent")] = item
    for key, annotation in annotations.items():
        target = annotation.get("Dest") or (annotation.get("A") or {}).get("URI")
        name, labelled = _name(boxes[id(annotation)], pages, getattr(target, "string", None))
        if not name:
            continue
        annotation["Contents"] = pydyf.String(name)
        element = tree.get(tree.parents.get(key))
        if labelled and isinstance(element, dict) and element.get("S") == "/Link":
            element["Alt"] = pydyf.String(name)
