"""Tender manifests: buyer's cover, summary table, annexes, PDF variants, reproducible bytes,
French and English labels, print marks. Facts read back from the PDFs with pypdf (and qpdf)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from brochure.__main__ import cli
from conftest import ROOT, copy_repo
from conftest import build_bid as build
NNBSP, NBSP = "\u202f", "\u00a0"


def outline_titles(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str]]:
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += outline_titles(reader, item, depth + 1)
        else:
            out.append((depth, item.title))
    return out


def test_sample_manifest_builds_the_bid(french):
    pdf = french / "2026-AO-017-references.pdf"
    reader = PdfReader(pdf)
    text = [page.extract_text() for page in reader.pages]
    # cover addressed to the buyer, with the bid's reference and date
    cover = " ".join(text[0].split())
    assert "Dématérialisation des services" in cover and "Communauté d’agglomération du Grand Exemple" in cover  # curly
    assert "2026-AO-017" in cover and "mars" in cover and "16" in cover  # the bid's date, not the build's
    assert "données de qualité" in text[1]  # the introduction
    # contents, then the summary table right after, with the chosen cases in the chosen order
    assert text[2].startswith("Sommaire")
    assert text[3].startswith("Tableau des références")
    order = ["Grand Est Mobilités", "Une direction", "Département du Val", "Communauté"]  # their clients
    positions = [text[3].index(name) for name in order]
    assert positions == sorted(positions)
    assert "Métropole Rives de Loire" not in " ".join(text)  # excluded
    for label in ("Client", "Mission", "Durée", "Année", "Projet"):
        assert label in text[3]
    # one-pagers asked for by the manifest, in the bid's own folder
    assert not (french / "one-pagers").exists()
    assert sorted(p.stem for p in (french / "2026-AO-017-references-one-pagers").glob("*.pdf")) == sorted(
        ["grand-est-mobilites", "socle-donnees-locales", "departement-val-de-sevre", "pays-de-broceliande"])
    assert reader.metadata.title.startswith("Dématérialisation") and reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_summary_rows_link_to_the_case_pages(french):
    reader = PdfReader(french / "2026-AO-017-references.pdf")
    summary = reader.pages[3]
    targets = set()
    for annot in summary.get("/Annots", []):
        annot = annot.get_object()
        dest = annot.get("/Dest") or annot.get("/A", {}).get("/D")
        if dest is not None:
            page = reader.get_destination_page_number(reader.named_destinations[dest]) if isinstance(dest, str) \
                else reader.get_page_number(dest[0].get_object() if hasattr(dest[0], "get_object") else dest[0])
            targets.add(page)
    starts = {n for n, page in enumerate(reader.pages) if "Objectifs" in page.extract_text()[:600]}
    assert len(targets) == 4 and targets <= starts | {n + 1 for n in starts} | {n - 1 for n in starts}


def test_annexes_have_their_pages_bookmarks_and_contents_entries(french):
    reader = PdfReader(french / "2026-AO-017-references.pdf")
    annex_pages = [n for n, page in enumerate(reader.pages) if "EXEMPLE" in page.extract_text()]
    assert len(annex_pages) == 3  # one page + two pages
    assert annex_pages[-1] == len(reader.pages) - 2  # then the back cover
    titles = outline_titles(reader)
    assert (0, "Annexes") in titles
    assert (1, "Attestation d’assurance responsabilité civile") in titles or (
        1, "Attestation d'assurance responsabilité civile") in titles
    assert (1, "Extrait Kbis") in titles
    contents = reader.pages[2].extract_text()
    assert "Annexes" in contents and "Extrait Kbis" in contents
    assert f"{annex_pages[0] + 1}" in contents.split("Attestation")[1].splitlines()[0]


def test_english_manifest_uses_the_english_catalogue(tmp_path):
    folder = copy_repo(tmp_path / "repo")
    result = build(folder, "--no-one-pagers", manifest="tenders/sample-en.toml")
    assert result.exit_code == 0, result.output
    reader = PdfReader(next((folder / "out").glob("*.pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    for label in ("Contents", "Summary of references", "Prepared for", "Appendices", "Page 5 of"):
        assert label in text, label
    for label in ("Sommaire", "Tableau des références", "À l’attention de"):
        assert label not in text, label
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_two_builds_in_two_places_give_the_same_bytes(french, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    second = copy_repo(tmp_path / "b" / "deeper" / "other")  # the first: the sample bid, built elsewhere
    assert build(second).exit_code == 0
    names = sorted(p.relative_to(french) for p in french.rglob("*.pdf"))
    assert len(names) == 5
    for name in names:
        assert (french / name).read_bytes() == (second / "out" / name).read_bytes(), name
    reader = PdfReader(french / "2026-AO-017-references.pdf")
    assert reader.metadata["/CreationDate"].startswith("D:20260316")  # the bid's date, not the clock


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = copy_repo(tmp_path / "repo")
    assert build(folder, "--no-one-pagers").exit_code == 0
    reader = PdfReader(folder / "out" / "2026-AO-017-references.pdf")
    assert reader.metadata["/CreationDate"].startswith("D:20231114") and reader.metadata["/ModDate"].startswith("D:20231114")


def qpdf_check(path: Path) -> None:
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by .ci/run")


@needs_qpdf
@pytest.mark.parametrize("variant", ["pdf/a-2b", "pdf/a-3b"])
def test_pdf_a(tmp_path, variant):
    folder = copy_repo(tmp_path / "repo")
    result = build(folder, "--pdf-variant", variant)
    assert result.exit_code == 0, result.output
    assert "annexes are appended as they are" in result.output  # the sample has annexes: said
    for path in (folder / "out").rglob("*.pdf"):
        qpdf_check(path)
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "fr" and "/OutputIntents" in root
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert "pdfaid:part" in xmp and variant[6] in xmp.split("pdfaid:part")[1][:8]
        assert reader.trailer.get("/ID")
        for page in reader.pages:
            for image in page["/Resources"].get("/XObject", {}).values():
                image = image.get_object()
                if image.get("/Subtype") == "/Image":
                    assert image.get("/Interpolate") in (None, False)


@needs_qpdf
def test_pdf_ua_is_never_claimed_with_annexes(tmp_path):
    """In ``pdf/a-2b+ua-1`` every file is tagged; the bid, whose annexes are copied untagged, is
    labelled PDF/A-2b only, its one-pagers both (see docs/tenders.md)."""
    folder = copy_repo(tmp_path / "repo")
    result = build(folder, "--pdf-variant", "pdf/a-2b+ua-1")
    assert result.exit_code == 0, result.output
    assert "has no required alt" not in result.output
    assert "the bid is not PDF/UA and does not claim it" in result.output
    paths = sorted((folder / "out").rglob("*.pdf"))
    assert [p.name for p in paths if p.parent.name == "out"] == ["2026-AO-017-references.pdf"]
    for path in paths:
        qpdf_check(path)
        root = PdfReader(path).trailer["/Root"]
        assert root["/Lang"] == "fr" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert 'pdfaid:part="2"' in xmp
        assert ("pdfuaid:part" in xmp) is (path.parent.name != "out"), path.name  # the bid has annexes


def test_bleed_and_crop_marks_for_a_print_shop(tmp_path):
    folder = copy_repo(tmp_path / "repo")
    assert build(folder, "--bleed", "3mm", "--marks", "crop").exit_code == 0
    for path in (folder / "out").rglob("*.pdf"):
        page = PdfReader(path).pages[0]
        assert [round(float(v), 1) for v in page.trimbox] == [0, 0, 595.3, 841.9]
        assert [round(float(v), 1) for v in page.mediabox] == [-8.5, -8.5, 603.8, 850.4]  # 3 mm each side


def test_print_marks_are_off_by_default(french):
    page = PdfReader(french / "2026-AO-017-references.pdf").pages[0]
    assert [round(float(v), 1) for v in page.mediabox] == [0, 0, 595.3, 841.9]


def test_manifest_errors_are_all_reported_with_their_keys(tmp_path):
    folder = copy_repo(tmp_path / "repo")
    (folder / "tenders" / "bad.toml").write_text(
        'title = "X"\n[buyer]\nname = "Y"\n[selection]\nprojets = ["a"]\n[output]\none_pagers = "yes"\n'
        '[[annexes]]\nfile = "annexes/none.pdf"\ntitle = "Z"\n', encoding="utf-8")
    result = build(folder, manifest="tenders/bad.toml")
    assert result.exit_code == 2
    for key in ("selection.projets", "output.one_pagers", "annexes[1].file"):
        assert key in result.output, key
    assert "Traceback" not in result.output


def test_unknown_case_in_manifest_is_a_selection_error(tmp_path):
    folder = copy_repo(tmp_path / "repo")
    text = (folder / "tenders" / "sample.toml").read_text(encoding="utf-8")
    (folder / "tenders" / "sample.toml").write_text(text.replace('"pays-de-broceliande"', '"nulle-part"'), encoding="utf-8")
    result = build(folder)
    assert result.exit_code == 2 and "nulle-part" in result.output


def test_french_typography_in_the_text_never_in_urls_or_code(tmp_path):
    folder = copy_repo(tmp_path / "repo")
    result = build(folder, "--html", "--no-one-pagers")
    assert result.exit_code == 0, result.output
    html = (folder / "out" / "2026-AO-017-references.html").read_text(encoding="utf-8")
    assert f"{NBSP}:" in html and f"{NNBSP}?" not in html.split("<body")[0]
    assert "https://" in html and f"https{NBSP}:" not in html and f"https{NNBSP}" not in html
    assert 'lang="fr"' in html and "hyphens: auto" in (ROOT / "styles" / "common.css").read_text(encoding="utf-8")


def test_every_template_label_is_in_both_catalogues():
    import re
    import tomllib

    used = set()
    for template in (ROOT / "templates").glob("*.j2"):
        used |= set(re.findall(r"labels\.(\w+)", template.read_text(encoding="utf-8")))
    for name in ("page_of", "contents", "summary", "more", "references", "other", "months", "annexes"):
        used.add(name)
    catalogues = [tomllib.loads((ROOT / "templates/messages" / f"{lang}.toml").read_text(encoding="utf-8"))
                  for lang in ("fr", "en")]
    for catalogue in catalogues:
        assert used <= set(catalogue), used - set(catalogue)
    assert set(catalogues[0]) == set(catalogues[1])


def test_summary_table_runs_over_pages_with_its_header_and_chosen_columns(site):
    """40 small case studies: the table takes several pages, each starting with the header."""
    files = {f"cas-{n:02d}.md": f"---\ntitle: Cas {n}\nclient: Client numéro {n}\nprojects: [collectivites]\n"
             f"date: 20{10 + n % 15}-05-01\n"
             f"longTitle: Une mission de conseil assez longue pour occuper deux lignes dans la colonne {n}\n"
             f"topAnswer: {n} mois\n---\nTexte.\n" for n in range(40)}
    root = site(files)
    (root / "bid.toml").write_text(
        'title = "Offre"\n[buyer]\nname = "Acheteur"\n[output]\nfile = "offre.pdf"\n'
        '[summary]\ncolumns = ["client", "year", "duration"]\nlabels = { year = "Millésime" }\n', encoding="utf-8")
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", "--manifest", "bid.toml", "--out", "out", "--no-cache"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    reader = PdfReader(root / "out" / "offre.pdf")
    pages = [p.extract_text() for p in reader.pages]
    table = [n for n, text in enumerate(pages) if "Client numéro" in text and "Texte." not in text
             and ". . ." not in text]  # not a case study's page, not the contents (leaders)
    assert len(table) >= 2 and table == list(range(table[0], table[0] + len(table)))
    for n in table:
        assert "Millésime" in pages[n] and "Durée" in pages[n] and "Client" in pages[n].split("Client numéro")[0]
    assert "Mission" not in " ".join(pages[n] for n in table)
    assert all(f"Client numéro {n}" in " ".join(pages[m] for m in table) for n in range(40))
