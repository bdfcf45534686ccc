"""The structure a screen reader needs from a text's HTML (PDF/UA-1, checked by veraPDF).

Run on sanitized HTML (nh3's output: lower-case tags, attributes in double quotes with ``>``
escaped, every table row in a ``thead``, ``tbody`` or ``tfoot``), by :func:`brochure.markup.join`.

* **Headings nest under the template's.** A text's headings are renumbered so that its highest
  sits at ``top`` (2: one below the case study's ``h1``) and none skips a level (rule 7.4.2-1):
  ``####`` then ``######`` then ``##`` become ``h2``, ``h3``, ``h2``. A heading's level is the one
  of the nearest heading before it written higher, plus one (``top`` if there is none), so
  headings written at the same level stay siblings. A renumbered heading gets the class
  ``level-N`` of the level it was written at: the styles draw it as written (styles/common.css).
* **Tables have a body** (rules 7.2-13, 7.2-14): a table whose rows are all in its ``thead`` or
  ``tfoot`` gets an empty ``tbody`` (WeasyPrint tags it; it draws nothing, the header stays one).
* **A row's header cells are row headers** (rule 7.5-1): a ``th`` beside ``td`` cells, outside
  the ``thead``, gets ``scope="row"`` unless it has a scope, so that WeasyPrint links its
  neighbours to it rather than to its column.
* **Rows are as wide as the table** (rule 7.2-43): a row with fewer columns than the widest one
  (column and row spans counted) is completed with empty cells.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>")
_CLASS = re.compile(r'\sclass="([^"]*)"')
_TABLE = re.compile(r"<table\b[^>]*>(?:(?!<table\b).)*?</table>", re.S)
_PLACE = re.compile(r"\x00(\d+)\x00")
_GROUP = re.compile(r"<(thead|tbody|tfoot)\b([^>]*)>(.*?)</\1>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(th|td)\b([^>]*)>", re.S)
_SPAN = {name: re.compile(rf'\s{name}="\s*(\d+)') for name in ("colspan", "rowspan")}


def structure(html: str, top: int = 2) -> str:
    """``html`` with its headings nested under level ``top - 1`` and its tables shaped for a reader."""
    return tables(headings(html, top))


def headings(html: str, top: int = 2) -> str:
    """``html`` with its headings renumbered from ``top`` without skipping (see the module)."""
    above: list[tuple[int, int]] = []  # (written level, level given) of the headings still open
    opened: list[int] = []

    def renumber(m: re.Match) -> str:
        closing, written, attributes = m[1], int(m[2]), m[3]
        if closing:
            return f"</h{opened.pop() if opened else written}>"
        while above and above[-1][0] >= written:
            above.pop()
        level = min(above[-1][1] + 1 if above else top, 6)
        above.append((written, level))
        opened.append(level)
        if level != written:
            mark = f"level-{written}"
            found = _CLASS.search(attributes)
            attributes = (attributes[:found.start(1)] + f"{found[1]} {mark}".strip() + attributes[found.end(1):]
                          if found else f' class="{mark}"{attributes}')
        return f"<h{level}{attributes}>"

    return _HEADING.sub(renumber, html)


def tables(html: str) -> str:
    """``html`` with each table shaped (see the module), the innermost first."""
    done: list[str] = []

    def shape(m: re.Match) -> str:
        done.append(_shaped(m[0]))
        return f"\x00{len(done) - 1}\x00"

    while True:
        html, count = _TABLE.subn(shape, html)
        if not count:
            break
    while _PLACE.search(html):
        html = _PLACE.sub(lambda m: done[int(m[1])], html)
    return html


def _shaped(table: str) -> str:
    groups = {m[1]: m for m in _GROUP.finditer(table)}
    if "tbody" not in groups and ("thead" in groups or "tfoot" in groups):
        at = groups["thead"].end() if "thead" in groups else groups["tfoot"].start()
        table = f"{table[:at]}<tbody></tbody>{table[at:]}"
    table = _GROUP.sub(lambda m: m[0] if m[1] == "thead" else _ROW.sub(_row_headers, m[0]), table)
    width = max([0, *(w for m in _GROUP.finditer(table) for w in _widths(m[3]))])
    return _GROUP.sub(lambda m: _completed(m, width), table)


def _row_headers(row: re.Match) -> str:
    """A body row: its ``th`` are row headers when it also has ``td``."""
    if "<td" not in row[2]:
        return row[0]
    cells = _CELL.sub(lambda c: c[0] if c[1] == "td" or " scope=" in c[2] else f'<th scope="row"{c[2]}>', row[2])
    return row[1] + cells + row[3]


def _spans(attributes: str) -> tuple[int, int]:
    found = [_SPAN[name].search(attributes) for name in ("colspan", "rowspan")]
    return tuple(max(1, int(f[1])) if f else 1 for f in found)


def _widths(group: str) -> list[int]:
    """The columns each row of a row group covers, cells spanning rows from above counted."""
    carried: list[int] = []  # rows still covered, per column, by a cell from a row above
    widths = []
    for row in _ROW.finditer(group):
        column = 0
        for cell in _CELL.finditer(row[2]):
            while column < len(carried) and carried[column]:
                column += 1
            columns, rows = _spans(cell[2])
            carried += [0] * (column + columns - len(carried))
            for c in range(column, column + columns):
                carried[c] = rows
            column += columns
        widths.append(sum(1 for c in carried if c))
        carried = [max(0, c - 1) for c in carried]
    return widths


def _completed(group: re.Match, width: int) -> str:
    """A row group whose rows narrower than ``width`` end with empty cells."""
    rows = iter(_widths(group[3]))
    body = _ROW.sub(lambda r: r[1] + r[2] + "<td></td>" * (width - next(rows)) + r[3], group[3])
    return f"<{group[1]}{group[2]}>{body}</{group[1]}>"
