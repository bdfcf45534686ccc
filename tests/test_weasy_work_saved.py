"""brochure.weasy_lines, brochure.weasy_columns and brochure.weasy_images: work WeasyPrint did twice
is done once, and the
PDFs are the same as WeasyPrint's own (compared with a render or a write without the change, in
the same test)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.images import RasterImage
from weasyprint.layout import block, inline, page

from brochure import pdf, weasy
from brochure.weasy_columns import columns_kept_from_trials
from brochure.weasy_lines import lines_broken_once

SENTENCE = "Le transfert de compétences vers les équipes internes était une condition explicite du marché. "
PARAGRAPHS = "".join(f"<p>{SENTENCE * (2 + i % 4)}</p>" for i in range(9))


def _balanced_columns() -> str:
    return ("<style>@page { size: A5; margin: 12mm } main { columns: 2; column-gap: 6mm } "
            "h2 { break-after: avoid }</style>"
            f"<main><h2>Contexte</h2>{PARAGRAPHS}<h2>Résultats</h2>{PARAGRAPHS}</main>")


def _flex_columns() -> str:
    return ("<style>@page { size: A4; margin: 10mm } main { display: flex; align-items: flex-start } "
            ".column { flex: 1 1 0; min-width: 0 } .column + .column { margin-left: 9mm }</style>"
            f"<main><div class='column'>{PARAGRAPHS}</div><div class='column'>{PARAGRAPHS}</div></main>")


def _as_weasyprint_makes_it(html: str, change) -> dict[str, int]:
    """Renders ``html`` with WeasyPrint, then under ``change``: the same PDF; what ``change`` counted."""
    own = HTML(string=html).write_pdf()
    with change() as counts:
        again = HTML(string=html).write_pdf()
    assert again == own
    return counts


def test_balanced_columns_break_each_line_once_and_give_weasyprints_pdf():
    html = _balanced_columns()
    counts = _as_weasyprint_makes_it(html, lines_broken_once)
    assert counts["reused"] > counts["broken"] > 0  # WeasyPrint balances by laying the columns out again and again
    assert len(PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages) >= 2  # balanced on two pages


def test_balanced_columns_with_lists_are_kept_from_weasyprints_trials_with_the_same_pdf():
    items = "".join(f"<li>{SENTENCE * (1 + i % 2)}</li>" for i in range(5))
    cases = "".join(f"<section><h1>Cas {n}</h1><main><p>{SENTENCE * 3}</p><ul>{items}</ul>{PARAGRAPHS[:900 * n]}"
                    "</main></section>" for n in range(1, 4))
    html = ("<style>@page { size: A5; margin: 12mm } main { columns: 2; column-gap: 6mm } "
            f"section {{ margin-bottom: 8mm }}</style>{cases}")
    counts = _as_weasyprint_makes_it(html, columns_kept_from_trials)  # the list markers where WeasyPrint puts them
    assert counts["kept"] >= 2


def test_a_float_in_balanced_columns_leaves_its_column_to_weasyprint():
    html = ("<style>main { columns: 2 } .side { float: left; width: 20mm; height: 10mm }</style>"
            f"<main><p>{SENTENCE}</p><div class='side'></div>{PARAGRAPHS}</main>")
    counts = _as_weasyprint_makes_it(html, columns_kept_from_trials)
    assert counts["laid_out"] >= 1  # the column holding the float (the other, its own formatting context, may be kept)


def test_flex_columns_break_each_line_once_and_give_weasyprints_pdf():
    counts = _as_weasyprint_makes_it(_flex_columns(), lines_broken_once)
    assert counts["reused"] > 0 and counts["broken"] > 0


def test_weasyprints_functions_are_put_back_even_on_an_error():
    before = (inline.split_first_line, page.make_page, RasterImage.get_x_object, block.block_box_layout,
              block.columns_layout)
    try:
        with lines_broken_once(), weasy.images_encoded_once(), columns_kept_from_trials():
            during = (inline.split_first_line, page.make_page, RasterImage.get_x_object, block.block_box_layout,
                      block.columns_layout)
            assert all(now is not then for now, then in zip(during, before))
            raise KeyError("x")
    except KeyError:
        pass
    assert (inline.split_first_line, page.make_page, RasterImage.get_x_object, block.block_box_layout,
            block.columns_layout) == before


def _picto(path: Path) -> None:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    for x in range(100, 500):
        for y in range(200, 400):
            image.putpixel((x, y), (200, 40, 90, 255))
    image.save(path)


def test_a_picto_written_into_many_pdfs_is_encoded_once_with_the_same_bytes(tmp_path: Path, monkeypatch):
    _picto(tmp_path / "picto.png")
    sheets = "".join(f'<section style="break-before: page"><img src="picto.png" style="width: 12mm">'
                     f"<p>Page {n}</p></section>" for n in range(4))
    rendered = pdf.render(sheets, tmp_path.as_uri() + "/", (tmp_path,), dpi=150)
    encodings = []
    encode = RasterImage.get_x_object

    def counted(self, *args):
        encodings.append(self)
        return encode(self, *args)

    monkeypatch.setattr(RasterImage, "get_x_object", counted)
    once = [pdf.write(rendered, pages=[n]).data for n in range(4)]
    assert len(encodings) == 1
    monkeypatch.setattr(weasy, "images_encoded_once", contextlib.nullcontext)
    again = pdf.render(sheets, tmp_path.as_uri() + "/", (tmp_path,), dpi=150)
    each = [pdf.write(again, pages=[n]).data for n in range(4)]
    assert len(encodings) == 5  # WeasyPrint's own: once for every PDF
    assert once == each
    assert all(f"Page {n}" in PdfReader(io.BytesIO(data)).pages[0].extract_text() for n, data in enumerate(once))
