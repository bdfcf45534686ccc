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

The pages of the ``references`` section, in Hugo's order, with their URLs (Hugo's
``.RegularPagesRecursive``, printed by the site's ``list.html``), are compared with what brochure
reads (``reader.read_cases``) and selects (``selection.select(...)``): the same pages (a leaf
bundle's other Markdown files are resources, not pages; names starting with ``.`` or ``#`` are
ignored; a page whose front matter Hugo cannot fully use is still a page), in the same order
(weight, date, then the raw title by the language's collator), with the same slugs (the last step
of the page's URL: urlized file name, ``slug``, ``url``; once more with ``removePathAccents`` and
``disablePathToLower``). A slug is compared with runs of hyphens made one and none at the ends:
Hugo's versions differ there (0.111 ends ``name .md`` with a hyphen, 0.168 also doubles the one
before a space), and a one-pager's file name never ends with a hyphen.

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
import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

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
    """slug -> Markdown file, for every case study brochure reads in the site's references section."""
    cases, _problems = reader.read_cases(REFERENCES, TAXONOMY, root=SITE / "content")
    return {case.slug: case.path for case in cases}


CASES = case_files()
PUBLISHED = sorted(set(CASES) - UNPUBLISHED)
PLAIN = [slug for slug in PUBLISHED if slug not in (WRAPPER, SHORTCODE)]


def run_hugo(tmp: Path, site: Path = SITE, **env: str) -> Path:
    """Hugo builds a copy of ``site`` into ``tmp``; ``env``: settings as Hugo's ``HUGO_*`` variables."""
    hugo = shutil.which("hugo")
    if hugo is None:
        if os.environ.get("CI"):
            pytest.fail("hugo must be installed in CI")
        pytest.skip("hugo is not installed; the differential test against Hugo is skipped")
    source, out = tmp / "site", tmp / "public"
    shutil.copytree(site, source, ignore=shutil.ignore_patterns(".hugo_build.lock", "resources", "public"))
    result = subprocess.run(
        [hugo, "--source", str(source), "--destination", str(out), "--quiet",
         "--cacheDir", str(tmp / "cache"), "--noBuildLock"],
        capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )
    assert result.returncode == 0, f"hugo failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def hugo_out(tmp_path_factory) -> Path:
    return run_hugo(tmp_path_factory.mktemp("hugo"))


def hugo_pages(out: Path) -> list[tuple[str, str]]:
    """(file, URL) of every page of the references section, in Hugo's order: the file relative to
    the section, the URL decoded."""
    listing = (out / "references" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<ol id="order">(.*?)</ol>', listing, re.S)
    assert m, listing
    rows = [html.unescape(row).split("|") for row in re.findall(r"<li>(.*?)</li>", m.group(1))]
    return [(file.removeprefix("references/"), unquote(url)) for file, url in rows]


def relative(path: Path) -> str:
    return path.relative_to(REFERENCES).as_posix()


def url_slug(url: str) -> str:
    """The last step of a URL, with runs of hyphens made one and none at the ends (see above)."""
    return re.sub(r"-+", "-", url.rstrip("/").rpartition("/")[2]).strip("-")


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
    """Inner HTML of ``<article id="content">`` of Hugo's page for the case study ``slug``."""
    url = dict(hugo_pages(out))[relative(CASES[slug])]
    page = out / url.strip("/") / "index.html"
    assert page.is_file(), f"Hugo built no {page.relative_to(out)}"
    m = re.search(r'<article id="content">(.*)</article>', page.read_text(encoding="utf-8"), re.S)
    assert m, f"no <article id=\"content\"> in {page}"
    return m.group(1)


def brochure_html(slug: str, notes: list[str] | None = None) -> str:
    """brochure's HTML of ``slug``, its headings at the levels written: (c) brochure renumbers them
    to nest under the template's h1 (markup.structure), keeping the level written as a class."""
    _meta, body, _ = reader.read_file(CASES[slug])
    html_text = markup.render(body, options=MarkdownOptions(unsafe=True), notes=notes)
    return re.sub(r'<h([1-6])(\s[^>]*?\blevel-([1-6])\b[^>]*)>(.*?)</h\1>',
                  lambda m: f"<h{m[3]}{m[2]}>{m[4]}</h{m[3]}>", html_text, flags=re.S)


def assert_same(hugo: list[str], ours: list[str], what: str) -> None:
    if hugo != ours:
        show = lambda seq: [e.replace("\u00a0", "\\u00a0") for e in seq]  # noqa: E731 (a no-break space, visibly)
        diff = "\n".join(difflib.unified_diff(show(hugo), show(ours), "hugo", "brochure", lineterm=""))
        pytest.fail(f"{what}: brochure differs from Hugo (- Hugo, + brochure)\n{diff}", pytrace=False)


# --- the site itself ------------------------------------------------------------------------


def test_every_built_page_is_compared(hugo_out):
    built = {file for file, _url in hugo_pages(hugo_out)}
    assert built == {relative(CASES[slug]) for slug in PUBLISHED}
    assert not {relative(CASES[slug]) for slug in UNPUBLISHED} & built
    assert {WRAPPER, SHORTCODE} <= {Path(file).stem for file in built}


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


# --- pages, order and slugs ------------------------------------------------------------------


def brochure_pages(rules: reader.UrlRules = reader.UrlRules()) -> tuple[list[tuple[str, str]], list]:
    """(file, slug) of every page brochure selects, in its order, and the problems reading them."""
    cases, problems = reader.read_cases(REFERENCES, TAXONOMY, root=SITE / "content", rules=rules)
    chosen = selection.select(cases, terms={}, drafts=False, lang="fr")
    return [(relative(case.path), case.slug) for case in chosen.order], problems


def test_same_pages_in_the_same_order_as_hugo(hugo_out):
    """Leaf-bundle resources, hidden names, sub-sections and folders, values Hugo cannot use,
    and titles of equal weight and date ordered by Hugo's collator on the raw title."""
    ours, problems = brochure_pages()
    assert not [p for p in problems if p.level == "error"], problems
    assert_same([file for file, _url in hugo_pages(hugo_out)], [file for file, _slug in ours],
                "pages of the references section, in order")


def test_same_slugs_as_hugo(hugo_out):
    hugo = {file: url_slug(url) for file, url in hugo_pages(hugo_out)}
    ours = dict(brochure_pages()[0])
    assert {file: ours[file] for file in hugo} == hugo
    assert ours["url-front.md"] == "autre-nom" and ours["Étude Régionale.md"] == "étude-régionale"


def test_slugs_follow_remove_path_accents_and_disable_path_to_lower(tmp_path):
    out = run_hugo(tmp_path, HUGO_REMOVEPATHACCENTS="true", HUGO_DISABLEPATHTOLOWER="true")
    hugo = {file: url_slug(url) for file, url in hugo_pages(out)}
    ours = dict(brochure_pages(reader.UrlRules(remove_accents=True, keep_case=True))[0])
    assert {file: ours[file] for file in hugo} == hugo
    assert ours["Étude Régionale.md"] == "Etude-Regionale"
    assert ours["conférence- comprendre-et-protéger-nos-sols .md"] == "conference-comprendre-et-proteger-nos-sols"


def test_bundle_resources_and_hidden_names_are_not_pages(hugo_out):
    files = {file for file, _url in hugo_pages(hugo_out)}
    ours, problems = brochure_pages()
    for resource in ("bundle-page/bio.md", "bundle-page/notes.md", "bundle-page/annexes/annexe.md",
                     ".brouillons/cache.md", "#note.md"):
        assert (REFERENCES / resource).is_file()
        assert resource not in files and resource not in dict(ours)
        assert not [p for p in problems if p.file and p.file.endswith(resource)]
    assert {"bundle-page/index.md", "secteur/dans-secteur.md", "dossier/dans-dossier.md"} <= files


@pytest.mark.parametrize("file, said", [
    ("weight-texte.md", "weight 'abc' is not a number"), ("draft-oui.md", "draft 'yes'"),
    ("titre-liste.md", "title"),
    ("sans-front-matter.md", "no front matter")])
def test_what_hugo_publishes_with_a_value_it_cannot_use_is_a_warning(hugo_out, file, said):
    """(A date Hugo cannot read is not here: 0.111 publishes the page undated, newer versions stop
    the build; ``test_reader`` covers it.)"""
    assert file in {f for f, _url in hugo_pages(hugo_out)}
    ours, problems = brochure_pages()
    assert file in dict(ours)
    mine = [p for p in problems if p.file == str(REFERENCES / file)]
    assert mine and all(p.level == "warning" for p in mine) and any(said in p.message for p in mine), mine


def test_a_lone_term_is_one_term_silently():
    cases, problems = reader.read_cases(REFERENCES, TAXONOMY, root=SITE / "content")
    case = next(c for c in cases if c.path.name == "titre-liste.md")
    assert case.projects == ["collectivites"]
    assert not [p for p in problems if p.file == str(case.path) and TAXONOMY in p.message]


# --- what Hugo's own templates show besides the body: featured image, summary, date, section title ----


def _page_url(out: Path, slug: str) -> str:
    return dict(hugo_pages(out))[relative(CASES[slug])]


def _page(out: Path, slug: str) -> str:
    return (out / _page_url(out, slug).strip("/") / "index.html").read_text(encoding="utf-8")


def _meta_tag(out: Path, slug: str, prop: str) -> list[str]:
    return re.findall(rf'<meta property="{prop}" content="([^"]*)"', _page(out, slug))


def _div(out: Path, slug: str, name: str) -> str:
    m = re.search(rf'<(?:div|time) id="{name}">(.*?)</(?:div|time)>', _page(out, slug), re.S)
    assert m, f"no {name} in the page of {slug}"
    return m.group(1)


def _our_featured_url(out: Path, slug: str) -> str | None:
    """The picture brochure takes as Hugo's templates do: the first of ``images``, else the bundle's
    image named *feature*, else *cover* or *thumbnail* (as the absolute URL Hugo prints)."""
    from brochure import pictures
    from brochure.commands.front import image_value
    from brochure.hugo_rules import featured_resource, lookup, resource_names

    path = CASES[slug]
    meta, _body, _ = reader.read_file(path)
    named = image_value(lookup(meta, "images"))
    if named:
        return "https://example.org/" + named.lstrip("/")
    if path.stem != "index":
        return None
    found = featured_resource(resource_names(pictures.bundle_images(path, SITE / "content"), meta))
    return f"https://example.org{_page_url(out, slug)}{found}" if found else None


@pytest.mark.parametrize("slug", PUBLISHED)
def test_featured_image_like_hugos_templates(hugo_out, slug):
    """Hugo's internal opengraph.html names the page's picture: brochure finds the same one."""
    hugo = _meta_tag(hugo_out, slug, "og:image")
    assert (hugo[0] if hugo else None) == _our_featured_url(hugo_out, slug)


def test_featured_image_cases_are_covered(hugo_out):
    chosen = {slug: _our_featured_url(hugo_out, slug) for slug in PUBLISHED}
    assert chosen["featured-bundle"].endswith("/z-feature.png")  # *feature* before *cover*
    assert chosen["cover-in-folder"].endswith("/Thumbnail.PNG")  # not images/cover.png
    assert chosen["named-resource"].endswith("/photo.png")  # named "a-cover" by the resources front matter
    assert chosen["images-param"] == "https://example.org/images/a.png"


@pytest.mark.parametrize("slug", PUBLISHED)
def test_date_like_hugo(hugo_out, slug):
    """An undated page is undated for Hugo and for brochure (no date is made up)."""
    cases, _problems = reader.read_cases(REFERENCES, TAXONOMY, root=SITE / "content")
    case = next(c for c in cases if c.slug == slug)
    assert _div(hugo_out, slug, "date") == (case.date.strftime("%Y-%m-%d") if case.date else "")


def _words(html_text: str) -> list[str]:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]*>", " ", html_text)).split()


@pytest.mark.parametrize("slug", ["summary-only", "description-only"])
def test_text_kept_in_front_matter_like_hugo(hugo_out, slug):
    """An empty body: brochure shows Hugo's .Summary (the front-matter summary), else its .Description."""
    from brochure.commands.front import stand_in
    from brochure.config import load_config

    config = load_config(None, cwd=SITE, site=SITE)
    cases, _problems = reader.read_cases(REFERENCES, TAXONOMY, root=SITE / "content")
    case = next(c for c in cases if c.slug == slug)
    assert not case.body.strip()
    _key, text, _value = stand_in(config, case)
    hugo = _div(hugo_out, slug, "summary").strip() or _div(hugo_out, slug, "description")
    assert _words(markup.render(text, options=MarkdownOptions(unsafe=True))) == _words(hugo)


def test_section_title_like_hugo(hugo_out):
    """A section without an _index.md title is named as Hugo names it."""
    from brochure.hugo_rules import section_title

    listing = (hugo_out / "references" / "index.html").read_text(encoding="utf-8")
    hugo = re.search(r'<h1 id="section-title">(.*?)</h1>', listing).group(1)
    title, _problems = reader.read_section_title(REFERENCES)
    assert (title or section_title("references")) == hugo


SECTION_NAMES = ("work", "showcase", "portfolio", "case-study", "case_study", "realisation", "réalisations",
                 "success-story", "études de cas", "analysis", "church", "category", "clients", "news", "kunden")


@pytest.mark.parametrize("pluralize", [True, False])
def test_section_titles_like_hugo(tmp_path, pluralize):
    """Hugo's name for a section without a title, for many folder names, with and without
    pluralizeListTitles; and an _index.md title wins."""
    from brochure.hugo_rules import section_title

    hugo = shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed")
    version = re.search(r"v0\.(\d+)", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout)
    if version and int(version.group(1)) > 111:
        pytest.skip("newer Hugo also title-cases these titles (Case-Studies); brochure follows Hugo 0.111's rule")
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "list.html").write_text('<h1 id="t">{{ .Title }}</h1>', encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text("x", encoding="utf-8")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ndisableKinds = ["RSS", "sitemap", '
                                    f'"robotsTXT", "404", "taxonomy", "term"]\npluralizeListTitles = {str(pluralize).lower()}\n',
                                    encoding="utf-8")
    for name in (*SECTION_NAMES, "titled"):
        folder = site / "content" / name
        folder.mkdir(parents=True)
        (folder / "page.md").write_text("---\ntitle: Page\n---\nText.\n", encoding="utf-8")
    (site / "content" / "titled" / "_index.md").write_text("---\ntitle: Nos réalisations\n---\n", encoding="utf-8")
    out = tmp_path / "public"
    done = subprocess.run([hugo, "--source", str(site), "--destination", str(out), "--quiet", "--noBuildLock",
                           "--cacheDir", str(tmp_path / "cache")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    built = {}
    for page in out.glob("*/index.html"):
        built[page.parent.name] = re.search(r'<h1 id="t">(.*?)</h1>', page.read_text(encoding="utf-8")).group(1)
    for name in (*SECTION_NAMES, "titled"):
        title, _problems = reader.read_section_title(site / "content" / name)
        ours = title or section_title(name, pluralize)
        assert ours == built[name.replace(" ", "-")], name


# --- module mounts, URLs, links between pages -------------------------------------------------

REFS = [("ref", '"b.md"'), ("relref", '"sub/c.md"'), ("ref", '"/case-studies/sub/c"'), ("ref", '"bundle"'),
        ("relref", '"x.md#part"'), ("relref", 'path="b"'), ("ref", '"../case-studies/b.md"'), ("ref", '"#top"'),
        ("relref", '"extra/x"'), ("ref", '"case-studies/bundle/index.md"')]
MOUNTED = {
    "hugo.toml": """baseURL = "https://example.org/base/"
title = "Mounted"
defaultContentLanguage = "en"
removePathAccents = true
disableKinds = ["RSS", "sitemap", "robotsTXT", "404", "taxonomy", "term"]
[languages.en]
weight = 1
[languages.fr]
weight = 2
[permalinks]
news = "/N/:year/:monthname/:slugorfilename"
work = "/w/:section/:sections/:title/"
blog = "/b/:sections[1:]/:yearday-:weekday-:weekdayname-:day/:filename/"
[[module.mounts]]
source = "content/en"
target = "content"
lang = "en"
[[module.mounts]]
source = "content/fr"
target = "content"
lang = "fr"
[[module.mounts]]
source = "extra/cs"
target = "content/case-studies/extra"
""",
    "layouts/index.html": '<ol id="pages">{{ range .Site.RegularPages }}<li>{{ .File.Path }}|{{ .RelPermalink }}</li>'
                          "{{ end }}</ol>",
    "layouts/_default/single.html": '<article id="content">{{ .Content }}</article>',
    "layouts/_default/list.html": "",
    "content/en/case-studies/a.md": "---\ntitle: A\n---\n"
    + "".join(f"r{n} {{{{< {kind} {arg} >}}}}\n\n" for n, (kind, arg) in enumerate(REFS, 1))
    + "d1 See [the guide](file:///Users/admin/Desktop/Guide%20v4.pdf) and [that](javascript:alert(1)).\n",
    "content/en/case-studies/b.md": "---\ntitle: B\nslug: Bée Slug\n---\nB\n",
    "content/en/case-studies/sub/c.md": "---\ntitle: C\nurl: /custom/c-url\n---\nC\n",
    "content/en/case-studies/sub/Dé E.md": "---\ntitle: D\n---\nD\n",
    "content/en/case-studies/bundle/index.md": "---\ntitle: Bundle\n---\nBundle\n",
    "content/fr/case-studies/fr1.md": "---\ntitle: Français\n---\nTexte\n",
    "extra/cs/x.md": "---\ntitle: X\n---\nX\n",
    "extra/cs/x2.fr.md": "---\ntitle: X2\n---\nX2\n",
    "content/en/news/n1.md": '---\ntitle: "Hé Title!"\ndate: 2023-04-05\n---\nx\n',
    "content/en/news/n2.md": "---\ntitle: A Title\nslug: Sl Ug\ndate: 2023-04-05\n---\nx\n",
    "content/en/work/Sub/w1.md": "---\ntitle: Ti Tle\n---\nx\n",
    "content/en/work/w2.md": "---\ntitle: Ti Tle2\n---\nx\n",
    "content/fr/work/w3.md": "---\ntitle: Fr\nurl: /frurl/x\n---\nx\n",
    "content/fr/work/w4.md": "---\ntitle: Fr2\n---\nx\n",
    "content/en/blog/S1/_index.md": "---\ntitle: S1\n---\n",
    "content/en/blog/S1/S2/b1.md": "---\ntitle: B\ndate: 2023-02-09\n---\nx\n",
}
SECTIONS = {"en": ("case-studies", "news", "work", "blog"), "fr": ("case-studies", "work")}


@pytest.fixture(scope="module", params=[False, True], ids=["pretty", "uglyURLs"])
def mounted(request, tmp_path_factory) -> tuple[Path, Path, bool]:
    """The site above, written, and Hugo's build of it (once with uglyURLs)."""
    tmp = tmp_path_factory.mktemp("mounted")
    for name, text in MOUNTED.items():
        if name == "hugo.toml":
            text = ("uglyURLs = true\n" if request.param else "") + text
            if hugo_minor() > 152:  # a mount's lang became its sites.matrix.languages
                text = re.sub(r'lang = "(\w+)"\n', r'[module.mounts.sites.matrix]\nlanguages = ["\1"]\n', text)
        (tmp / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "src" / name).write_text(text, encoding="utf-8")
    return tmp / "src", run_hugo(tmp, tmp / "src"), request.param


def hugo_minor() -> int:
    """The installed Hugo's minor version (111 for 0.111.3), 0 without Hugo."""
    hugo = shutil.which("hugo")
    found = re.search(r"v0\.(\d+)", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout) if hugo else None
    return int(found.group(1)) if found else 0


def _config(root: Path, lang: str, section: str):
    from brochure.config import load_config

    return load_config(site=root, lang=lang, overrides={"content.section": section}, cwd=root)


def _loaded(root: Path, lang: str, section: str):
    from brochure.commands.common import Choice, load

    return load(_config(root, lang, section), Choice())


def _site_links(loaded):
    from brochure.links import SiteLinks, Target

    return SiteLinks("https://example.org/base/", [Target(c.slug, c.url, c.content_path) for c in loaded.read],
                     frozenset(c.slug for c in loaded.cases))


def test_mounted_pages_and_their_urls_like_hugo(mounted):
    """Mounts (a language's folder as the content, a folder mounted into a section, lang on a
    mount, a file-name suffix), then each page's URL: url front matter, slug, permalinks and their
    tokens, sections, bundles, the language's prefix, uglyURLs, the base URL's path."""
    source, out, _ugly = mounted
    for lang, sections in SECTIONS.items():
        listing = (out / ("" if lang == "en" else lang) / "index.html").read_text(encoding="utf-8")
        hugo = {file: unquote(url).removeprefix("/base")
                for file, url in (html.unescape(row).split("|") for row in re.findall(r"<li>(.*?)</li>", listing))}
        ours = {}
        for section in sections:
            ours.update({case.content_path: case.url for case in _loaded(source, lang, section).read})
        assert ours == hugo, lang


def _page_a(out: Path, ugly: bool) -> str:
    return (out / "case-studies" / ("a.html" if ugly else "a/index.html")).read_text(encoding="utf-8")


def test_ref_and_relref_like_hugo(mounted):
    """What ``{{< ref >}}`` and ``{{< relref >}}`` print, for a page of the section: relative to the
    page's folder, from the root, by a name found once, a bundle, a fragment, the page itself."""
    source, out, ugly = mounted
    hugo = dict(re.findall(r"<p>(r\d+) (.*?)</p>", _page_a(out, ugly)))
    site = _site_links(_loaded(source, "en", "case-studies"))
    ours = {f"r{n}": site.ref(re.sub(r"^path=", "", arg).strip('"'), kind == "relref", site.by_slug["a"])
            for n, (kind, arg) in enumerate(REFS, 1)}
    assert ours == hugo


def test_a_link_hugo_empties_keeps_its_words(mounted):
    """A ``file:`` or ``javascript:`` link: Hugo writes ``href=""`` (0.111) or ``#ZgotmplZ`` (0.168),
    the words stay; brochure keeps the words without a link, and says so."""
    from brochure.commands.prepare import Context, resolver_for

    source, out, ugly = mounted
    hugo = re.search(r"<p>d1 (.*?)</p>", _page_a(out, ugly)).group(1)
    assert re.findall(r'href="([^"]*)"', hugo) in (["", ""], ["#ZgotmplZ", "#ZgotmplZ"])
    loaded = _loaded(source, "en", "case-studies")
    ctx = Context(_config(source, "en", "case-studies"))
    ctx.links = _site_links(loaded)
    case = next(c for c in loaded.read if c.slug == "a")
    resolver = resolver_for(ctx, case)
    ours = markup.render(case.body.split("d1 ", 1)[1], resolver, MarkdownOptions(unsafe=False))

    def words(text: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())

    assert "href" not in ours and words(ours) == words(hugo) == "See the guide and that."
    assert [m.split(" removed")[0] for m in resolver.problems] == [
        "link to file:///Users/admin/Desktop/Guide%20v4.pdf", "link to javascript:alert(1)"]
