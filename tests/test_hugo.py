"""Differential test: brochure against Hugo itself.

``tests/hugo_site`` is a small real Hugo site. Hugo builds it (into a temporary copy, so the
repository gets no ``.hugo_build.lock`` or ``resources/``), and for every case study built under
``references/<slug>/`` the inner HTML of ``<article id="content">`` is compared with what
brochure's Markdown stage makes of the same file (``reader.read_file`` then
``markup.render(body, options=MarkdownOptions(unsafe=True))``).

What is compared is the HTML *structure*: the sequence of start tags (name only), end tags and
text chunks (HTML whitespace collapsed, empty chunks dropped). Attributes, comments and
whitespace between tags are ignored, so Hugo's heading ids, brochure's ``img-only``/``picto``
classes, task-list classes and the like do not count; character references are decoded, so
``&rsquo;`` and ``’`` are the same text. Void elements (``<img>``, ``<hr>``…) have no end tag
whether written ``<img>`` or ``<img />``.

The page order of the ``references`` section (Hugo's ``.Pages``, printed by the site's
``list.html``) is compared with ``selection.select(...)``'s order.

Site configuration that differs from Hugo's defaults on purpose: ``[markup.highlight]
codeFences = false``, so that Hugo renders fenced code as goldmark's plain
``<pre><code class="language-x">`` instead of Chroma's highlighted ``<div class="highlight">``
with one ``<span>`` per token; brochure prints code without highlighting.

Intended differences, asserted rather than skipped:

(a) ``html-wrapper.md``: a ``<div class="alignement">`` line directly followed by a Markdown
    image line. CommonMark (and so Hugo) makes the two lines one HTML block and prints
    ``![Picto Cible](…)`` literally; brochure renders the inside as Markdown (an ``<img>`` in a
    ``<p>``). Everything else on the page must be the same.
(b) ``youtube.md``: Hugo expands ``{{< youtube abc >}}`` into a ``<div>`` holding an
    ``<iframe>``; brochure removes non-figure shortcodes and says so in a note. The page must
    be the same once that ``<div><iframe></iframe></div>`` is taken out of Hugo's side.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from brochure import markup, reader, selection
from brochure.markup import MarkdownOptions

SITE = Path(__file__).resolve().parent / "hugo_site"
REFERENCES = SITE / "content" / "references"
TAXONOMY = "projects"

# Pages Hugo must not build (draft, publishDate in the future).
UNPUBLISHED = {"draft", "future"}
# Pages with an intended difference, tested on their own below.
WRAPPER, SHORTCODE = "html-wrapper", "youtube"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not U+00A0: a no-break space is text


def case_files() -> dict[str, Path]:
    """slug -> Markdown file, for every case study of the site's references section."""
    files = {}
    for path in reader.find_case_files(REFERENCES):
        meta, _body, _notes = reader.read_file(path)
        files[reader.slug_for(path, meta)] = path
    return files


CASES = case_files()
PUBLISHED = sorted(set(CASES) - UNPUBLISHED)
PLAIN = [slug for slug in PUBLISHED if slug not in (WRAPPER, SHORTCODE)]


@pytest.fixture(scope="module")
def hugo_out(tmp_path_factory) -> Path:
    hugo = shutil.which("hugo")
    if hugo is None:
        if os.environ.get("CI"):
            pytest.fail("hugo must be installed in CI")
        pytest.skip("hugo is not installed; the differential test against Hugo is skipped")
    tmp = tmp_path_factory.mktemp("hugo")
    source, out = tmp / "site", tmp / "public"
    shutil.copytree(SITE, source, ignore=shutil.ignore_patterns(".hugo_build.lock", "resources", "public"))
    result = subprocess.run(
        [hugo, "--source", str(source), "--destination", str(out), "--quiet",
         "--cacheDir", str(tmp / "cache"), "--noBuildLock"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"hugo failed:\n{result.stdout}\n{result.stderr}"
    return out


# --- HTML as a sequence of events ------------------------------------------------------------


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.events.append(f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.events.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        text = HTML_SPACE.sub(" ", data).strip(" ")
        if text:
            self.events.append(f"#text {text}")


def events(html_text: str) -> list[str]:
    parser = _Events()
    parser.feed(html_text)
    parser.close()
    return parser.events


def article(out: Path, slug: str) -> str:
    """Inner HTML of ``<article id="content">`` of Hugo's page ``references/<slug>/``."""
    page = out / "references" / slug / "index.html"
    assert page.is_file(), f"Hugo built no {page.relative_to(out)}"
    m = re.search(r'<article id="content">(.*)</article>', page.read_text(encoding="utf-8"), re.S)
    assert m, f"no <article id=\"content\"> in {page}"
    return m.group(1)


def brochure_html(slug: str, notes: list[str] | None = None) -> str:
    _meta, body, _ = reader.read_file(CASES[slug])
    return markup.render(body, options=MarkdownOptions(unsafe=True), notes=notes)


def assert_same(hugo: list[str], ours: list[str], what: str) -> None:
    if hugo != ours:
        show = lambda seq: [e.replace("\u00a0", "\\u00a0") for e in seq]  # noqa: E731 (a no-break space, visibly)
        diff = "\n".join(difflib.unified_diff(show(hugo), show(ours), "hugo", "brochure", lineterm=""))
        pytest.fail(f"{what}: brochure differs from Hugo (- Hugo, + brochure)\n{diff}", pytrace=False)


# --- the site itself ------------------------------------------------------------------------


def test_every_built_page_is_compared(hugo_out):
    built = {p.parent.name for p in (hugo_out / "references").glob("*/index.html")}
    assert built == set(PUBLISHED)
    assert not UNPUBLISHED & built
    assert {WRAPPER, SHORTCODE} <= built


def test_term_page_is_built(hugo_out):
    page = hugo_out / "projects" / "collectivites" / "index.html"
    assert page.is_file()
    assert "Collectivités territoriales" in page.read_text(encoding="utf-8")


# --- Markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", PLAIN)
def test_markdown_like_hugo(hugo_out, slug):
    assert_same(events(article(hugo_out, slug)), events(brochure_html(slug)), f"references/{slug}")


def test_html_wrapper_intended_difference(hugo_out):
    """(a) Hugo prints the Markdown inside the wrapper literally; brochure renders it."""
    hugo = events(article(hugo_out, WRAPPER))
    ours = events(brochure_html(WRAPPER))
    literal = "#text ![Picto Cible](/images/a.png)"
    assert any(e.startswith("#text ") and "![" in e for e in hugo)
    assert not any(e.startswith("#text ") and "![" in e for e in ours)
    assert hugo[:2] == ["<div>", literal]
    assert ours[:4] == ["<div>", "<p>", "<img>", "</p>"]
    # the rest (the heading inside the wrapper, the wrapper's end, the page after it) is the same
    assert_same(hugo[2:], ours[4:], f"references/{WRAPPER} after the wrapper's first line")


def test_shortcode_intended_difference(hugo_out):
    """(b) Hugo renders youtube's iframe; brochure removes the shortcode with a note."""
    raw = article(hugo_out, SHORTCODE)
    assert "https://www.youtube.com/embed/abc" in raw
    hugo = events(raw)
    embed = ["<div>", "<iframe>", "</iframe>", "</div>"]
    starts = [i for i in range(len(hugo)) if hugo[i:i + len(embed)] == embed]
    assert len(starts) == 1, hugo
    without = hugo[: starts[0]] + hugo[starts[0] + len(embed):]
    notes: list[str] = []
    ours = events(brochure_html(SHORTCODE, notes))
    assert "<iframe>" not in ours
    assert len(notes) == 1 and "youtube" in notes[0], notes
    assert_same(without, ours, f"references/{SHORTCODE} without the youtube embed")


# --- page order -----------------------------------------------------------------------------


def test_page_order_like_hugo(hugo_out):
    listing = (hugo_out / "references" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<ol id="order">(.*?)</ol>', listing, re.S)
    assert m, listing
    hugo_order = re.findall(r"<li>(.*?)</li>", m.group(1))
    assert len(hugo_order) == len(PUBLISHED)

    cases, problems = reader.read_cases(REFERENCES, TAXONOMY)
    assert not [p for p in problems if p.level == "error"], problems
    chosen = selection.select(cases, terms={}, drafts=False)
    ours = [case.slug for case in chosen.cases]
    assert not UNPUBLISHED & set(ours), f"brochure selected unpublished pages: {ours}"
    assert_same(hugo_order, ours, "order of the references section")
