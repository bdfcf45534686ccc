"""A case study's raw HTML stays in its own box: style attributes, ids, links, classes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import markup
from brochure.markup import MarkdownOptions
from brochure.markup.sanitizer import STRUCTURE_CLASSES
from brochure.markup.style_attribute import filter_style

from conftest import ROOT, build_site, outline_tree, plain


def styled(html: str, notes: list[str] | None = None) -> str:
    """The style attribute of the first element of ``html`` once rendered, '' if none."""
    out = markup.render(html + "\n", notes=notes, doc_id="a")
    m = re.search(r'style="([^"]*)"', out)
    return m.group(1) if m else ""


# --- style attributes -----------------------------------------------------------------------

ESCAPING = [
    "position: fixed; top: 0; left: 0",
    "position: absolute; top: -100mm",
    "position: relative; left: -50mm",
    "position: running(header)",
    "pos\\69 tion: fixed",
    "string-set: project 'X'",
    "bookmark-label: 'Faux'; bookmark-level: 1; bookmark-state: open",
    "counter-reset: page 40",
    "counter-increment: page 10",
    "counter-set: page 1",
    "page: cover",
    "break-before: page",
    "break-after: page",
    "break-inside: avoid",
    "page-break-before: always",
    "float: footnote",
    "content: 'X'",
    "margin-top: -50mm",
    "margin: 0 -5px",
    "z-index: 1000",
    "transform: translate(0, -100mm)",
    "width: 10000px",
    "height: 5000mm",
    "font-size: 10000px",
    "font-size: 50em",
    "-weasy-anchor: 'case-b'",
    "color: var(--accent)",
    "color: attr(title)",
    "content: target-counter(attr(href), page)",
    "background-image: image-set('x.png' 1x)",
    "background: url(http://example.org/x.png)",
    "background: u\\72 l(http://example.org/x.png)",
    "background: \\75 rl(http://example.org/x.png)",
    "background-color: rgb(url(x), 0, 0)",
    "list-style-type: symbols(cyclic 'x')",
    "list-style-image: url(x.png)",
    "font-family: 'Evil'",
    "display: flex",
    "display: run-in",
    "--accent: red",
    "@import url(x.css)",
    "p { color: red }",
    "color: expression(alert(1))",
    "width: calc(100% + 900mm)",
    "margin-left: 1e999px",
]


@pytest.mark.parametrize("css", ESCAPING)
def test_a_style_that_reaches_outside_the_box_is_removed_with_a_note(css):
    notes: list[str] = []
    assert styled(f'<div style="{css}">x</div>', notes) == ""
    assert notes and all(n.startswith("raw HTML style ") and n.endswith(" removed") for n in notes), notes


KEPT = [
    ("color: red", "color: red"),
    ("COLOR: #C00", "color: #C00"),
    ("col\\6fr: blue", "color: blue"),
    ("color: rgb(10, 20, 30) !important", "color: rgb(10, 20, 30)"),
    ("background-color: hsla(10, 50%, 50%, .5)", "background-color: hsla(10, 50%, 50%, .5)"),
    ("background: #eee", "background: #eee"),
    ("font-weight: 600; font-style: italic", "font-weight: 600; font-style: italic"),
    ("text-align: center; text-decoration: underline dotted red", "text-align: center; text-decoration: underline dotted red"),
    ("text-transform: uppercase; vertical-align: super", "text-transform: uppercase; vertical-align: super"),
    ("width: 50%; max-width: 120mm", "width: 50%; max-width: 120mm"),
    ("margin: 0 auto 1em; padding: 2px 4px", "margin: 0 auto 1em; padding: 2px 4px"),
    ("border: 1px solid #ccc; border-left-color: navy", "border: 1px solid #ccc; border-left-color: navy"),
    ("display: inline-block; float: right; clear: both", "display: inline-block; float: right; clear: both"),
    ("list-style-type: lower-roman; white-space: nowrap", "list-style-type: lower-roman; white-space: nowrap"),
    ("font-size: 1.2em; line-height: 1.4", "font-size: 1.2em; line-height: 1.4"),
    ("font-size: 9pt; letter-spacing: 0.05em", "font-size: 9pt; letter-spacing: 0.05em"),
    ("color: inherit", "color: inherit"),
]


@pytest.mark.parametrize("css,expected", KEPT)
def test_ordinary_styling_survives(css, expected):
    notes: list[str] = []
    assert styled(f'<p style="{css}">x</p>', notes) == expected
    assert notes == []


def test_only_the_bad_declarations_go_and_each_property_is_noted_once():
    notes: list[str] = []
    html = ('<p style="color: red; position: fixed; margin: -1px; font-weight: bold">a</p>\n'
            '<p style="position: absolute; margin: -2px">b</p>\n'
            '<p style="position: fixed">c</p>')
    out = markup.render(html, notes=notes, doc_id="a")
    assert 'style="color: red; font-weight: bold"' in out and "position" not in out and "margin" not in out
    assert notes == ['raw HTML style "position" removed', 'raw HTML style "margin: -1px" removed']


def test_the_styles_of_heading_attributes_go_through_the_same_filter():
    notes: list[str] = []
    out = markup.render("## Titre {#t style=position:fixed}\n\n## Deux {style=color:red}\n", notes=notes, doc_id="a")
    assert "position" not in out and 'style="color: red"' in out
    assert notes == ['raw HTML style "position" removed']


def test_no_warning_when_nothing_is_removed():
    notes: list[str] = []
    markup.render('<p style="color: #333">x</p>\n\n<div class="alignement">y</div>\n\n[z](#)', notes=notes, doc_id="a")
    assert notes == []


def test_the_filter_decides_on_tokens_never_on_text():
    assert filter_style("color: red; background: u\\72 l(x)") == "color: red"
    assert filter_style("width: 1\\70 x") == "width: 1px"  # an escaped unit is the unit
    assert filter_style("color: r\\65 d") == "color: red"


# --- ids, links and classes ---------------------------------------------------------------


def test_every_id_is_namespaced_and_the_texts_own_links_follow():
    out = markup.render('<p id="case-b">x</p>\n\n[lien](#case-b) [note](#nulle) <a href="#b/x">y</a>\n\n'
                        '## Titre {#summary}\n\n<p id="b/x">z</p>\n\nN[^1]\n\n[^1]: pied\n', doc_id="a")
    assert re.findall(r'id="([^"]*)"', out) == ["a/case-b", "a/summary", "a/b/x", "a/fnref:1", "a/fn:1"]
    assert re.findall(r'href="([^"]*)"', out) == ["#a/case-b", "#a/b/x", "#a/fn:1", "#a/fnref:1"]
    assert "<a>note</a>" in out  # no such id: the words stay


def test_links_that_resolve_to_the_document_itself_are_dropped():
    out = markup.sanitize('<a href="./#case-b">a</a><a href="file:///site/#case-b">b</a><a href="#">c</a>'
                          '<a href="https://x.org/#y">d</a><a href="mailto:a@b.c">e</a>')
    assert out == '<a>a</a><a>b</a><a>c</a><a href="https://x.org/#y">d</a><a href="mailto:a@b.c">e</a>'


def test_cleaning_again_never_prefixes_twice_nor_lets_a_plain_id_through():
    once = markup.render('<p id="x">a</p>\n\n[l](#x)\n', doc_id="a")
    assert markup.sanitize(once) == once
    assert markup.sanitize('<p id="case-b">a</p><a href="#case-b">l</a>') == "<p>a</p><a>l</a>"
    intro = markup.render("## Intro {#case-b}\n\n[l](#case-b)\n", options=MarkdownOptions(unsafe=False))  # no doc_id: an empty namespace
    assert 'id="/case-b"' in intro and 'href="#/case-b"' in markup.sanitize(intro)


def test_ids_cannot_smuggle_css_escapes_or_quotes():
    out = markup.render('<p id="\\63 ase-b">a</p><p id=\'x"y\'>b</p>\n', doc_id="a")
    assert re.findall(r'id="([^"]*)"', out) == ["a/_63_ase-b", "a/x_y"]


def test_the_templates_structure_classes_are_removed_with_a_note():
    notes: list[str] = []
    out = markup.render('<div class="cover x case-title">a</div>\n', notes=notes, doc_id="a")
    assert '<div class="x">' in out
    assert notes == ['raw HTML class "cover" removed (the templates use it)',
                     'raw HTML class "case-title" removed (the templates use it)']


def test_structure_classes_are_every_class_the_templates_write():
    written = set()
    for template in (ROOT / "templates").glob("*.j2"):
        for value in re.findall(r'class="([^"]*)"', template.read_text(encoding="utf-8")):
            written.update(c for c in re.sub(r"\{[{%].*?[}%]\}", " ", value).split() if re.fullmatch(r"[\w-]+", c))
    written -= {c for c in written if c.startswith(("accent-", "col-"))}  # numbered: only ever within the template
    assert written <= STRUCTURE_CLASSES, written - STRUCTURE_CLASSES


def test_table_spans_are_bounded():
    out = markup.render('<table><tr><td colspan="100000" rowspan="2">a</td><td colspan="3">b</td></tr></table>\n')
    assert 'colspan="100000"' not in out and 'rowspan="2"' in out and 'colspan="3"' in out


# --- in a brochure ---------------------------------------------------------------------------

FILLER = "\n\n".join(f"Paragraphe {i} : " + "des mots pour remplir la page et la suivante " * 6 for i in range(40))
ALPHA = f"""---
title: Alpha
weight: 1
projects: [collectivites]
---
Début. [Aller à la suite](#suite).

<div style="position: fixed; top: 0; left: 0; width: 100%; height: 100%; background: white; z-index: 99">FIXEDMARK</div>

<p id="case-beta">PRISE</p>

<p><a href="#case-beta">vers beta</a></p>

{FILLER}

## Suite {{#suite}}

SUITEMARK
"""
BETA = """---
title: Beta
weight: 2
projects: [collectivites]
---
BETAMARK [Bas](#bas)

<p id="bas">BASMARK</p>
"""


def _dest_page(reader: PdfReader, annot) -> int | None:
    dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
    if dest is None:
        return None
    if isinstance(dest, str):
        return reader.get_destination_page_number(reader.named_destinations[dest])
    return reader.get_page_number(dest[0].get_object())


def _links(reader: PdfReader, index: int) -> list[int | None]:
    return [_dest_page(reader, a.get_object()) for a in reader.pages[index].get("/Annots") or []
            if a.get_object().get("/Subtype") == "/Link"]


def _places(reader: PdfReader, index: int) -> list[tuple[int | None, float]]:
    """Where the links of a page lead: (page, height on it), case studies may share a page."""
    found = []
    for annot in reader.pages[index].get("/Annots") or []:
        annot = annot.get_object()
        dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
        if annot.get("/Subtype") == "/Link" and dest is not None:
            dest = reader.named_destinations[dest] if isinstance(dest, str) else dest
            page = dest.page if hasattr(dest, "page") else dest[0]
            top = dest.top if hasattr(dest, "top") else dest[3]
            found.append((reader.get_page_number(page.get_object()) if not isinstance(page, int) else page,
                          round(float(top or 0))))
    return found


def test_a_case_study_cannot_cover_other_pages_nor_take_over_another_ones_anchors(site):
    root = site({"alpha.md": ALPHA, "beta.md": BETA})
    report = build_site(root, one_pagers=False)
    assert report.errors == []
    messages = [w.message for w in report.warnings]
    assert not [m for m in messages if "Anchor" in m or "anchor" in m], messages
    assert 'raw HTML style "position" removed' in messages
    reader = PdfReader(root / "dist" / "references.pdf")
    texts = [plain(page.extract_text() or "") for page in reader.pages]
    (_group, _page, cases), = outline_tree(reader)
    pages = {title: page for title, page, _ in cases}
    alpha = range(pages["Alpha"], pages["Beta"])
    assert len(alpha) >= 2  # the link to the suite goes to another page
    # the fixed box is drawn once, in its own case study, and covers nothing
    assert [i for i, t in enumerate(texts) if "FIXEDMARK" in t] == [pages["Alpha"]]
    assert "Sommaire" in texts[1]
    # the contents and the bookmark of beta land on beta's page, not on alpha's <p id="case-beta">
    beta_page = next(i for i, t in enumerate(texts) if "BETAMARK" in t)
    assert pages["Beta"] == beta_page
    summary = next(i for i, t in enumerate(texts) if i > 1 and t.startswith("Tableau des références"))
    assert set(_links(reader, 1)) == {summary, pages["Alpha"], beta_page}
    assert set(_links(reader, summary)) == {pages["Alpha"], beta_page}
    # alpha's own link to its section lands on the page of that section; its link to
    # "#case-beta" leads to its own paragraph, never to beta
    suite_page = next(i for i, t in enumerate(texts) if "SUITEMARK" in t)
    first = _links(reader, pages["Alpha"])
    assert suite_page in first and suite_page != pages["Alpha"]
    beta = {place for place in _places(reader, 1) if place[0] == beta_page}  # the contents' link to beta
    assert len(beta) == 1 and not beta & set(_places(reader, pages["Alpha"]))
    assert _links(reader, beta_page) == [beta_page]  # beta's own fragment link still works
