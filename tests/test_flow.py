"""Text that flows (issue 17, point 4): a heading, its picto and its first block stay together on a
page and in a column, a cut one-pager never ends on a heading, and short case studies share pages
so that no brochure page is under 40 % filled but the last of a part. Facts read back from the PDFs
(tests/flow_facts.py: text positions from poppler, pictos from pypdf, fill from rendered pixels)."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader

from brochure import markup
from conftest import build_site, outline_tree, plain
from flow_facts import brochure_facts, lines, one_pager_facts, part_ends
from test_figures import PICTO_SVG

pytestmark = pytest.mark.skipif(not (shutil.which("pdftohtml") and shutil.which("pdftoppm")),
                                reason="poppler-utils (pdftohtml, pdftoppm) reads the pages back")

ITEM = "Un point de la liste, assez long pour tenir deux lignes dans une colonne de la brochure imprimée"


def section(title: str, items: int, picto: str = "rond") -> str:
    """A section as the bundled content writes them: a picto, a heading, a list."""
    bullets = "\n".join(f"* {ITEM} ({title.lower()} {n})" for n in range(1, items + 1))
    return f"![Picto](/images/{picto}.svg)\n\n## {title}\n\n{bullets}\n"


def heading_at_the_foot_of_a_column(filler: int) -> str:
    """A case study whose second heading falls, for some ``filler``, at the foot of a column or of a
    page: a paragraph of ``filler`` sentences, then sections (one in a wrapper, as the seed's)."""
    sentences = " ".join(f"Phrase {n} du paragraphe d'ouverture, qui pousse la suite plus bas." for n in range(filler))
    return (f"---\ntitle: Un titre au pied de la colonne {filler}\nprojects: [collectivites]\nweight: {filler}\n---\n"
            f"{sentences}\n\n" + section("Objectifs", 3) + "\n" + section("Approche", 6)
            + f'\n<div class="alignement">\n\n![Picto](/images/rond.svg)\n\n## Moyens\n\n</div>\n\n* {ITEM}\n* {ITEM}\n\n'
            + section("Suites", 4) + "\n## Texte\n\n" + "Une phrase longue du texte courant. " * 40
            + "\n\n" + section("Fin", 2) + "\n> ![Picto](/images/rond.svg)\n>\n> ## Résultats\n>\n> * Un résultat\n")


def short_case_study(n: int, project: str = "collectivites") -> str:
    """A case study of a third of a page."""
    return (f"---\ntitle: Une {'référence' if project == 'collectivites' else 'autre'} courte {n}\n"
            f"projects: [{project}]\nweight: {n}\n---\n"
            + section("Objectifs", 2) + "\n" + section("Approche", 2))


def seed_cut_after_a_wrapped_heading(sentences: int) -> str:
    """The seed's shape (a picto and a heading inside ``<div class="alignement">``), then a paragraph
    of ``sentences``, in a text too long for one page: a cut right after the wrapper's closing tag
    ended the page on the heading, followed by the cut mark."""
    paragraph = " ".join(f"Phrase {n} d'un paragraphe qui ne se coupe pas entre ses lignes." for n in range(sentences))
    body = "".join(f'<div class="alignement">\n\n![Picto](/images/rond.svg)\n\n## Partie {p}\n\n</div>\n\n'
                   f"{paragraph}\n\n" for p in range(1, 12))
    return f"---\ntitle: Une référence coupée {sentences}\nprojects: [collectivites]\n---\n{body}"


def with_picto(root):
    (root / "static" / "images" / "rond.svg").write_text(PICTO_SVG, encoding="utf-8")
    return root


def test_a_heading_at_the_foot_of_a_column_goes_with_its_picto_and_first_block(site):
    files = {f"pied-de-colonne-{n}.md": heading_at_the_foot_of_a_column(n) for n in range(4, 40, 3)}
    root = with_picto(site(files))
    report = build_site(root)
    assert report.errors == []
    brochure = root / "dist" / "references.pdf"
    facts = brochure_facts(brochure)
    assert facts["heading_at_foot"] == [] and facts["lonely_picto"] == [], facts
    headings = sum(1 for _h, found in lines(brochure) for line in found if line.text == "Moyens")
    assert headings == len(files)  # every wrapped heading is printed, once
    for one in sorted((root / "dist" / "one-pagers").glob("*.pdf")):
        assert one_pager_facts(one) | {"cut": None} == {"heading_at_foot": [], "lonely_picto": [], "cut": None}, one


def test_a_cut_one_pager_never_ends_on_a_heading_and_its_cut_mark(site):
    files = {f"coupee-{n}.md": seed_cut_after_a_wrapped_heading(n) for n in range(5, 13)}
    root = with_picto(site(files))
    report = build_site(root, brochure=False)
    assert report.errors == []
    cut = 0
    for one in sorted((root / "dist" / "one-pagers").glob("*.pdf")):
        facts = one_pager_facts(one)
        cut += facts["cut"]
        assert facts["heading_at_foot"] == [] and facts["lonely_picto"] == [], (one.name, facts)
    assert cut >= 3  # most were cut (the shorter ones fit at a smaller type)


def test_a_cut_never_keeps_a_heading_inside_its_wrapper_at_the_end():
    blocks = markup.render_blocks(seed_cut_after_a_wrapped_heading(3).split("---\n", 2)[2])
    for cut in markup.cut_points(blocks):
        shown = markup.visible_text(markup.assemble(blocks, cut))
        assert not shown.endswith(tuple(f"Partie {p}" for p in range(1, 12))), (cut, shown[-40:])
    left, right = markup.columns(blocks)
    assert not markup.visible_text(markup.join(left)).endswith(tuple(f"Partie {p}" for p in range(1, 12)))


def test_short_case_studies_share_pages_and_every_page_is_40_percent_filled(site):
    files = {f"courte-{n}.md": short_case_study(n) for n in range(1, 8)}
    files.update({f"autre-{n}.md": short_case_study(n, "entreprises") for n in range(1, 3)})
    files.update({f"pied-de-colonne-{n}.md": heading_at_the_foot_of_a_column(n) for n in (10, 30)})
    root = with_picto(site(files))
    report = build_site(root, one_pagers=False)
    assert report.errors == []
    brochure = root / "dist" / "references.pdf"
    reader = PdfReader(brochure)
    facts = brochure_facts(brochure)
    assert facts["under_40"] == [], facts["fills"]
    assert facts["heading_at_foot"] == [] and facts["lonely_picto"] == []
    # short case studies share pages: fewer pages than case studies, a part from a new page
    groups = outline_tree(reader)
    assert sorted(g[0] for g in groups) == ["Collectivités territoriales", "Entreprises et associations"]
    pages = [page for _g, _p, cases in groups for _t, page, _c in cases]
    assert len(set(pages)) < len(pages) and groups[1][1] > max(p for _t, p, _c in groups[0][2])
    assert groups[1][1] - 1 in part_ends(brochure)
    # the bookmarks, the contents and the summary's page numbers lead to the page showing the title
    texts = [plain(page.extract_text() or "") for page in reader.pages]
    number = {title: page for _g, _p, cases in groups for title, page, _c in cases}
    assert all(title in texts[page].replace("\n", " ") for title, page in number.items())
    toc = [" ".join(line.replace(".", " ").split()) for line in texts[1].splitlines() if " courte " in line]
    assert len(toc) == 9 and all(int(line.split()[-1]) == number[line.rsplit(" ", 1)[0]] + 1 for line in toc), toc


def test_the_bundled_brochure_flows(bundled_build):
    _report, out = bundled_build
    brochure = out / "collectivites.pdf"
    facts = brochure_facts(brochure)
    assert facts["heading_at_foot"] == [] and facts["lonely_picto"] == [] and facts["under_40"] == [], facts
    for one in sorted((out / "one-pagers").glob("*.pdf")):
        assert one_pager_facts(one)["heading_at_foot"] == [], one


def test_a_heading_is_kept_with_its_picto_and_the_start_of_its_first_block():
    long_list = "\n".join(f"{n}. {ITEM}" for n in range(1, 12))
    text = f"Intro\n\n![Picto](/p.svg)\n\n## Titre\n\n{long_list}\n\n### Court\n\nUn mot.\n\n## Long\n\n{'Mot ' * 600}\n"
    blocks = markup.together(markup.render_blocks(text))
    html = markup.join(blocks)
    assert [b.kind for b in blocks] == ["paragraph", "keep", "ordered_list", "keep", "heading", "paragraph"]
    first = blocks[1].html
    assert first.startswith('<div class="keep-with-next"><p class="picto">') and "<h2" in first and first.count("<li>") >= 1
    assert blocks[2].html.startswith(f'<ol start="{first.count("<li>") + 1}">')  # the list goes on counting
    assert "Un mot." in blocks[3].html  # a short block goes whole with its heading
    assert 'class="keep-with-next"' in html and html.count("<li>") == 11


def test_a_wrapper_that_would_not_nest_is_not_made():
    text = '<div class="x">\n\nAvant\n\n</div>\n\n## Titre\n\nTexte\n\n<div class="y">\n\n## Dedans\n\n</div>\n\nApres\n'
    blocks = markup.render_blocks(text)
    kept = markup.together(blocks)
    assert markup.visible_text(markup.join(kept)) == markup.visible_text(markup.join(blocks))
    assert sum('class="keep-with-next"' in b.html for b in kept) == 2


def test_a_heading_that_ends_the_text_with_nothing_under_it_is_left_out():
    blocks = markup.trimmed(markup.render_blocks("Texte\n\n## Suite\n\nFin\n\n![Picto](/p.svg)\n\n## Présentation\n"))
    assert markup.visible_text(markup.join(blocks)) == "Texte Suite Fin"


def test_a_closing_sentence_set_as_a_heading_is_kept():
    """SICADE's case studies end on a sentence set as a heading ("##### Depuis plusieurs
    décennies…"): words of the text, printed, where an empty section's title is left out."""
    for closing in ("##### Depuis plusieurs décennies, nous accompagnons les collectivités…",
                    "## Et maintenant ?", "### Une équipe qui reste à vos côtés pour les années à venir"):
        blocks = markup.trimmed(markup.render_blocks(f"Texte\n\n## Suite\n\nFin\n\n{closing}\n"))
        assert markup.visible_text(markup.join(blocks)).endswith(closing.lstrip("# ")), closing
