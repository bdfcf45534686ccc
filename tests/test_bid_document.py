"""A bid reads as one document and opens the way a reader expects: facts under the right labels in
the summary table, annex pages with the running footer and page number (never over the annex's
own content), a heading on the introduction page, the one-pagers in the bid's own folder,
/PageMode /UseOutlines, bookmarks on the contents and the summary table, the projects' titles as
keywords. Read back from the PDFs with pypdf and poppler (pdftotext word boxes, pdftoppm pixels)."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from brochure.__main__ import cli
from conftest import ROOT, build_site, make_site, outline_tree, plain

BID = "2026-AO-017-references.pdf"


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """The words of page ``page`` (from 1) with their boxes, in points from the top left."""
    boxes = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', boxes)
    # apostrophes straight, whichever the typography made them
    return [(float(a), float(b), float(c), float(d), plain(html.unescape(w)).replace("’", "'"))
            for a, b, c, d, w in found]


def pixels(pdf: Path, page: int, dpi: int = 72) -> Image.Image:
    """Page ``page`` (from 1) rendered in grey by poppler."""
    out = pdf.parent / f".page-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    return Image.open(f"{out}.pgm")


def table_columns(found):
    """The summary table's words by column: {header label: [(top, left, word)]}, from the header row's
    positions (each word goes to the header it starts under); and the header row's words."""
    top = next(w for w in found if w[4] == "Client")[1]
    header = sorted((w for w in found if abs(w[1] - top) < 1), key=lambda w: w[0])
    columns: dict[str, list] = {w[4]: [] for w in header}
    for word in found:
        if top + 5 < word[1] < 780:  # under the header, above the running footer
            label = [h for h in header if h[0] <= word[0] + 0.5][-1][4]
            columns[label].append((word[1], word[0], word[4]))
    return columns, header


def cells(column) -> list[str]:
    """A column's text, one string per row (words less than a line apart go together)."""
    rows: list[list] = []
    for top, left, word in sorted(column, key=lambda w: (round(w[0]), w[1])):
        if rows and top - rows[-1][-1][0] < 13:
            rows[-1].append((top, left, word))
        else:
            rows.append([(top, left, word)])
    return [" ".join(w for _t, _l, w in row) for row in rows]


def test_summary_cells_state_facts_under_their_labels(french):
    pdf = french / BID
    text = plain(PdfReader(pdf).pages[3].extract_text())
    assert text.startswith("Tableau des références")
    columns, header = table_columns(words(pdf, 4))
    assert [h[4] for h in header] == ["Client", "Mission", "Durée", "Année", "Projet", "Page"]
    assert cells(columns["Client"]) == ["Grand Est Mobilités", "Une direction interministérielle",
                                        "Département du Val-de- Sèvre", "Communauté d'agglomération du Pays de Brocéliande"]
    missions = cells(columns["Mission"])
    assert len(missions) == 4 and missions[0].startswith("Assistance à maîtrise d'ouvrage de Grand Est")
    assert not any("stratégie de données ouvertes pour les mobilités" in m for m in missions)  # not the title again
    # the key facts that are counts (120 collectivités, 27 communes) are no durations: empty cells
    assert cells(columns["Durée"]) == ["2 ans", "18 mois"]
    assert not re.search(r"(?<![\d/])(120|27)(?![\d])", text)
    assert cells(columns["Année"]) == ["2022", "2023", "2021", "2019"]
    # each row's page is where its case study's title is (case studies may share a page)
    shown = [str(page + 1) for group, _page, cases in outline_tree(PdfReader(pdf)) for _t, page, _c in cases
             if group != "Annexes"]
    assert len(shown) == 4 and cells(columns["Page"]) == shown


def test_page_numbers_have_a_header_and_stay_inside_the_rule(tmp_path):
    """Two-digit page numbers in the bundled brochure's table end where the table's rule ends (all
    the bundled case studies: with several on a page, one project's brochure has fewer than 10)."""
    out = tmp_path / "dist"
    assert build_site(ROOT, out, one_pagers=False).errors == []
    pdf = out / "references.pdf"
    index = next(n for n, p in enumerate(PdfReader(pdf).pages) if p.extract_text().startswith("Tableau des références"))
    columns, header = table_columns(words(pdf, index + 1))
    assert header[-1][4] == "Page"
    numbers = [w for _top, _left, w in columns["Page"]]
    assert any(len(w) == 2 for w in numbers), numbers  # two-digit page numbers
    image = pixels(pdf, index + 1)  # 72 dpi: one pixel a point
    rule_row = round(header[0][3]) + 2
    dark = [x for y in range(rule_row, rule_row + 8) for x in range(image.width) if image.getpixel((x, y)) < 128]
    rule_end = max(dark)
    assert rule_end - min(dark) > image.width / 2  # it is the header's rule
    right = max(w[2] for w in words(pdf, index + 1) if w[4].isdigit() and w[1] > header[0][3] and w[1] < 780)
    assert right <= rule_end + 1.5, (right, rule_end)


def test_annex_pages_carry_the_running_footer_and_their_number(french):
    reader = PdfReader(french / BID)
    total = len(reader.pages)
    annex_pages = [n for n, page in enumerate(reader.pages) if "EXEMPLE" in page.extract_text()]
    assert len(annex_pages) == 3
    for n in annex_pages:
        text = plain(reader.pages[n].extract_text())
        assert f"Page {n + 1} sur {total}" in text and "Open Territoires Conseil" in text


def full_page_annex(path: Path) -> Path:
    """An A4 annex whose every point is dark: content up to its very edges."""
    writer = PdfWriter()
    page = writer.add_blank_page(595.28, 841.89)
    content = DecodedStreamObject()
    content.set_data(b"0 0 0 rg 0 0 595.28 841.89 re f")
    page[NameObject("/Contents")] = writer._add_object(content)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def build_bid(root: Path, manifest: str, *args: str):
    (root / "bid.toml").write_text(manifest, encoding="utf-8")
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["build", "--manifest", "bid.toml", "--out", "out", *args])
    finally:
        os.chdir(old)


CASE = "---\ntitle: Cas {n}\nclient: Client {n}\nprojects: [collectivites]\ndate: 2024-05-0{n}\n---\nTexte {n}.\n"


LONG = ("longTitle: Une mission de conseil et d'assistance à maîtrise d'ouvrage assez longue pour serrer "
        "les autres colonnes du tableau des références\n")


@pytest.fixture(scope="module")
def dark_bid(tmp_path_factory):
    """A bid whose annex is dark to its very edges, whose missions are long and durations short."""
    root = make_site(tmp_path_factory.mktemp("dark"), {
        "cas-1.md": CASE.format(n=1).replace("title:", f"duration: 4 / mois\n{LONG}title:"),
        "cas-2.md": CASE.format(n=2).replace("title:", f"topQuestion: Durée\ntopAnswer: 18 mois\n{LONG}title:")})
    full_page_annex(root / "noir.pdf")
    result = build_bid(root, 'title = "Offre"\n[buyer]\nname = "Acheteur"\n[output]\nfile = "offre.pdf"\n'
                             '[[annexes]]\nfile = "noir.pdf"\ntitle = "Tout noir"\n', "--no-one-pagers")
    assert result.exit_code == 0, result.output
    return root / "out" / "offre.pdf"


def test_a_number_and_its_unit_stay_on_one_line(dark_bid):
    index = next(n for n, p in enumerate(PdfReader(dark_bid).pages) if p.extract_text().startswith("Tableau des références"))
    columns, _header = table_columns(words(dark_bid, index + 1))
    assert cells(columns["Durée"]) == ["18 mois", "4 / mois"]
    lines = {(round(top), w) for top, _left, w in columns["Durée"]}
    assert len({top for top, _w in lines}) == 2, lines  # each on one line


def test_an_annex_is_drawn_above_the_footer_never_under_it(dark_bid):
    pdf = dark_bid
    reader = PdfReader(pdf)
    last = len(reader.pages) - 1  # the last annex page, before the back cover
    assert f"Page {last} sur {last + 1}" in plain(reader.pages[last - 1].extract_text())
    image = pixels(pdf, last, dpi=36)
    mm = 36 / 25.4
    dark_rows = [y for y in range(image.height)
                 if sum(image.getpixel((x, y)) < 40 for x in range(image.width)) > image.width * 0.8]
    # the annex fills the page above the bottom margin (18 mm), scaled to fit it, top to bottom
    below = image.height - (dark_rows[-1] + 1)
    assert dark_rows and dark_rows[0] <= 1 and 17 * mm <= below <= 19 * mm
    band = [image.getpixel((x, y)) for y in range(image.height - round(17 * mm), image.height - 1)
            for x in range(image.width)]
    assert sum(v > 240 for v in band) > 0.9 * len(band)  # the footer's margin is white…
    assert sum(v < 200 for v in band) > 20  # …and shows the footer


def test_the_introduction_has_a_heading_and_a_bookmark(french):
    reader = PdfReader(french / BID)
    intro = plain(reader.pages[1].extract_text())
    assert intro.startswith("Introduction\n") and "données de qualité" in intro
    tree = outline_tree(reader, summary=True)
    assert [(title, page) for title, page, _ in tree[:3]] == [
        ("Introduction", 1), ("Sommaire", 2), ("Tableau des références", 3)]


@pytest.mark.parametrize(("extra", "heading", "absent"), [
    ('introduction_title = "Notre compréhension de votre besoin"\nintroduction = "Votre projet."\n',
     "Notre compréhension de votre besoin", "Introduction"),
    ('introduction = """## Notre approche\n\nVotre projet."""\n', "Notre approche", "Introduction"),
])
def test_the_introduction_heading_comes_from_the_manifest_or_the_text(site, extra, heading, absent):
    root = site({"cas-1.md": CASE.format(n=1)})
    result = build_bid(root, f'title = "Offre"\n{extra}[buyer]\nname = "Acheteur"\n[output]\nfile = "offre.pdf"\n',
                       "--no-one-pagers", "--no-cache")
    assert result.exit_code == 0, result.output
    reader = PdfReader(root / "out" / "offre.pdf")
    intro = plain(reader.pages[1].extract_text())
    assert intro.startswith(heading) and intro.count(heading) == 1 and absent not in intro
    assert outline_tree(reader, summary=True)[0][:2] == (heading, 1)


def test_the_pdf_opens_with_its_bookmarks_and_the_projects_titles_as_keywords(french, bundled_build):
    reader = PdfReader(french / BID)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.metadata["/Keywords"] == "Collectivités territoriales"  # not "collectivites, etat"
    _report, out = bundled_build
    brochure = PdfReader(out / "collectivites.pdf")
    assert brochure.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert brochure.metadata["/Keywords"] == "Collectivités territoriales"
    assert [(title, page) for title, page, _ in outline_tree(brochure, summary=True)[:2]] == [
        ("Sommaire", 1), ("Tableau des références", 2)]
    one = PdfReader(next((out / "one-pagers").glob("*.pdf")))
    assert one.metadata["/Keywords"] == "Collectivités territoriales"


def test_a_bids_one_pagers_go_into_its_own_folder_and_come_from_the_cache(site):
    root = site({f"cas-{n}.md": CASE.format(n=n) for n in (1, 2, 3)})
    bid = 'title = "Offre {0}"\n[buyer]\nname = "Acheteur"\n[selection]\ncases = {1}\n[output]\nfile = "{0}.pdf"\n' \
          'one_pagers = true\n'
    assert build_bid(root, bid.format("offre-a", '["cas-1", "cas-2"]')).exit_code == 0
    cache = root / "out" / ".brochure-cache"
    entries = len(list(cache.glob("*.pdf")))
    assert entries == 3  # two one-pagers and the brochure
    assert build_bid(root, bid.format("offre-b", '["cas-2", "cas-3"]')).exit_code == 0
    out = root / "out"
    assert sorted(p.name for p in (out / "offre-a-one-pagers").iterdir()) == ["cas-1.pdf", "cas-2.pdf"]
    assert sorted(p.name for p in (out / "offre-b-one-pagers").iterdir()) == ["cas-2.pdf", "cas-3.pdf"]
    assert not (out / "one-pagers").exists()
    assert len(list(cache.glob("*.pdf"))) == entries + 2  # cas-2 came from the cache: one one-pager, one brochure
    assert (out / "offre-a-one-pagers/cas-2.pdf").read_bytes() == (out / "offre-b-one-pagers/cas-2.pdf").read_bytes()
    outside = {p for p in root.rglob("*.pdf") if out not in p.parents}
    assert outside == set()  # nothing written outside --out
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", "--out", "out", "--case", "cas-1", "--case", "cas-3"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0 and sorted(p.name for p in (out / "one-pagers").iterdir()) == ["cas-1.pdf", "cas-3.pdf"]
    assert len(list(cache.glob("*.pdf"))) == entries + 3  # only the new brochure was laid out
