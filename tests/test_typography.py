import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure import markup
from brochure.markup.typography import NBSP, NNBSP, apply, french, plain


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


PIECES = list("ab é1.:;!?«»()'\" \n\t") + [
    "<em>", "</em>", "<p>", "</p>", "<code>", "</code>", '<a href="https://x.fr/?a=1;b">', "</a>",
    "&amp;", "&#39;", "&nbsp;", "<!-- a : b -->", "https://x.fr/?q=1", "10:30", NBSP, NNBSP,
]
TAGS = re.compile(r"<[^>]*>|&[#\w]+;")


@settings(max_examples=400, deadline=None)  # no time limit: the machine may be busy
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_only_spaces_change(src):
    out = french(src)
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", src)
    assert TAGS.findall(out) == TAGS.findall(src)
    assert set(out) - set(src) <= {NBSP, NNBSP}
    assert french(out) == out
    assert plain(plain(src, "fr"), "fr") == plain(src, "fr")
