"""The layout stage alone (layout.py): the Jinja environment, the theme's templates found file by
file with ``builtin/`` for brochure's own, the templates' contract checked when a theme is loaded,
and untrusted values escaped. No PDF is made here: only HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from brochure import layout
from brochure.config import builtin_theme, messages
from brochure.errors import ConfigError

TEMPLATES, _STYLES = builtin_theme()
LABELS = messages("fr", (TEMPLATES,))
STYLES = {"common": "common.css", "one_pager": "one-pager.css", "brochure": "brochure.css", "extra": ""}
COMPANY = {"name": "Test Conseil", "url": "https://example.com", "web": "example.com", "logo": None, "fonts": [],
           "font": "", "heading_font": "", "address": "", "email": "", "phone": ""}


def folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def own(tmp_path) -> Path:
    """Stands for brochure's own templates: a page with a block, and a partial it includes."""
    return folder(tmp_path / "own", {
        "page.html.j2": "[{% block body %}own body{% endblock %}|{% include '_part.html.j2' %}]",
        "_part.html.j2": "own part"})


# --- the environment ----------------------------------------------------------------------


def test_a_misspelt_variable_is_an_error_not_an_empty_string(tmp_path, own):
    theme = folder(tmp_path / "theme", {"page.html.j2": "{{ case.titel }}"})
    with pytest.raises(jinja2.UndefinedError):
        layout.environment((theme, own), own).get_template("page.html.j2").render(case={"title": "T"})


def test_colours_are_mixed_with_white_or_black_and_a_bad_colour_falls_back():
    assert layout.tint("#2F4858", 0) == "#2f4858" and layout.tint("#2f4858", 1) == "#ffffff"
    assert layout.shade("#2f4858", 1) == "#000000" and layout.shade("#abc", 0) == "#aabbcc"
    assert layout.tint("#000000", 0.5) == "#808080"
    assert layout.tint("red; background: url(x)", 0) == "#2f4858"


def test_a_css_string_cannot_leave_its_quotes_nor_the_style_element():
    text = 'a "quoted" \\ word\n</style><script>alert(1)</script>'
    css = layout.css_string(text)
    inner = css[1:-1]
    assert css[0] == css[-1] == '"' and "\n" not in css and "<" not in css
    assert '"' not in inner.replace('\\"', "")


def test_a_page_counter_label_becomes_css_content_with_its_text_quoted():
    assert layout.page_counter("Page {page} sur {pages}") == '"Page " counter(page) " sur " counter(pages)'
    assert layout.page_counter('{page} "x"') == 'counter(page) " \\"x\\""'
    assert layout.page_counter("") == '""'


# --- the theme's templates, file by file --------------------------------------------------


def test_a_page_the_theme_lacks_comes_from_brochure_with_the_theme_partial(tmp_path, own):
    theme = folder(tmp_path / "theme", {"_part.html.j2": "theme part"})
    env = layout.environment((theme, own), own)
    assert env.get_template("page.html.j2").render() == "[own body|theme part]"


def test_the_first_folder_holding_a_file_wins(tmp_path, own):
    first = folder(tmp_path / "first", {"_part.html.j2": "first part"})
    second = folder(tmp_path / "second", {"_part.html.j2": "second part", "page.html.j2": "second page"})
    env = layout.environment((first, second, own), own)
    assert env.get_template("_part.html.j2").render() == "first part"
    assert env.get_template("page.html.j2").render() == "second page"


def test_a_theme_template_extends_the_built_in_one_it_replaces(tmp_path, own):
    theme = folder(tmp_path / "theme", {
        "page.html.j2": '{% extends "builtin/page.html.j2" %}{% block body %}theme body, {{ super() }}{% endblock %}'})
    env = layout.environment((theme, own), own)
    assert env.get_template("page.html.j2").render() == "[theme body, own body|own part]"
    assert env.get_template("builtin/page.html.j2").render() == "[own body|own part]"


@pytest.mark.parametrize("name", ["builtin/nothing.html.j2", "builtin/../own/page.html.j2", "../own/page.html.j2",
                                  "builtin/", "builtin"])
def test_no_name_reaches_past_the_templates_folders(tmp_path, own, name):
    theme = folder(tmp_path / "theme", {"_part.html.j2": "theme part"})
    with pytest.raises(jinja2.TemplateNotFound):
        layout.environment((theme, own), own).get_template(name)


def test_the_templates_listed_are_the_theme_s_and_brochure_s_own_under_both_names(tmp_path, own):
    theme = folder(tmp_path / "theme", {"_part.html.j2": "theme part", "extra.html.j2": ""})
    env = layout.environment((theme, own), own)
    assert env.list_templates() == ["_part.html.j2", "builtin/_part.html.j2", "builtin/page.html.j2",
                                    "extra.html.j2", "page.html.j2"]


def test_without_a_built_in_folder_given_builtin_means_brochure_s_own_templates(tmp_path):
    env = layout.environment((folder(tmp_path / "theme", {"x.html.j2": ""}),))
    assert env.get_template("builtin/one-pager.html.j2").filename == str(TEMPLATES / "one-pager.html.j2")


# --- the contract, checked when a theme is loaded ----------------------------------------

# The least a one-pager template must do (docs/templates.md): an id per case study, the body's
# class, type sized by the scale.
MINIMAL = """<html><head><style>html { font-size: {{ 9.6 * scale }}pt; }</style></head><body>
{% for case in cases %}<article id="case-{{ case.slug }}"><h1>{{ case.title }}</h1>
<main class="case-body">{{ case.body_html }}{{ case.right_html }}</main>{{ case.callout_html }}</article>
{% endfor %}</body></html>"""


def check(theme: Path) -> None:
    layout.check_theme((theme, TEMPLATES), LABELS, STYLES)


def test_brochure_s_own_templates_meet_their_contract():
    layout.check_theme((TEMPLATES,), LABELS, STYLES)


def test_a_minimal_one_pager_that_keeps_the_contract_is_accepted(tmp_path):
    check(folder(tmp_path / "theme", {"one-pager.html.j2": MINIMAL}))


def test_a_one_pager_giving_the_id_to_its_first_case_study_only_is_refused(tmp_path):
    first_only = MINIMAL.replace('<article id="case-{{ case.slug }}">',
                                 '<article{% if loop.first %} id="case-{{ case.slug }}"{% endif %}>')
    theme = folder(tmp_path / "theme", {"one-pager.html.j2": first_only})
    with pytest.raises(ConfigError) as caught:
        check(theme)
    assert caught.value.path == str(theme / "one-pager.html.j2") and 'id="case-<slug>"' in caught.value.message


def test_a_template_failing_only_at_the_smallest_type_is_refused_naming_its_line(tmp_path):
    failing = MINIMAL.replace("<h1>", "{% if scale < 0.8 %}{{ case.no_such_field }}{% endif %}\n<h1>")
    theme = folder(tmp_path / "theme", {"one-pager.html.j2": failing})
    with pytest.raises(ConfigError) as caught:
        check(theme)
    assert caught.value.path == f"{theme / 'one-pager.html.j2'}:2" and "no_such_field" in caught.value.message
    assert "\n" not in str(caught.value)


def test_a_partial_the_built_in_page_cannot_use_is_refused_naming_the_partial(tmp_path):
    theme = folder(tmp_path / "theme", {"_case.html.j2": "{% macro case_header(case) %}{% endmacro %}"})
    with pytest.raises(ConfigError) as caught:
        check(theme)
    assert "case_style" in caught.value.message and "_case.html.j2" in str(caught.value)


# --- untrusted values ---------------------------------------------------------------------

HOSTILE = '</title></h1><script>alert(1)</script><img src=x onerror="alert(2)">"\'&'


class Elements(HTMLParser):
    """The elements, attributes and text of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def hostile_case(slug: str = "x") -> dict:
    return {"slug": slug, "title": HOSTILE, "long_title": HOSTILE, "logo": 'logo.png" onerror="alert(3)',
            "logo_alt": HOSTILE, "picture": 'p.jpg" onerror="alert(4)', "picture_alt": HOSTILE,
            "picture_fit": 'cover" onload="alert(5)', "picto": None, "question_html": "", "answer": HOSTILE,
            "body_html": "<p>Body <strong>kept</strong></p>", "right_html": "", "callout_html": "",
            "color": "#2f4858", "light": False, "group_title": HOSTILE, "projects": ["p"]}


def assert_inert(html: str) -> Elements:
    found = Elements(html)
    assert "script" not in found.tags and "img" in found.tags  # the logo is there, as one element
    assert not [name for name, _value in found.attributes if name.startswith("on")]
    assert ('src', 'logo.png" onerror="alert(3)') in found.attributes
    assert ('src', 'p.jpg" onerror="alert(4)') in found.attributes  # the featured picture, one attribute too
    assert HOSTILE in found.text  # shown as the text it is
    return found


def test_case_study_text_is_escaped_and_its_sanitized_html_kept_in_the_one_pager():
    env = layout.environment((TEMPLATES,))
    html = layout.one_pagers(env, [hostile_case()], company=COMPANY, paper="a4", scale=1.0, styles=STYLES,
                             lang="fr", labels=LABELS)
    found = assert_inert(html)
    assert "strong" in found.tags and "kept" in found.text


def test_case_study_text_is_escaped_everywhere_in_the_brochure():
    env = layout.environment((TEMPLATES,))
    cover = {"kicker": HOSTILE, "title": HOSTILE, "subtitle": HOSTILE, "date": "mai 2024", "color": "#2f4858",
             "buyer": HOSTILE, "buyer_logo": None, "reference": HOSTILE}
    summary = {"title": HOSTILE, "columns": [{"id": "client", "label": HOSTILE}],
               "rows": [{"slug": "x", "cells": [HOSTILE]}]}
    html = layout.brochure(env, cover=cover, groups=[{"title": HOSTILE, "color": "#2f4858", "cases": [hostile_case()]}],
                           company={**COMPANY, **{k: HOSTILE for k in ("name", "web", "address", "email", "phone")}},
                           paper="a4", styles=STYLES, lang="fr", labels=LABELS, summary=summary,
                           meta={"title": HOSTILE, "author": HOSTILE, "subject": HOSTILE, "keywords": HOSTILE,
                                 "date": "2024-05-01T00:00:00Z"})
    assert_inert(html)


def test_only_the_markdown_stage_s_html_fields_are_taken_as_html():
    template = "{% for c in cases %}{{ c.body_html }}|{{ c.note }}|{{ c.count_html }}{% endfor %}"
    env = jinja2.Environment(loader=jinja2.DictLoader({"one-pager.html.j2": template}), autoescape=True)
    html = layout.one_pagers(env, [{"body_html": "<b>x</b>", "note": "<b>y</b>", "count_html": 3}], company=COMPANY,
                             paper="a4", scale=1.0, styles=STYLES, lang="fr", labels=LABELS)
    assert html == "<b>x</b>|&lt;b&gt;y&lt;/b&gt;|3"
