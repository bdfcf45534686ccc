"""How text flows on the pages of a PDF, read back from the PDF itself: headings left at the foot
of a page or a column, pictos parted from their heading, cut one-pagers ending on a heading, and
how much of each page's text area its content covers.

A heading is bold text in a colour of its own (the case study's dark accent), neither the body's
colour nor white, at least the body's size; a picto is a small square image (at most 12 mm).
Positions come from poppler (``pdftohtml -xml``), images from pypdf, fill from ``pdftoppm``'s
pixels. Also a command: ``python tests/flow_facts.py FILE.pdf…`` prints the facts of each PDF.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

MM = 72 / 25.4
PICTO_MOST = 12 * MM
NEUTRAL = {"#ffffff", "#1b1b1b", "#5b6770", "#000000"}
CONTINUED = ("(suite", "(continued")
_TEXT = re.compile(r'<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">(.*?)</text>')
_FONT = re.compile(r'<fontspec id="(\d+)" size="(-?[\d.]+)" family="([^"]*)" color="(#[0-9a-f]{6})"')


@dataclass(frozen=True)
class Line:
    top: float
    left: float
    width: float
    height: float
    size: float
    color: str
    bold: bool
    italic: bool
    text: str

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


def lines(pdf: Path) -> list[tuple[float, list[Line]]]:
    """Each page's height and its text lines, in points from the top left."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    fonts: dict[str, tuple[float, str]] = {}
    for chunk in re.split(r"(?=<page number=)", xml)[1:]:
        height = float(re.search(r'height="(\d+)"', chunk).group(1))
        fonts.update({i: (float(size), color) for i, size, _family, color in _FONT.findall(chunk)})
        found = []
        for top, left, width, tall, font, inner in _TEXT.findall(chunk):
            text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
            if text:
                size, color = fonts[font]
                found.append(Line(float(top), float(left), float(width), float(tall), size, color,
                                  "<b>" in inner, "<i>" in inner, text))
        pages.append((height, found))
    return pages


def _body(found: list[Line]) -> tuple[float, str]:
    """The body text's size and colour: those of most of the page's characters."""
    counted = Counter()
    for line in found:
        if not line.bold and line.color not in ("#ffffff",):
            counted[(line.size, line.color)] += len(line.text)
    return counted.most_common(1)[0][0] if counted else (0.0, "")


def headings(found: list[Line], body: tuple[float, str] | None = None) -> list[Line]:
    size, color = body or _body(found)
    return [line for line in found
            if line.bold and not line.italic and line.color not in NEUTRAL | {color} and line.size >= 0.9 * size
            and len(line.text) > 2 and not line.text.startswith(CONTINUED)]


def footer_top(height: float, found: list[Line]) -> float:
    """Where the running footer starts (the page's foot when it has none)."""
    foot = [line.top for line in found if line.top > height - 20 * MM and line.size <= 9]
    return min(foot) - 1 if foot else height


def stranded(found: list[Line], height: float, body: tuple[float, str] | None = None) -> list[Line]:
    """Headings with no text under them in their own column on this page: at the foot of a page or
    of a column (the other column's text, or a cut mark "(suite…)", does not count). ``body``: the
    body text's size and colour (by default, this page's)."""
    foot = footer_top(height, found)
    heads = headings(found, body)
    ids = {id(h) for h in heads}
    rest = [line for line in found if id(line) not in ids and not line.text.startswith(CONTINUED) and line.top < foot]
    return [head for head in heads
            if not any(line.top > head.top + 1 and line.left < head.right and line.right > head.left - 40
                       for line in rest)]


def pictos(pdf: Path, page: int) -> list[tuple[float, float, float]]:
    """(top, left, size) of each small square image of a page, in points from the top left."""
    sheet = PdfReader(pdf).pages[page]
    height = float(sheet.mediabox.height)
    xobjects = sheet["/Resources"].get("/XObject", {})
    found = []

    def visit(operator, operands, cm, _tm):
        if operator == b"Do" and operands and operands[0] in xobjects:
            image = xobjects[operands[0]].get_object()
            w, h = abs(cm[0]), abs(cm[3])
            top = height - cm[5] - h
            if image.get("/Subtype") == "/Image" and w <= PICTO_MOST and abs(w - h) < 1 and 0 <= top < height:
                found.append((top, cm[4], w))  # (not a running footer's logo, drawn through a form)

    sheet.extract_text(visitor_operand_before=visit)
    return found


def lonely_pictos(pdf: Path, page: int, found: list[Line],
                  body: tuple[float, str] | None = None) -> list[tuple[float, float, float]]:
    """Pictos with no heading beside them (their heading went to another column or page)."""
    heads = headings(found, body)
    band = [line for line in found if line.color in ("#ffffff", "#1b1b1b")]  # the header band's text
    emoji = [line for line in found if not any(c.isalnum() for c in line.text)]  # drawn as images, in the text
    return [(top, left, size) for top, left, size in pictos(pdf, page)
            if not any(abs(e.left - left) < 3 and abs(e.top - top) < size for e in emoji) and not any(h.top < top + size + 2 and h.bottom > top - 2 and 0 <= h.left - left < 40 * MM for h in heads)
            and not any(top - 10 < b.top < top + size + 60 and left - 10 < b.left < left + 60 * MM for b in band)]


def fill(pdf: Path, page: int, top_mm: float, bottom_mm: float, dpi: int = 36) -> float:
    """The share of the text area (between the top and bottom margins) that the page's content
    covers, from its rendered pixels: from the area's top to its lowest non-white row."""
    out = pdf.parent / f".fill-{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
                    str(pdf), str(out)], check=True)
    image = Image.open(f"{out}.pgm")
    Path(f"{out}.pgm").unlink()
    width, height = image.size
    px = dpi / 25.4
    top, bottom = round(top_mm * px), height - round(bottom_mm * px)
    data = image.load()
    lowest = top
    for y in range(bottom - 1, top - 1, -1):
        if any(data[x, y] < 235 for x in range(width)):
            lowest = y + 1
            break
    return (lowest - top) / max(bottom - top, 1)


def part_ends(pdf: Path) -> set[int]:
    """Pages (from 0) that end a part of a brochure: the page before each first-level bookmark's,
    the cover and the back cover (the last page), and the one before it."""
    reader = PdfReader(pdf)
    last = len(reader.pages) - 1
    starts = {reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)}
    return {0, last, last - 1} | {s - 1 for s in starts if s > 0}


def brochure_facts(pdf: Path, top_mm: float = 16, bottom_mm: float = 18) -> dict:
    """Pages ending with a heading, lonely pictos, pages under 40 % filled (not ending a part)."""
    ends = part_ends(pdf)
    facts: dict = {"pages": 0, "heading_at_foot": [], "lonely_picto": [], "under_40": [], "fills": []}
    pages = lines(pdf)
    # the document's body text (not a sparse page's), running footers left out
    body = _body([line for height, found in pages for line in found if line.top < footer_top(height, found)])
    for number, (height, found) in enumerate(pages):
        facts["pages"] += 1
        if footer_top(height, found) < height:  # a page of text, with its running footer (not a cover)
            facts["heading_at_foot"] += [(number + 1, h.text) for h in stranded(found, height, body)]
        facts["lonely_picto"] += [(number + 1, round(t)) for t, _l, _s in lonely_pictos(pdf, number, found, body)]
        share = fill(pdf, number, top_mm, bottom_mm)
        facts["fills"].append(round(share, 2))
        if share < 0.4 and number not in ends:
            facts["under_40"].append((number + 1, round(share, 2)))
    return facts


def one_pager_facts(pdf: Path) -> dict:
    """A one-pager's headings left at the foot of a column (and whether it was cut: then such a
    heading is followed by the cut mark), lonely pictos."""
    (height, found), = lines(pdf)[:1]
    cut = any(line.text.startswith(CONTINUED) for line in found)
    body = _body([line for line in found if line.top < footer_top(height, found)])
    return {"heading_at_foot": [h.text for h in stranded(found, height, body)],
            "lonely_picto": [round(t) for t, _l, _s in lonely_pictos(pdf, 0, found, body)], "cut": cut}


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        if len(PdfReader(path).pages) > 1:
            facts = brochure_facts(path)
            print(f"{path}: {facts['pages']} pages; heading at foot {facts['heading_at_foot']}; "
                  f"lonely picto {facts['lonely_picto']}; under 40% {facts['under_40']}; fills {facts['fills']}")
        else:
            facts = one_pager_facts(path)
            print(f"{path}: {facts}")


if __name__ == "__main__":
    main(sys.argv[1:])
