import re
from pathlib import Path

import pytest

from brochure import markup, reader
from brochure.markup import MarkdownOptions
from brochure.models import ImageFacts

from conftest import FIXTURES, ROOT

LITERAL_MARKDOWN = re.compile(r"!\[|\]\(|(^|>)\s*#{1,6} |\*\*")


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_html_wrapper_renders_markdown_inside():
    html = markup.render('<div class="alignement">\n![Picto Cible](/images/target.svg)\n\n## Objectifs\n</div>\n')
    assert '<div class="alignement">' in html and "</div>" in html
    assert '<img src="/images/target.svg" alt="Picto Cible"' in html
    assert "<h2" in html and "![" not in html


def test_wrapper_with_markdown_between_open_and_close():
    html = markup.render("<div>\n*dedans*\n</div>\n")
    assert html.replace("\n", "") == "<div><p><em>dedans</em></p></div>"


def test_plain_html_is_untouched():
    src = '<div class="x"><span>raw</span></div>\n'
    assert markup.render(src) == src


def test_typographer_like_goldmark():
    html = markup.render('Il dit "oui" -- puis --- enfin... l\'eau << ok >>')
    assert "“oui”" in html and "–" in html and "—" in html and "…" in html and "l’eau" in html
    assert "« ok »" in html


def test_typographer_leaves_code_alone():
    assert "<code>a--b...</code>" in markup.render("`a--b...`")


def test_extensions():
    html = markup.render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barré~~\n\nTexte[^1]\n\n[^1]: Note.\n\n"
        "Terme\n: Définition\n\n- [x] fait\n- [ ] à faire\n"
    )
    for tag in ("<table>", "<del>", "footnote", "<dl>", "<dt>", "<dd>", 'type="checkbox"'):
        assert tag in html


def test_commonmark_where_python_markdown_failed():
    html = markup.render((FIXTURES / "nested_list_two_spaces.md").read_text().split("---", 2)[2])
    assert html.count("<ul>") == 2
    assert "<h2>Titre indenté d’un espace</h2>" in html


def test_markdownify_single_paragraph_has_no_p():
    out = markup.markdownify("Durée ![Fleche](/images/white-dotted-arrow.svg)")
    assert out.startswith("Durée <img") and "<p>" not in out
    assert markup.markdownify("a\n\nb").count("<p>") == 2


def test_pictos_before_headings_are_marked():
    """Without a callback to tell what an image is, an SVG before a heading is a picto, any other
    image alone in its paragraph a figure."""
    html = markup.render("![Picto](/p.svg)\n\n## Titre\n\n![Capture](/c.png)\n\ntexte\n")
    assert '<p class="picto"><img' in html and '<h2 class="with-picto">' in html
    assert '<p class="img-only figure"><img src="/c.png"' in html


def test_resolver_rewrites_images_links_and_raw_html():
    seen = []

    def resolve(url, kind):
        seen.append((url, kind))
        return None if url == "/page/" else f"https://r.example/{url.lstrip('/')}"

    html = markup.render('![a](/i.png) [lien](https://x.fr) [interne](/page/)\n\n<img src="/raw.png"> <a href="/page/">brut</a>\n', resolve)
    assert 'src="https://r.example/i.png"' in html and 'href="https://r.example/https://x.fr"' in html
    assert 'src="https://r.example/raw.png"' in html
    assert '<span class="dead-link">interne</span>' in html
    assert ("/raw.png", "image") in seen
    assert "<a>brut</a>" in html


def test_every_url_goes_through_the_callback_once_and_text_stays_text():
    """Markdown and raw HTML alike, the figure shortcode's too, each URL asked about once; what only
    looks like an attribute in the words is not a URL."""
    seen = []

    def resolve(url, kind):
        seen.append((url, kind))
        return f"file:///r/{url.lstrip('/')}" if kind == "image" else None

    text = ('![a](/i.png) ![b](/i.png) [dead](/page/ "t")\n\n<p>Write src="/words.png" here: <img src="/i.png">'
            "<img src='/raw.png' alt=x></p>\n\n"
            '{{< figure src="/fig.png" >}}\n\n<script src="/s.js"></script><video poster="/p.png"></video>\n')
    html = markup.render(text, resolve)
    assert sorted(seen) == [("/fig.png", "image"), ("/i.png", "image"), ("/page/", "link"), ("/raw.png", "image")]
    assert html.count('src="file:///r/i.png"') == 3 and 'src="file:///r/raw.png"' in html
    assert 'src="file:///r/fig.png"' in html and 'Write src="/words.png" here' in html
    assert '<span title="t" class="dead-link">dead</span>' in html


def test_an_image_with_any_scheme_reaches_the_callback():
    """nh3 drops a URL whose scheme it is not told of before its filter sees it: the callback, not
    nh3, decides (an image it refuses is left out, with a warning)."""
    seen = []

    def resolve(url, kind):
        seen.append(url)
        return "file:///elsewhere.png" if kind == "image" else None

    html = markup.render('![w](C:\\photos\\a.png)\n\n<img src="ftp://h/b.png"> <img src="javascript:x">\n', resolve)
    assert [u for u in seen] == ["C:%5Cphotos%5Ca.png", "C:%5Cphotos%5Ca.png", "ftp://h/b.png", "javascript:x"]
    assert html.count('src="file:///elsewhere.png"') == 3
    hostile = markup.render('<img src="/a.png" alt="A">\n', lambda url, kind: "javascript:alert(1)")
    assert "javascript" not in hostile and "<img" not in hostile  # what the callback answers is checked too


def test_a_join_drops_a_url_the_callback_was_never_asked_about():
    """A URL hidden when the whole text is cleaned (here inside a <title> left open: text) but shown
    in a part of it (a column starting after the <title>) is dropped, never written unresolved."""
    seen = []
    blocks = markup.render_blocks("<title>\n\n![a](/a.png) b\n", lambda url, kind: seen.append(url) or "file:///r" + url)
    assert "<img" not in markup.assemble(blocks) and seen == []
    assert markup.join(blocks[-1:]) == "<p> b</p>\n"  # an image without its URL is left out


def test_a_failing_callback_fails_the_text():
    def resolve(url, kind):
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        markup.render("<img src='/a.png'>\n", resolve)


def test_one_parser_for_each_set_of_options():
    from brochure.markup.markdown import parser

    assert parser(MarkdownOptions()) is parser(MarkdownOptions())
    assert parser(MarkdownOptions(emoji=True)) is not parser(MarkdownOptions())
    assert markup.render("Il dit \"oui\" -- puis...", options=MarkdownOptions(typographer=False)) == (
        "<p>Il dit \"oui\" -- puis...</p>\n")
    assert markup.render(":smile: <b>x</b>", options=MarkdownOptions(emoji=True, unsafe=False)) == (
        "<p>\U0001f604 x</p>\n")
    assert "<b>x</b>" in markup.render(":smile: <b>x</b>")  # the options of one text never reach another


def test_blocks_and_cuts():
    blocks = markup.render_blocks("# T\n\npara\n\n* a\n* b\n* c\n\n> fin\n")
    assert [b.kind for b in blocks] == ["heading", "paragraph", "bullet_list", "blockquote"]
    assert len(blocks[2].parts) == 3
    assert markup.trailing(blocks) == 3
    points = markup.cut_points(blocks)
    assert markup.Cut(2, 1) in points and markup.Cut(3) in points
    cut = markup.assemble(blocks, markup.Cut(2, 2), "<p>MARK</p>")
    assert "<li>a</li>" in cut and "<li>b</li>" in cut and "<li>c</li>" not in cut
    assert cut.endswith("<p>MARK</p>") and "fin" not in cut


def test_words():
    assert markup.words("<p>un <b>deux</b></p><p>trois</p>") == 3


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "references").glob("*.md")), ids=lambda p: p.name)
def test_no_literal_markdown_reaches_the_text(path: Path):
    meta, body, _ = reader.read_file(path)
    html = markup.render(body) + markup.markdownify(str(meta.get("topQuestion", "")))
    text = visible_text(html)
    assert not LITERAL_MARKDOWN.search(text), LITERAL_MARKDOWN.search(text)


def test_sanitizer_keeps_layout_and_drops_what_runs_or_fetches():
    notes = []
    html = markup.render(
        '<div class="x" onclick="evil()" style="background:url(/etc/passwd)">\n*hi* <script>alert(1)</script>\n</div>\n\n'
        '<style>p{}</style>\n<iframe src="http://x"></iframe><a href="https://a.b" rel="attachment">a</a> '
        '<form><input type=text><input type=checkbox checked></form>\n<base href="file:///etc/"><link rel=stylesheet href=x.css>'
        '<meta http-equiv=refresh><object data="x"></object><embed src="y"><table><tr><td>t</td></tr></table>\n',
        notes=notes,
    )
    for gone in ("onclick", "url(", "<script", "alert", "<style", "<iframe", "rel=", "<form", 'type="text"',
                 "<base", "<link", "<meta", "<object", "<embed"):
        assert gone not in html, gone
    for kept in ('<div class="x">', "<em>hi</em>", '<a href="https://a.b">a</a>', "<table>", "<td>t</td>"):
        assert kept in html, kept
    assert any("script" in n for n in notes) and any("onclick" in n for n in notes)
    assert "raw HTML attribute rel= removed" in notes  # rel="attachment" would embed a file


def test_a_harmless_rel_is_dropped_without_a_warning():
    """rel="noopener" has no meaning in a PDF: a warning for it would only fail --strict builds."""
    notes: list[str] = []
    html = markup.render('Voir <a href="https://a.b" rel="noopener noreferrer" target="_blank">le site</a>.\n\n'
                         "<p><a href='https://c.d' rel='nofollow'>c</a></p>\n", notes=notes)
    assert "rel=" not in html and '<a href="https://a.b"' in html and notes == []
    markup.render("<p><a href=x.pdf rel='noattachment'>pièce</a></p>\n", notes=notes)
    assert notes == []
    markup.render("<p><a href=x.pdf rel=Attachment>pièce</a></p>\n", notes=notes)
    assert notes == ["raw HTML attribute rel= removed"]


def test_hugo_details():
    assert "<del>x</del>" in markup.render("~~x~~")
    assert '<a href="https://www.example.org">' in markup.render("voir www.example.org")
    assert "« a » et «b»" in markup.render("<< a >> et <<b>>")
    html = markup.render("Note[^1]\n\n[^1]: Texte", doc_id="cas")
    assert 'href="#cas/fn:1"' in html and 'id="cas/fn:1"' in html and '<div class="footnotes"' in html
    code = markup.render("{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n")
    assert "<pre><code" in code and "x := 1" in code
    figure = markup.render('{{< figure src="/a.png" caption="Vue **belle**" attr="X" attrlink="https://x.fr" >}}')
    assert "<strong>belle</strong>" in figure and 'alt="Vue belle"' in figure and '<a href="https://x.fr">X</a>' in figure


def test_hard_wraps_keep_the_line_breaks_of_a_paragraph():
    assert markup.render("Autoriser\n« les gouvernements", options=MarkdownOptions(hard_wraps=True)) == "<p>Autoriser<br>\n« les gouvernements</p>\n"
    assert "<br>" not in markup.render("Autoriser\n« les gouvernements")
    assert markup.markdownify("un\ndeux", options=MarkdownOptions(hard_wraps=True)) == "un<br>\ndeux"


def test_shortcode_written_over_several_lines():
    notes: list[str] = []
    figure = markup.render('{{< figure\n  src="/a.png"\n\tcaption="Texture de pinceau"\n>}}\n\nSuite.', notes=notes)
    assert '<img src="/a.png"' in figure and "Texture de pinceau" in figure and notes == []
    markup.render("{{< cs-about\n  name=\"Power\"\n>}}\n\nTexte.", notes=notes)
    assert notes == ["shortcode {{< cs-about >}} removed (only figure is rendered)"]  # one line, named


def test_text_indented_inside_an_html_block_is_text_not_code():
    """Indentation that follows the HTML's nesting: the site shows a caption, not a code block."""
    html = markup.render('<figure>\n  <img src="/a.png">\n\n  <figcaption style="color: #777">\n'
                         "    Deux variantes de **texture**\n  </figcaption>\n</figure>\n")
    assert "<pre>" not in html and "<code>" not in html
    assert "<p>Deux variantes de <strong>texture</strong></p>" in html
    tabs = markup.render("<div>\n\t<div>\n\t\tLégende *en* tabulations\n        suite\n\t</div>\n</div>\n")
    assert "<pre>" not in tabs and "<em>en</em>" in tabs


def test_an_escaped_shortcode_prints_as_hugo_prints_it():
    """``{{</* x */>}}`` is how a page shows a shortcode's syntax: Hugo prints ``{{< x >}}``, in
    text, in inline code and in fenced code alike (checked with Hugo 0.111); it disappeared."""
    text = ('Texte {{</* figure src="x.png" */>}} et {{%/* note */%}} fin.\n\n`{{</* code x */>}}`\n\n'
            "```\n{{</* fenced y */>}}\n```\n")
    html = "".join(b.html for b in markup.render_blocks(text))
    assert "Texte {{&lt; figure src=“x.png” &gt;}} et {{% note %}} fin." in html
    assert "<code>{{&lt; code x &gt;}}</code>" in html and "<code>{{&lt; fenced y &gt;}}\n</code>" in html


def test_heading_attributes_are_read_before_the_typographer():
    """Goldmark reads ``{key="value"}`` from the source: the value kept its straight quotes, a
    value with a space was not read at all (checked with Hugo 0.111)."""
    html = "".join(b.html for b in markup.render_blocks('## Titre {#mon-id .cls data-x="val"}\n\n## Deux {title="v a"}\n'))
    assert 'id="mon-id"' in html and 'data-x="val"' in html and 'title="v a"' in html
    assert "“" not in html and "{" not in html


# --- pictos and figures: what the callback says the image is ----------------------------------

FACTS = {
    "/photo.jpg": ImageFacts("photo", 2048, 1152),
    "/shot.png": ImageFacts("flat", 1794, 1414),
    "/icon.png": ImageFacts("icon", 64, 64),
    "/logo-clear.png": ImageFacts("drawing", 200, 200),
    "/diagram-clear.png": ImageFacts("drawing", 1200, 700),
    "/picto.svg": ImageFacts("drawing", 64, 64, vector=True),
    "/sizeless.svg": ImageFacts("drawing", 0, 0, vector=True),
    "/diagram.svg": ImageFacts("drawing", 900, 500, vector=True),
}


def told(url: str, kind: str):
    """A callback that knows the images of FACTS (any other local image is there, what it is unknown;
    a remote one is not there)."""
    if kind == "facts":
        return FACTS.get(url)
    if kind == "image":
        return None if url.startswith("https:") else "file:///site" + url
    return url


def classes_before_heading(url: str) -> tuple[str, str]:
    html = markup.render(f"![i]({url})\n\n## Titre\n", told)
    return re.search(r'<(?:p|figure) class="([^"]*)"', html)[1], re.search(r"<h2([^>]*)>", html)[1]


@pytest.mark.parametrize("url", ["/icon.png", "/logo-clear.png", "/picto.svg", "/sizeless.svg"])
def test_an_svg_or_a_small_image_before_a_heading_is_a_picto(url):
    assert classes_before_heading(url) == ("picto", ' class="with-picto"')


@pytest.mark.parametrize("url, classes", [
    ("/photo.jpg", "img-only figure figure-full"), ("/shot.png", "img-only figure figure-full"),
    ("/diagram-clear.png", "img-only figure"), ("/diagram.svg", "img-only figure"),
    ("/unknown.png", "img-only figure"),
])
def test_a_photo_a_screenshot_or_a_large_drawing_before_a_heading_is_a_figure(url, classes):
    """What the image is decides, not where it is: the heading after it is left as it is."""
    assert classes_before_heading(url) == (classes, "")


def test_an_image_that_cannot_be_shown_is_left_out_with_its_paragraph():
    """A remote image not fetched: no empty box, no paragraph, and its heading not set beside a
    picto that is not there; in running text too, without its alternative text."""
    html = markup.render("![Schéma](https://ex.org/s.png)\n\n## Titre\n\nTexte ![Flèche](https://ex.org/f.svg) suite.\n"
                         '\n<p>Brut <img src="https://ex.org/r.png" alt="Brut alt"></p>\n', told)
    assert "<img" not in html and "Schéma" not in html and "Flèche" not in html and "Brut alt" not in html
    assert html.startswith("<h2>Titre</h2>") and "Texte  suite." in html


def test_a_figure_keeps_the_images_that_can_be_shown():
    html = markup.render("![a](https://ex.org/a.png) ![b](/photo.jpg)\n\n## Titre\n", told)
    assert html.count("<img") == 1 and 'class="img-only figure figure-full"' in html


def test_a_figure_s_title_is_its_caption_and_stays_text():
    html = markup.render('![Un chemin](/photo.jpg "Avant : le <chemin> & la porte")\n\n## Suite\n', told)
    assert '<figure class="img-only figure figure-full"><img src="file:///site/photo.jpg" alt="Un chemin"' in html
    assert "<figcaption>Avant : le &lt;chemin&gt; &amp; la porte</figcaption></figure>" in html
    assert "<h2>Suite</h2>" in html


def test_a_figure_block_knows_its_images_sizes_and_its_height_counts():
    """The one-pager's estimates (columns, cuts) count a figure by its shape: a wide photo is
    shorter than a tall one, either taller than a line of text; a picto counts for nothing."""
    wide, tall, picto = (markup.render_blocks(f"![x]({u})\n\n## T\n", told)[0] for u in ("/photo.jpg", "/shot.png", "/picto.svg"))
    assert wide.figure == ((2048, 1152, True),) and picto.figure == ()
    assert 10 < markup.length([wide]) < markup.length([tall]) < 20 and markup.length([picto]) == 0
    portrait = markup.render_blocks("![x](/tall.jpg)\n", lambda u, k: ImageFacts("photo", 1000, 5000) if k == "facts" else u)
    assert markup.length(portrait) < 20  # at most 9 cm tall


def test_a_figure_ending_the_left_column_stays_in_its_section():
    """Only a picto goes along with the heading after it into the right column."""
    text = "Texte " * 150 + "\n\n![x](/shot.png)\n\n## Suite\n\n" + "Mots " * 300 + "\n"
    left, right = markup.columns(markup.render_blocks(text, told))
    assert "shot.png" in left[-1].html and right[0].html.startswith("<h2")
    left, right = markup.columns(markup.render_blocks(text.replace("/shot.png", "/picto.svg"), told))
    assert "picto.svg" in right[0].html and right[1].html.startswith("<h2")


def test_tables_of_five_columns_or_more_are_marked_wide():
    five = "|a|b|c|d|e|\n|-|-|-|-|-|\n|1|2|3|4|5|\n"
    assert '<table class="wide">' in markup.render(five)
    assert "<table>" in markup.render(five.replace("e|", "").replace("-|-|-|-|-|", "-|-|-|-|").replace("5|", ""))


def test_a_one_pager_is_never_cut_right_after_a_heading_or_a_picto():
    blocks = markup.render_blocks("Début\n\n## Titre\n\nSuite\n\n![p](/p.svg)\n\n## Autre\n\nFin\n\n![f](/f.jpg)\n\nEncore\n")
    assert [b.kind for b in blocks][:3] == ["paragraph", "heading", "paragraph"]
    kept_last = [markup.kept(blocks, cut)[-1].html if cut.blocks else "" for cut in markup.cut_points(blocks)]
    assert not any(h.startswith(("<h2", '<p class="picto"')) for h in kept_last)
    assert any('class="img-only figure"' in h for h in kept_last)  # a figure closes its section: a cut may follow it


# -- the structure a screen reader needs (markup.structure) ---------------------------------------

def test_headings_written_from_h4_nest_under_the_template_h1_keeping_their_look():
    html = markup.render("#### Contexte\n\n###### Détail\n\n#### Solution\n\n## Résultats\n\n#### Suite\n")
    found = re.findall(r"<h(\d)( class=\"[^\"]*\")?>([^<]+)</h\1>", html)
    assert [(int(level), text) for level, _, text in found] == [
        (2, "Contexte"), (3, "Détail"), (2, "Solution"), (2, "Résultats"), (3, "Suite")]
    assert [cls for *_, cls, _ in found] == [
        ' class="level-4"', ' class="level-6"', ' class="level-4"', "", ' class="level-4"']


def test_headings_already_nested_are_left_as_they_are():
    html = '<h2 class="with-picto">A</h2><h3>B</h3><h2>C</h2>'
    assert markup.render(html) == html
    assert markup.render('<h1 class="with-picto">A</h1>') == '<h2 class="with-picto level-1">A</h2>'


@pytest.mark.parametrize("table, expected", [
    # a header and no rows: an empty body
    ("| A | B |\n|---|---|\n", "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody></tbody></table>"),
    # a header, a footer and no body rows: an empty body between them
    ("<table><thead><tr><th>A</th></tr></thead><tfoot><tr><td>x</td></tr></tfoot></table>",
     "<table><thead><tr><th>A</th></tr></thead><tbody></tbody><tfoot><tr><td>x</td></tr></tfoot></table>"),
    ("<table><tfoot><tr><td>x</td></tr></tfoot></table>", "<table><tbody></tbody><tfoot><tr><td>x</td></tr></tfoot></table>"),
    # header cells beside data cells: row headers
    ("<table><tr><th>Site</th><td>Lille</td></tr></table>",
     '<table><tbody><tr><th scope="row">Site</th><td>Lille</td></tr></tbody></table>'),
    # rows of unequal width, spans counted: completed with empty cells
    ('<table><tr><td rowspan="2">a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr><tr><td colspan="2">e</td></tr></table>',
     '<table><tbody><tr><td rowspan="2">a</td><td>b</td><td>c</td></tr><tr><td>d</td><td></td></tr>'
     '<tr><td colspan="2">e</td><td></td></tr></tbody></table>'),
])
def test_tables_get_a_body_row_headers_and_rows_as_wide_as_the_table(table, expected):
    assert markup.render(table).replace("\n", "") == expected
