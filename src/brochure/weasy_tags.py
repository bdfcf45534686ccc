"""The structure tree WeasyPrint 70 writes for PDF/UA, repaired (a ``write_pdf`` finisher).

Part of :mod:`brochure.weasy`, which imports it once the installed WeasyPrint is checked: it
reads and changes the ``pydyf`` objects WeasyPrint has made, just before they are written.
veraPDF found two faults in WeasyPrint's tagging, whatever the document:

* **Content in a transparency group is not tagged** (PDF/UA-1 rule 7.1-3). An element with
  ``opacity`` below 1 is drawn into a form XObject; its text is marked with MCIDs counted with
  the page's, but the structure tree refers to them as if they were in the page's content
  stream, and the form has no ``/StructParents``. Here each such form gets its own entry in the
  parent tree, and the structure elements refer to its content with marked-content references
  (``/MCR`` with ``/Stm``), as ISO 32000-1 14.7.4.3 says.
* **Link annotations outside a Link element** (rule 7.18.5-1). WeasyPrint gives an annotation
  to every box inside a link (the ``<span>`` in an ``<a>``, its ``::after``, a leader), each
  under its own element: a ``Span``, or a ``Link`` inside the ``Link``. Here every annotation
  goes to the outermost ``Link`` element with the same target (or its element becomes one),
  a ``Link`` left inside another one becomes a ``Span``, and an annotation whose rectangle lies
  inside another of the same link, on the same page, is dropped: it added nothing one could
  click, only another stop for a screen reader's user.

Real sites' case studies showed two more, mended here too: the paragraphs of a list item written
with blank lines (a loose list) put right in the ``LI`` beside its label (rule 7.2-20: they get
an ``LBody``), and a header cell spanning columns given as a header to the cells of its first
column only (rule 7.5-1). What a case study writes is shaped first by :mod:`brochure.markup.structure`.

What a screen reader gets (decorative images, leaders, hyphenated words, link descriptions) is
mended by :mod:`brochure.weasy_reading`, called from :func:`repair`.

A tree that is not shaped as expected is left as it is, part by part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pydyf

from . import weasy_reading

_DO = re.compile(rb"^/(\S+) Do$")
NULL = b"null"


class _Tree:
    """The objects of a PDF being written, by reference, and its parent tree as a dict."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        root = self.get(pdf.catalog.get("StructTreeRoot"))
        self.mapping = self.get(root.get("ParentTree")) if isinstance(root, dict) else None
        nums = self.mapping.get("Nums") if isinstance(self.mapping, dict) else None
        self.parents = dict(zip(nums[::2], nums[1::2])) if isinstance(nums, list) else None

    def get(self, reference):
        """The object a reference (``b"12 0 R"``) points at, or the value itself."""
        if isinstance(reference, bytes) and reference.endswith(b" R"):
            number = int(reference.split()[0])
            if 0 < number < len(self.pdf.objects):
                return self.pdf.objects[number]
        return reference

    def add(self, value) -> int:
        key = max(self.parents, default=-1) + 1
        self.parents[key] = value
        return key

    def write(self) -> None:
        self.mapping["Nums"] = pydyf.Array(item for key in sorted(self.parents) for item in (key, self.parents[key]))


def repair(document, pdf) -> None:
    """A ``write_pdf`` finisher for a tagged PDF (see the module's docstring)."""
    tree = _Tree(pdf)
    if tree.parents is None:
        return
    weasy_reading.mend(tree, document, list(_streams(tree)))
    tag_groups(tree)
    gather_links(tree)
    list_bodies(tree)
    column_headers(tree)
    weasy_reading.describe_links(tree, document)
    weasy_reading.prune(tree)
    tree.write()


# -- content drawn in transparency groups ----------------------------------------------------

def _groups(tree: _Tree, stream, resources) -> Iterator[pydyf.Stream]:
    """The transparency groups ``stream`` draws, and those they draw, depth first."""
    names = tree.get(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(names, dict):
        return
    for part in stream.stream:
        found = _DO.match(part) if isinstance(part, bytes) else None
        group = tree.get(names.get(found.group(1).decode("latin-1"))) if found else None
        if isinstance(group, pydyf.Stream) and "Group" in group.extra:
            yield group
            yield from _groups(tree, group, tree.get(group.extra.get("Resources")))


def _streams(tree: _Tree) -> Iterator[tuple[dict, list, pydyf.Stream]]:
    """(page, its parent tree array, stream) for each page's content and the groups it draws."""
    for number in tree.pdf.pages["Kids"][::3]:
        page = tree.pdf.objects[number]
        page_array = tree.parents.get(page.get("StructParents"))
        stream = tree.get(page.get("Contents"))
        if isinstance(page_array, list) and isinstance(stream, pydyf.Stream):
            yield page, page_array, stream
            for group in _groups(tree, stream, tree.get(page.get("Resources"))):
                yield page, page_array, group


def tag_groups(tree: _Tree) -> None:
    """Give the marked content of each transparency group its own place in the parent tree."""
    for page, page_array, stream in list(_streams(tree)):
        if stream is tree.get(page.get("Contents")):
            continue  # the page's own content
        mcids = [part["MCID"] for part in stream.stream if isinstance(part, dict) and "MCID" in part]
        if mcids and "StructParents" not in stream.extra:
            _refer(tree, page, page_array, stream, mcids)


def _refer(tree: _Tree, page, page_array, group, mcids: list[int]) -> None:
    """The elements that hold ``mcids`` refer to them in ``group``, which gets a parent tree entry."""
    elements = [tree.get(page_array[mcid]) if 0 <= mcid < len(page_array) else None for mcid in mcids]
    if not all(isinstance(e, dict) and isinstance(e.get("K"), list) and m in e["K"] for e, m in zip(elements, mcids)):
        return  # not the tree expected: left as it is
    array = pydyf.Array([NULL] * (max(mcids) + 1))
    for mcid, element in zip(mcids, elements):
        element["K"][element["K"].index(mcid)] = pydyf.Dictionary({
            "Type": "/MCR", "Pg": page.reference, "Stm": group.reference, "MCID": mcid})
        array[mcid], page_array[mcid] = page_array[mcid], NULL
    group.extra["StructParents"] = tree.add(array)


# -- link annotations ------------------------------------------------------------------------

def _target(annotation) -> bytes | None:
    action = annotation.get("A")
    value = annotation.get("Dest") or (action.get("URI") if isinstance(action, dict) else None)
    return getattr(value, "data", None)


def _annotations(tree: _Tree, element) -> Iterator[tuple[bytes, dict, dict]]:
    """(reference, OBJR, annotation) for each link annotation ``element`` holds."""
    for kid in element.get("K") or ():
        objr = tree.get(kid)
        if isinstance(objr, dict) and objr.get("Type") == "/OBJR":
            annotation = tree.get(objr.get("Obj"))
            if isinstance(annotation, dict) and annotation.get("Subtype") == "/Link":
                yield kid, objr, annotation


def _ancestors(tree: _Tree, element) -> Iterator[dict]:
    seen = set()
    while isinstance(element, dict) and element.get("Type") == "/StructElem" and id(element) not in seen:
        seen.add(id(element))
        yield element
        element = tree.get(element.get("P"))


def _owner(tree: _Tree, element, target: bytes | None) -> dict:
    """The outermost Link element around ``element`` that links to ``target``, else the nearest
    Link, else ``element`` itself (made a Link)."""
    links = [e for e in _ancestors(tree, element) if e.get("S") == "/Link"]
    same = [e for e in links if any(_target(a) == target for _, _, a in _annotations(tree, e))]
    owner = (same or links or [element])[-1 if same else 0]
    owner["S"] = "/Link"
    return owner


def gather_links(tree: _Tree) -> None:
    """Every link annotation under the Link element it belongs to, once."""
    elements = [o for o in tree.pdf.objects if isinstance(o, dict) and o.get("Type") == "/StructElem"]
    owners: dict[int, dict] = {}
    for element in elements:
        for kid, objr, annotation in list(_annotations(tree, element)):
            owner = _owner(tree, element, _target(annotation))
            owners[id(owner)] = owner
            if owner is not element:
                element["K"].remove(kid)
                owner["K"].append(kid)
                if annotation.get("StructParent") in tree.parents:
                    tree.parents[annotation["StructParent"]] = owner.reference
    for element in elements:
        if element.get("S") == "/Link" and id(element) not in owners:
            if any(e.get("S") == "/Link" for e in list(_ancestors(tree, element))[1:]):
                element["S"] = "/Span"  # what was a Link inside a Link
    for owner in owners.values():
        _drop_covered(tree, owner)


def _drop_covered(tree: _Tree, owner) -> None:
    """Drop the annotations of ``owner`` that another of its own, to the same target on the same
    page, covers."""
    held = list(_annotations(tree, owner))
    for kid, objr, annotation in held:
        if any(other_kid in owner["K"] and other is not annotation and _target(other) == _target(annotation)
               and objr.get("Pg") == other_objr.get("Pg") and _inside(annotation, other)
               for other_kid, other_objr, other in held):
            owner["K"].remove(kid)
            page = tree.get(objr.get("Pg"))
            annots = page.get("Annots") if isinstance(page, dict) else None
            if isinstance(annots, list) and annotation.reference in annots:
                annots.remove(annotation.reference)
            tree.parents.pop(annotation.get("StructParent"), None)
            annotation.clear()  # nothing refers to them any more: written as empty dictionaries
            objr.clear()


def _inside(inner, outer) -> bool:
    def box(annotation):
        x1, y1, x2, y2 = (float(v) for v in annotation["Rect"])
        return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)

    (a, b, c, d), (e, f, g, h) = box(inner), box(outer)
    slack = 0.01  # points: the same edge, computed twice, may differ in its last digits
    return e - slack <= a and f - slack <= b and c <= g + slack and d <= h + slack


# -- list items and table cells --------------------------------------------------------------

def _elements(tree: _Tree, kind: str) -> list[dict]:
    return [o for o in tree.pdf.objects if isinstance(o, dict) and o.get("Type") == "/StructElem" and o.get("S") == kind]


def _kind(tree: _Tree, kid) -> str | None:
    element = tree.get(kid)
    return element.get("S") if isinstance(element, dict) and element.get("Type") == "/StructElem" else None


def list_bodies(tree: _Tree) -> None:
    """What a list item holds besides its label is in a body (rule 7.2-20): WeasyPrint puts the
    paragraphs of an item written with blank lines between them (a loose list) right in the LI.
    Each run of such elements is wrapped in an LBody; an item holding marked content is left."""
    for item in _elements(tree, "/LI"):
        kids = item.get("K")
        if not isinstance(kids, list) or not all(_kind(tree, kid) for kid in kids):
            continue
        runs: list[list] = []
        for previous, kid in zip([None, *kids], kids):
            if _kind(tree, kid) not in ("/Lbl", "/LBody"):
                if previous is None or _kind(tree, previous) in ("/Lbl", "/LBody"):
                    runs.append([])
                runs[-1].append(kid)
        for run in runs:
            body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(run), "P": item.reference})
            tree.pdf.add_object(body)
            for kid in run:
                tree.get(kid)["P"] = body.reference
            at = kids.index(run[0])
            kids[at:at + len(run)] = [body.reference]


def _cells(tree: _Tree, table) -> Iterator[tuple[int, int, dict]]:
    """(row, first column, cell) for each TH and TD of ``table``, spans counted."""
    rows = []
    for kid in table.get("K") or ():
        if _kind(tree, kid) in ("/THead", "/TBody", "/TFoot"):
            rows += [tree.get(k) for k in tree.get(kid).get("K") or () if _kind(tree, k) == "/TR"]
        elif _kind(tree, kid) == "/TR":
            rows.append(tree.get(kid))
    taken: set[tuple[int, int]] = set()
    for i, row in enumerate(rows):
        j = 0
        for cell in (tree.get(k) for k in row.get("K") or () if _kind(tree, k) in ("/TH", "/TD")):
            while (i, j) in taken:
                j += 1
            spans = cell.get("A") if isinstance(cell.get("A"), dict) else {}
            columns, rows_down = int(spans.get("ColSpan", 1)), int(spans.get("RowSpan", 1))
            taken |= {(i + di, j + dj) for di in range(rows_down) for dj in range(columns)}
            yield i, j, cell
            j += columns


def column_headers(tree: _Tree) -> None:
    """A header cell spanning columns heads each of them (rule 7.5-1): WeasyPrint gives it as a
    header to the cells of its first column only. A TH that no cell of its own row names is a
    column header."""
    for table in _elements(tree, "/Table"):
        cells = list(_cells(tree, table))
        named = {(i, h.data) for i, _, c in cells if c["S"] == "/TD" and isinstance(c.get("A"), dict)
                 for h in c["A"].get("Headers") or ()}
        heads = [(j, int(c["A"].get("ColSpan", 1)), c["ID"]) for i, j, c in cells if c["S"] == "/TH"
                 and isinstance(c.get("A"), dict) and "ID" in c and (i, c["ID"].data) not in named]
        for _, j, cell in cells:
            headers = cell["A"].get("Headers") if cell["S"] == "/TD" and isinstance(cell.get("A"), dict) else None
            if not isinstance(headers, list):
                continue
            columns = range(j, j + int(cell["A"].get("ColSpan", 1)))
            known = {h.data for h in headers}
            headers += [key for start, width, key in heads if key.data not in known
                        and set(columns) & set(range(start, start + width))]
