import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure import markup
from brochure.markup.typography import NBSP, NNBSP, apply, french, plain, smart


@pytest.mark.parametrize("src, out", [
    ("<p>Pourquoi ?</p>", f"<p>Pourquoi{NNBSP}?</p>"),
    ("<p>Bonjour!</p>", f"<p>Bonjour{NNBSP}!</p>"),
    ("<p>un ; deux</p>", f"<p>un{NNBSP}; deux</p>"),
    ("<p>un; deux</p>", f"<p>un{NNBSP}; deux</p>"),
    ("<p>Note :</p>", f"<p>Note{NBSP}:</p>"),
    ("<p>Note: voici</p>", f"<p>Note{NBSP}: voici</p>"),
    ("<p>Note   :  voici</p>", f"<p>Note{NBSP}:  voici</p>"),
    ("<p>Quoi\n?</p>", f"<p>Quoi{NNBSP}?</p>"),
    ("<p>« bonjour »</p>", f"<p>«{NBSP}bonjour{NBSP}»</p>"),
    ("<p>«bonjour»</p>", f"<p>«{NBSP}bonjour{NBSP}»</p>"),
    ("<p>Quoi?!</p>", f"<p>Quoi{NNBSP}?!</p>"),
    ("<p>Non!!</p>", f"<p>Non{NNBSP}!!</p>"),
    ("<p>Vraiment…?</p>", f"<p>Vraiment…{NNBSP}?</p>"),
    ("<p>(vraiment?)</p>", f"<p>(vraiment{NNBSP}?)</p>"),
    ("<p>«Note:»</p>", f"<p>«{NBSP}Note{NBSP}:{NBSP}»</p>"),
])
def test_rules(src, out):
    assert french(src) == out


@pytest.mark.parametrize("src", [
    "<p>À 10:30, ratio 1:2.</p>",
    '<p><a href="https://x.fr/?a=1">https://x.fr/?a=1</a></p>',
    "<p>Voir www.x.fr/a?b=c et mailto:moi@x.fr ou moi@x.fr;</p>",
    "<p>a?b=c et color !important</p>",
    "<p>Super :) et ;-)</p>",
    "<p><code>a ? b : c;</code></p>",
    "<pre><code>x = a ? b : c; // « »\n</code></pre>",
    "<p><kbd>Ctrl !</kbd> <samp>Erreur :</samp></p>",
    "<script>if (a ? b : c) { x(); }</script>",
    "<style>p:hover { color: red !important; }</style>",
    "<!-- Note : rien ! -->",
    '<p><img src="a.png" alt="Titre : image ?" title="Quoi ?"></p>',
    "<p>Tom &amp; Jerry &#39;x&#39; &quot;y&quot; &#x2014; &nbsp;</p>",
    f"<p>Déjà{NBSP}: fait{NNBSP}?</p>",
    "<p>? en début</p><p>: aussi</p>",
])
def test_left_alone(src):
    assert french(src) == src


def test_entities_stay_whole():
    assert french("<p>Tom &amp; Jerry ; fin</p>") == f"<p>Tom &amp; Jerry{NNBSP}; fin</p>"
    assert french("<p>&quot;Oui&quot;?</p>") == f"<p>&quot;Oui&quot;{NNBSP}?</p>"
    assert french("<p>Déjà&nbsp;: fait</p>") == "<p>Déjà&nbsp;: fait</p>"


def test_across_inline_elements():
    assert french("<p><strong>Résultat</strong> :</p>") == f"<p><strong>Résultat</strong>{NBSP}:</p>"
    assert french("<p><strong>Résultat</strong>: oui</p>") == f"<p><strong>Résultat</strong>{NBSP}: oui</p>"
    assert french("<p>mot <em>fin</em>?</p>") == f"<p>mot <em>fin</em>{NNBSP}?</p>"
    assert french("<p><em>a <strong>b</strong></em>!</p>") == f"<p><em>a <strong>b</strong></em>{NNBSP}!</p>"
    assert french("<p>«<em>oui</em>»</p>") == f"<p>«{NBSP}<em>oui</em>{NBSP}»</p>"
    assert french("<p>voir <code>f()</code>?</p>") == f"<p>voir <code>f()</code>{NNBSP}?</p>"


def test_not_across_blocks():
    src = "<p>Fin</p>\n<p>: suite</p><ul>\n<li>Un</li>\n<li>? deux</li>\n</ul>"
    assert french(src) == src


def test_markdown_output():
    html = markup.render("Texte « bonjour » et <<x>> : oui ? non! Voir https://x.fr/?a=1 et `a?b` &amp; fin.\n")
    assert french(html) == (
        f"<p>Texte «{NBSP}bonjour{NBSP}» et «{NBSP}x{NBSP}»{NBSP}: oui{NNBSP}? non{NNBSP}! "
        '<a href="https://x.fr/?a=1">https://x.fr/?a=1</a> et <code>a?b</code> &amp; fin.</p>\n'
    ).replace("! <a", "! Voir <a")


def test_apply_and_plain_by_language():
    html = "<p>Pourquoi ? Note : « oui »</p>"
    assert apply(html, "en") == html
    assert apply(html, None) == html
    assert apply(html, "fr") == french(html) == apply(html, "fr-FR")
    assert plain("Pourquoi ? R&D: oui", "fr") == f"Pourquoi{NNBSP}? R&D{NBSP}: oui"
    assert plain("Tom &amp; Jerry!", "fr") == f"Tom &amp{NNBSP}; Jerry{NNBSP}!"
    assert plain("Why? Note: yes", "en-GB") == "Why? Note: yes"
    assert plain("10:30 https://x.fr/?a=1", "fr") == "10:30 https://x.fr/?a=1"


@pytest.mark.parametrize("src, out", [
    ("4 mois", f"4{NBSP}mois"),
    ("3 000 jeux", f"3{NNBSP}000{NBSP}jeux"),
    ("1 500 000,50 €", f"1{NNBSP}500{NNBSP}000,50{NBSP}€"),
    (f"3{NBSP}000 et 3\u2009000", f"3{NBSP}000{NBSP}et 3{NNBSP}000"),  # a no-break space there is kept
    ("12 %, 3 ‰, 25 k€, 1,5 M€, 20 °C", f"12{NBSP}%, 3{NBSP}‰, 25{NBSP}k€, 1,5{NBSP}M€, 20{NBSP}°C"),
    ("120\ncollectivités", f"120{NBSP}collectivités"),
    ("le 12 mars 2024", f"le 12{NBSP}mars{NBSP}2024"),
    ("le 1er septembre, en Août 2019", f"le 1er{NBSP}septembre, en Août{NBSP}2019"),
    ("en 2019 120 communes", f"en 2019 120{NBSP}communes"),  # four digits first: two numbers
    ("3000 jeux, 2024 : fin", f"3000{NBSP}jeux, 2024{NBSP}: fin"),  # no space added inside a number
    ("10 - 12 ans, 4 / mois", f"10 - 12{NBSP}ans, 4 / mois"),
])
def test_numbers(src, out):
    assert french(f"<p>{src}</p>") == f"<p>{out}</p>"
    assert plain(src, "fr") == out


@pytest.mark.parametrize("src", [
    "<p><code>4 mois 3 000</code></p>",
    '<p><a href="https://x.fr/?n=4 mois">lien</a> https://x.fr/4 mois</p>',
    "<p>4</p><p>mois</p>",
    "<p>mailto:a4@x.fr et</p>",
])
def test_numbers_left_alone(src):
    assert french(src) == src


def test_french_quotes():
    G = f"«{NBSP}"
    D = f"{NBSP}»"
    assert french("<p>Il dit “oui”.</p>") == f"<p>Il dit {G}oui{D}.</p>"
    assert french("<p>“Il dit “oui” et part”</p>") == f"<p>{G}Il dit “oui” et part{D}</p>"  # inner ones stay
    assert french("<p>“<em>oui</em>”</p>") == f"<p>{G}<em>oui</em>{D}</p>"
    assert french("<p>Un “ouvert</p><p>et fermé”</p>") == "<p>Un “ouvert</p><p>et fermé”</p>"  # not across blocks
    assert french("<p>un 27” écran</p>") == "<p>un 27” écran</p>"  # a lone mark is no quotation
    left = ['<p><code>“x”</code></p>', '<p><img alt="“x”" src="a.png"></p>', "<p>&ldquo;x&rdquo;</p>"]
    assert [french(h) for h in left] == left
    assert french("<p>Il dit “oui”.</p>", quotes=False) == "<p>Il dit “oui”.</p>"
    assert apply("<p>He said “yes”.</p>", "en") == "<p>He said “yes”.</p>"


def test_french_quotes_from_markdown():
    html = markup.render('Il a dit "c\'est l\'essentiel" puis `"code"` et [lien](https://x.fr/"a").\n')
    out = french(html)
    assert f"«{NBSP}c’est l’essentiel{NBSP}»" in out and '<code>"code"</code>' in out
    assert 'href="https://x.fr/%22a%22"' in out


@pytest.mark.parametrize("src, out", [
    ("Région Occitanie - l'ouverture", "Région Occitanie - l’ouverture"),
    ('Le projet "Alpha" -- suite...', "Le projet “Alpha” – suite…"),
    ("it's the clients' 'view'", "it’s the clients’ ‘view’"),
    ('("Alpha")', "(“Alpha”)"),
    ('12" et 5\'', '12" et 5’'),
    ("voir https://x.fr/a--b'c...", "voir https://x.fr/a--b'c..."),
    ("<<oui>>", "«oui»"),
])
def test_smart(src, out):
    assert smart(src) == out
    assert smart(out) == out


def test_plain_front_matter():
    assert plain("L'offre \"Alpha\" : 3 000 jeux", "fr") == f"L’offre «{NBSP}Alpha{NBSP}»{NBSP}: 3{NNBSP}000{NBSP}jeux"
    assert plain("L'offre \"Alpha\"", "fr", quotes=False) == "L’offre “Alpha”"
    assert plain("The client's \"Alpha\": 3 000 games", "en") == "The client’s “Alpha”: 3 000 games"


PIECES = list("ab é1.:;!?«»“”’()'\" \n\t") + ["000", "mois", "mars", "%", "€", "1er", "2024", "\u2009",
    "<em>", "</em>", "<p>", "</p>", "<code>", "</code>", '<a href="https://x.fr/?a=1;b">', "</a>",
    "&amp;", "&#39;", "&nbsp;", "<!-- a : b -->", "https://x.fr/?q=1", "10:30", NBSP, NNBSP,
]
TAGS = re.compile(r"<[^>]*>|&[#\w]+;")


@settings(max_examples=400, deadline=None)  # no time limit: the machine may be busy
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_only_spaces_change(src):
    out = french(src)
    quotes = str.maketrans("«»", "“”")  # “ ” may become « »
    assert re.sub(r"\s", "", out).translate(quotes) == re.sub(r"\s", "", src).translate(quotes)
    assert TAGS.findall(out) == TAGS.findall(src)
    assert set(out) - set(src) <= {NBSP, NNBSP, "«", "»"}
    assert french(out) == out
    assert plain(plain(src, "fr"), "fr") == plain(src, "fr")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 '\"-.<>(/«“”’") + ["https://x.fr/'a'", "\n"]), max_size=30).map("".join))
def test_smart_changes_only_marks(src):
    out = smart(src)
    assert smart(out) == out
    assert re.sub(r"[^\w\s]", "", out) == re.sub(r"[^\w\s]", "", src)  # letters and spaces kept
    assert "https://x.fr/'a'" in out or "https://x.fr/'a'" not in src


# --- on the pages ---------------------------------------------------------------------------

FRENCH_NUMBERS_AND_QUOTES = """---
title: "L'offre \\"Alpha\\" de la ville"
longTitle: "Un accompagnement de 4 mois pour 3 000 jeux"
projects: [collectivites]
topQuestion: Durée de l'intervention
topAnswer: 18 mois
---
## Résultats

Le maire a dit "c'est l'essentiel" le 12 mars 2024 : 120 collectivités, 12 % de plus, 25 k€ et
1,5 M€ pour 1 500 000 habitants. Voir `"code" 4 mois` et https://x.fr/a?b=1.
"""


@pytest.mark.parametrize("quotes", [True, False])
def test_pages_keep_numbers_together_and_quote_in_french(site, quotes):
    """The PDF's text has the no-break spaces, curly apostrophes in the front matter and « » in
    the French case study (“ ” with content.french_quotes = false)."""
    from conftest import build_site, output_pdfs
    from pypdf import PdfReader

    from brochure.commands.common import Choice

    root = site({"french-numbers-and-quotes.md": FRENCH_NUMBERS_AND_QUOTES},
                config_extra="" if quotes else "french_quotes = false\n")
    build_site(root, choice=Choice(projects=("collectivites",)))
    pdfs = {p.name: p for p in output_pdfs(root / "dist")}
    for name in ("french-numbers-and-quotes.pdf", "collectivites.pdf"):  # the one-pager, the brochure
        text = "\n".join(page.extract_text() for page in PdfReader(pdfs[name]).pages)
        flat = re.sub(r"\s*\n\s*", " ", text)  # lines joined: a no-break space is never a line end
        for kept in (f"4{NBSP}mois", f"3{NNBSP}000{NBSP}jeux", f"18{NBSP}mois", f"12{NBSP}mars{NBSP}2024",
                     f"120{NBSP}collectivités", f"12{NBSP}%", f"25{NBSP}k€", f"1,5{NBSP}M€",
                     f"1{NNBSP}500{NNBSP}000{NBSP}habitants", "L’offre", "Durée de l’intervention"):
            assert kept in flat, (name, kept)
        said = f"«{NBSP}c’est l’essentiel{NBSP}»" if quotes else "“c’est l’essentiel”"
        title = f"«{NBSP}Alpha{NBSP}»" if quotes else "“Alpha”"
        assert said in flat and title in flat, name
        assert '"code" 4 mois' in flat.replace(NBSP, " ")  # code as written
        assert "'" not in flat.replace("'code'", "")
