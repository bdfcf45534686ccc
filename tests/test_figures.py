"""Figures and pictos in the body, images that are not there, tables wider than their column: facts
read back from the one-pagers and the brochure (drawn sizes, text order, word boxes, pixels)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader

from conftest import build_site, plain
from test_bid_document import words
from test_pictures import drawn_images, photo

MM = 72 / 25.4  # points in a millimetre


def screenshot(path: Path, size: tuple[int, int] = (1794, 1414)) -> Path:
    """A screenshot-like image: windows, bars and lines of a few flat colours on white, opaque."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", size, (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, 0, width, height // 12), fill="#2c3e50")
    for row in range(2, 11):
        top = row * height // 12
        draw.rectangle((width // 20, top, width * (8 + row % 3) // 12, top + height // 30), fill="#95a5a6")
    draw.line((width // 2, height // 6, width // 2, height), fill="#2980b9", width=6)
    image.save(path)
    return path


PICTO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
             '<circle cx="32" cy="32" r="28" fill="#2b6f8f"/></svg>')

# A case study as sites write them: photos and a screenshot right before headings, a picto too.
FIGURES_BEFORE_HEADINGS = """---
title: Des figures avant les titres
projects: [collectivites]
---
## Objectif

Le centre de données fonctionne avec un refroidissement par huile.

![Le centre](/images/centre.jpg "Le centre de données vu de la salle")

## Mise en œuvre

Les serveurs démarrent depuis le réseau et rejoignent leur grappe.

![Applications](/images/applications.png "Les applications dans ArgoCD")

## Démonstration

![Schéma](/images/schema.png "Le schéma de la ferme de serveurs")

## Liens utiles

![Picto](/images/rond.svg)

## Résultats

Une infrastructure entièrement décrite en code.
"""

# Images that are not there: remote (the network is off), missing, refused; one before a heading.
IMAGES_NOT_THERE = """---
title: Des images absentes
projects: [collectivites]
---
Le texte commence ici.

![Architecture](https://images.example.org/architecture.png)

## Solution retenue

Le texte continue ![Flèche](/images/absente.svg) ici.

<p><img src="https://images.example.org/brut.png" alt="Image brute"></p>

![Capture](/images/absente.png "Une légende qui reste")

Fin du texte.
"""

# The six columns of a real site's table (mobilier-de-laboratoire.md), and an impossible one.
WIDE_TABLE = """---
title: Un tableau large
projects: [collectivites]
---
Quelques mots avant le tableau.

|SUPPORT FUT|ARMOIRES|PLATEAUX|SALLE BLANCHE|SUPPORTS DE TUYAU|TABLES|
|---|---|---|---|---|---|
|inox 304L|inox 316L|tôle brossée|sur mesure|réglables|élévatrices|

Quelques mots après le tableau.
"""
IMPOSSIBLE_TABLE = """---
title: Un tableau impossible
projects: [collectivites]
---
Un tableau de douze colonnes de longs nombres :

|{0}|
|{1}|
|{0}|
""".format("|".join("1234567890123456" for _ in range(12)), "|".join("---" for _ in range(12)))


def figures_site(site) -> Path:
    root = site({"figures-before-headings.md": FIGURES_BEFORE_HEADINGS})
    images = root / "static" / "images"
    photo(images / "centre.jpg", (2048, 1152))
    screenshot(images / "applications.png")
    screenshot(images / "schema.png", (435, 265))
    (images / "rond.svg").write_text(PICTO_SVG, encoding="utf-8")
    return root


def page_of(pdf: Path, text: str) -> int:
    return next(i for i, p in enumerate(PdfReader(pdf).pages) if text in plain(p.extract_text() or ""))


def test_photos_and_screenshots_before_headings_are_figures_in_their_own_section(site):
    root = figures_site(site)
    report = build_site(root)
    assert report.errors == [] and report.warnings == [], report.problems
    one = root / "dist" / "one-pagers" / "figures-before-headings.pdf"
    brochure = root / "dist" / "references.pdf"
    assert len(PdfReader(one).pages) == 1
    for pdf, page in ((one, 0), (brochure, page_of(brochure, "Objectif"))):
        drawn = {round(h / w, 2): w for _px, w, h in drawn_images(pdf, page)}  # by their shapes
        assert drawn[0.56] > 75 and drawn[0.79] > 75, drawn  # across the column (83.5 mm in a one-pager)
        assert drawn[0.61] > 75  # a small screenshot too, never a 6 mm picto
        assert round(drawn[1.0]) == 6  # the SVG picto, beside its heading
        text = plain(PdfReader(pdf).pages[page].extract_text())
        order = ["Objectif", "Le centre de données vu de la salle", "Mise en œuvre", "Les applications dans ArgoCD",
                 "Démonstration", "Le schéma de la ferme de serveurs", "Liens utiles", "Résultats"]
        places = [text.index(words_) for words_ in order]
        assert places == sorted(places), list(zip(order, places))  # each figure and its caption in its section


def test_a_one_pager_with_large_figures_is_still_one_page(site):
    """Figures take room: the fitting counts them (a long text with three full-width figures)."""
    root = figures_site(site)
    long_text = FIGURES_BEFORE_HEADINGS.replace(
        "Une infrastructure entièrement décrite en code.", "Une infrastructure entièrement décrite en code. " * 60)
    (root / "content/references/figures-before-headings.md").write_text(long_text, encoding="utf-8")
    report = build_site(root, brochure=False)
    assert report.errors == []
    one = root / "dist" / "one-pagers" / "figures-before-headings.pdf"
    assert len(PdfReader(one).pages) == 1
    assert all(w >= 25 for px, w, _h in drawn_images(one) if px > 200)


def test_an_image_that_is_not_there_is_left_out_of_the_page_with_a_warning(site):
    root = site({"images-not-there.md": IMAGES_NOT_THERE})
    report = build_site(root)
    said = sorted(p.message for p in report.warnings if p.case == "images-not-there")
    assert len(said) == 4 and all(p.file.endswith("images-not-there.md") for p in report.warnings)
    assert any("https://images.example.org/architecture.png" in m for m in said)
    assert any("https://images.example.org/brut.png" in m for m in said)
    assert any("/images/absente.svg" in m for m in said) and any("/images/absente.png" in m for m in said)
    one = root / "dist" / "one-pagers" / "images-not-there.pdf"
    brochure = root / "dist" / "references.pdf"
    for pdf, page in ((one, 0), (brochure, page_of(brochure, "Le texte commence"))):
        assert drawn_images(pdf, page) == []
        text = plain(PdfReader(pdf).pages[page].extract_text())
        assert "Fin du texte." in text and "Une légende qui reste" not in text  # a caption goes with its image
        assert not {"Architecture", "Flèche", "Image", "Capture"} & set(text.split())  # nor their alt text
        boxes = words(pdf, page + 1)
        heading = next(b for b in boxes if b[4] == "Solution")
        below = min((b for b in boxes if b[4] == "Le" and b[1] > heading[3]), key=lambda b: b[1])
        assert abs(heading[0] - below[0]) < 1  # not set off for a picto that is not there


def test_a_six_column_table_fits_its_column_without_a_warning(site):
    root = site({"wide-table.md": WIDE_TABLE})
    report = build_site(root)
    assert report.errors == [] and report.warnings == [], report.problems
    one = root / "dist" / "one-pagers" / "wide-table.pdf"
    brochure = root / "dist" / "references.pdf"
    for pdf, page in ((one, 1), (brochure, page_of(brochure, "Quelques mots avant") + 1)):
        boxes = words(pdf, page)
        first = next(b for b in boxes if b[4].startswith("SUP"))
        left = first[0] < 105 * MM
        column = (17 * MM, 101.5 * MM) if left else (105 * MM, 193.5 * MM)  # the column the table is in
        table = [b for b in boxes if column[0] <= b[0] < column[1] and first[1] - 1 <= b[1] <= first[3] + 60]
        assert max(b[2] for b in table) < column[1], table
        shown = re.sub(r"[-‐]\s*", "", " ".join(b[4] for b in table)).split()  # hyphenated words joined
        assert {"SUPPORT", "ARMOIRES", "PLATEAUX", "BLANCHE", "TUYAU", "TABLES", "élévatrices"} <= set(shown), shown


def test_a_table_that_cannot_fit_its_column_is_said_for_its_case_study(site):
    root = site({"impossible-table.md": IMPOSSIBLE_TABLE, "wide-table.md": WIDE_TABLE})
    report = build_site(root)
    said = [p for p in report.warnings if "wider than its column" in p.message]
    assert [p.case for p in said] == ["impossible-table"], [str(p) for p in report.warnings]  # one-pager and brochure
    assert said[0].file.endswith("impossible-table.md") and "1234567890123456" in said[0].message
    assert "\n" not in said[0].message and len(said[0].message) < 300
    for only in ({"one_pagers": False}, {"brochure": False}):  # each output finds it on its own
        again = build_site(root, "dist-" + next(iter(only)), cache=False, **only)
        assert [p.case for p in again.warnings if "wider than its column" in p.message] == ["impossible-table"]


def test_check_counts_figures_in_its_estimate_of_a_cut(site):
    """Without laying out, ``check`` estimates a cut from the text and, now, from the figures'
    shapes: four portrait photos take the room of thousands of characters."""
    from brochure.commands.check import check
    from brochure.commands.common import Choice
    from brochure.config import load_config

    text = "Un paragraphe de texte assez ordinaire pour remplir la page. " * 12
    with_figures = "".join(f"{text}\n\n![Photo {n}](/images/portrait-{n}.jpg)\n\n## Partie {n}\n\n" for n in range(4))
    root = site({"text-only.md": f"---\ntitle: Texte seul\n---\n{text * 4}\n",
                 "text-and-portraits.md": f"---\ntitle: Texte et photos\n---\n{with_figures}"})
    for n in range(4):
        photo(root / "static" / "images" / f"portrait-{n}.jpg", (1000, 1400))
    report, _count = check(load_config(root / "brochure.toml"), Choice())
    cut = {p.case: p.message for p in report.warnings if "will probably be cut" in p.message}
    assert list(cut) == ["text-and-portraits"] and "and 4 figures" in cut["text-and-portraits"]
