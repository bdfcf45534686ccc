"""A theme overrides one file at a time: each stylesheet, each template
(which may extend the built-in one as ``builtin/NAME``); its page templates are checked
against the contract of docs/templates.md when it is loaded."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest
from pypdf import PdfReader

from brochure import layout
from brochure.commands.prepare import Context
from brochure.config import builtin_theme, load_config
from brochure.errors import ConfigError

from conftest import build_site, text_of

TEMPLATES, STYLES = builtin_theme()
CASE = "---\ntitle: Ville de Test\nprojects: [collectivites]\n---\n## Objectifs\n\nUn texte court.\n"
MISSING = "---\ntitle: Image absente\nprojects: [collectivites]\n---\n![Capture](/images/nope.png)\n\nTexte.\n"
GREEN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
             '<rect width="400" height="300" fill="#00ff00"/></svg>')


def themed(site, *, styles: dict[str, str] | None = None, templates: dict[str, str] | None = None,
           files: dict[str, str] | None = None) -> Path:
    """A small site whose brochure.toml names a theme with only the given files."""
    extra = "[theme]\n"
    if styles is not None:
        extra += 'styles = "mystyles"\n'
    if templates is not None:
        extra += 'templates = "mytemplates"\n'
    root = site(files or {"test.md": CASE}, config_extra=extra)
    for folder, contents in (("mystyles", styles), ("mytemplates", templates)):
        if contents is not None:
            (root / folder).mkdir()
            for name, text in contents.items():
                (root / folder / name).write_text(text, encoding="utf-8")
    return root


def fill_colors(path: Path) -> set[tuple[float, ...]]:
    """The fill colours (``r g b rg``) the pages of a PDF paint with."""
    found = set()
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        found |= {tuple(round(float(v), 3) for v in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg\b", data)}
    return found


def font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def one_pager(out: Path, slug: str = "test") -> Path:
    return out / "one-pagers" / f"{slug}.pdf"


# --- styles: file by file -------------------------------------------------------------------


def test_a_theme_overriding_only_common_css_keeps_the_other_built_in_styles(site, tmp_path):
    root = themed(site, styles={"common.css": "html { color: #ff0000; font-size: 9.6pt; }\n"})
    config = load_config(root / "brochure.toml")
    ctx = Context(config)
    assert ctx.styles["common"] == (root / "mystyles/common.css").resolve().as_uri()
    assert ctx.styles["one_pager"] == (STYLES / "one-pager.css").as_uri()
    assert ctx.styles["brochure"] == (STYLES / "brochure.css").as_uri()
    assert ctx.styles["extra"] == ""
    assert STYLES.resolve() in config.roots and (root / "mystyles").resolve() in config.roots

    report = build_site(root, tmp_path / "out", config=config)
    assert report.errors == [] and report.warnings == []
    pdf = one_pager(tmp_path / "out")
    assert len(PdfReader(pdf).pages) == 1  # one-pager.css (the built-in one) still makes one page
    assert "Un texte court." in text_of(pdf)
    assert (1.0, 0.0, 0.0) in fill_colors(pdf)  # the theme's text colour
    assert (1.0, 0.0, 0.0) in fill_colors(tmp_path / "out/references.pdf")


def test_a_missing_image_is_left_out_even_when_the_theme_has_a_placeholder_file(site, tmp_path):
    """A client's PDF shows no grey box for an image that is not there: the warning names it, the
    page leaves it out (the placeholder file themes had is no longer drawn)."""
    root = themed(site, styles={"brochure-missing-image.svg": GREEN_SVG}, files={"absente.md": MISSING})
    report = build_site(root, tmp_path / "a")
    assert report.errors == [] and [w.message for w in report.warnings if "nope.png" in w.message] == [
        "image not found: /images/nope.png (looked in " + f"{root / 'static'}, {root / 'content'})"]
    for pdf in (one_pager(tmp_path / "a", "absente"), tmp_path / "a/references.pdf"):
        assert "Texte." in text_of(pdf) and "Capture" not in text_of(pdf)  # nor its alternative text
    assert len(PdfReader(one_pager(tmp_path / "a", "absente")).pages[0].images) == 0


def test_extra_css_adds_rules_after_the_built_in_stylesheets(site, tmp_path):
    root = themed(site, styles={"extra.css": ".case-title { color: #00ff00; }\n"})
    config = load_config(root / "brochure.toml")
    assert Context(config).styles["extra"] == (root / "mystyles/extra.css").resolve().as_uri()
    report = build_site(root, tmp_path / "out", config=config)
    assert report.problems == []
    for pdf in (one_pager(tmp_path / "out"), tmp_path / "out/references.pdf"):
        assert (0.0, 1.0, 0.0) in fill_colors(pdf)
        assert any("Inter" in name for name in font_names(pdf))  # the built-in common.css and its fonts


def test_without_a_theme_no_extra_stylesheet_is_linked(site):
    root = site({"test.md": CASE})
    ctx = Context(load_config(root / "brochure.toml"))
    assert ctx.styles["extra"] == ""
    html = layout.one_pagers(ctx.env, [layout._probe_case("x")], company=ctx.company, paper="a4", scale=1.0,
                             styles=ctx.styles, lang="fr", labels=ctx.labels)
    assert html.count('rel="stylesheet"') == 2


def test_a_copied_stylesheet_naming_the_built_in_fonts_gets_a_one_line_warning(site):
    copy = (STYLES / "common.css").read_text(encoding="utf-8").replace("#1f2a30", "#ff0000")
    root = themed(site, styles={"common.css": copy})
    warnings = load_config(root / "brochure.toml").warnings
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "common.css" in warnings[0] and "fonts/Inter-Regular.otf" in warnings[0] and "extra.css" in warnings[0]
    shutil.copytree(STYLES / "fonts", root / "mystyles/fonts")  # the fonts copied too: nothing to say
    assert load_config(root / "brochure.toml").warnings == ()


def test_a_theme_stylesheet_linked_from_outside_is_not_read(site, tmp_path):
    root = themed(site, styles={})
    (tmp_path / "secret.css").write_text("html { color: #ff0000; }\n")
    (root / "mystyles/common.css").symlink_to(tmp_path / "secret.css")
    report = build_site(root, tmp_path / "out", brochure=False)
    assert any("refused" in w.message for w in report.warnings)
    assert (1.0, 0.0, 0.0) not in fill_colors(one_pager(tmp_path / "out"))


# --- templates: override, extend ------------------------------------------------------------

EXTENDING = """{% extends "builtin/one-pager.html.j2" %}
{% block case_end %}<p class="contact">Contactez-nous au sujet de {{ case.title }}</p>{% endblock %}
"""


def test_a_theme_template_extends_the_built_in_one_of_the_same_name(site, tmp_path):
    root = themed(site, templates={"one-pager.html.j2": EXTENDING})
    report = build_site(root, tmp_path / "out")
    assert report.problems == []
    pdf = one_pager(tmp_path / "out")
    assert len(PdfReader(pdf).pages) == 1
    text = text_of(pdf)
    assert "Contactez-nous au sujet de Ville de Test" in text and "Un texte court." in text
    assert "Contactez-nous" not in text_of(tmp_path / "out/references.pdf")  # brochure.html.j2: built-in


def test_builtin_prefix_always_means_the_built_in_folder(tmp_path):
    theme = tmp_path / "theme"
    (theme / "builtin").mkdir(parents=True)
    (theme / "builtin/one-pager.html.j2").write_text("not the built-in one")
    env = layout.environment((theme, TEMPLATES))
    assert env.get_template("builtin/one-pager.html.j2").filename == str(TEMPLATES / "one-pager.html.j2")
    (theme / "builtin/mine.html.j2").write_text("mine")
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("builtin/mine.html.j2")
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("builtin/../one-pager.html.j2")


def test_a_theme_partial_overrides_the_built_in_one_inside_the_built_in_page(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    case = (TEMPLATES / "_case.html.j2").read_text().replace('<h1 class="case-title">', '<h1 class="case-title">Réf. ')
    (theme / "_case.html.j2").write_text(case)
    env = layout.environment((theme, TEMPLATES))
    html = layout.one_pagers(env, [layout._probe_case("x")], company={"name": "C", "url": "", "logo": None,
                             "fonts": [], "font": "", "heading_font": ""}, paper="a4", scale=1.0,
                             styles={"common": "a", "one_pager": "b", "brochure": "c", "extra": ""}, lang="fr",
                             labels={})
    assert "Réf. Title x" in html


# --- the contract, checked when the theme is loaded -------------------------------------------

NO_CASE_ID = """<html><head><style>html { font-size: {{ 9.6 * scale }}pt; }</style></head><body>
{% for case in cases %}<article class="case"><main class="case-body">{{ case.body_html }}</main></article>{% endfor %}
</body></html>"""


def one_line_error(root: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(root / "brochure.toml")
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_one_pager_without_the_case_ids_is_a_one_line_error_naming_the_template(site):
    root = themed(site, templates={"one-pager.html.j2": NO_CASE_ID})
    message = one_line_error(root)
    assert str((root / "mytemplates/one-pager.html.j2").resolve()) in message
    assert 'id="case-<slug>"' in message and "docs/templates.md" in message


@pytest.mark.parametrize("template, wanted", [
    (NO_CASE_ID.replace('<article class="case">', '<article id="case-{{ case.slug }}">')
     .replace('<main class="case-body">', "<main>"), 'class "case-body"'),
    (NO_CASE_ID.replace('<article class="case">', '<article id="case-{{ case.slug }}">')
     .replace("{{ 9.6 * scale }}", "9.6"), "does not use scale"),
    ('{% extends "builtin/one-pager.html.j2" %}{% block case_end %}{{ case.no_such_field }}{% endblock %}',
     "no_such_field"),
    ('{% extends "one-pager.html.j2" %}', "RecursionError"),
    ('{% extends "builtin/nothing.html.j2" %}', "builtin/nothing.html.j2"),
    ("{% if %}", "TemplateSyntaxError"),
])
def test_a_broken_one_pager_is_a_one_line_error(site, template, wanted):
    root = themed(site, templates={"one-pager.html.j2": template})
    message = one_line_error(root)
    assert wanted in message and "one-pager.html.j2" in message


def test_a_brochure_template_without_the_annex_ids_is_refused(site):
    broken = (TEMPLATES / "brochure.html.j2").read_text().replace('id="annex-{{ loop.index }}"', "")
    root = themed(site, templates={"brochure.html.j2": broken})
    message = one_line_error(root)
    assert 'id="annex-<n>"' in message and "brochure.html.j2" in message


def test_a_partial_that_drops_the_case_id_is_caught_through_the_built_in_page(site):
    root = themed(site, templates={"_case.html.j2": "{% macro case_header(case, bookmark_group=False) %}"
                                                     "{% endmacro %}{% macro case_style(case) %}{{ case.oops }}"
                                                     "{% endmacro %}"})
    message = one_line_error(root)
    assert "_case.html.j2" in message and "oops" in message


def test_a_working_theme_is_accepted_and_the_cli_says_a_broken_one_in_one_line(site):
    from click.testing import CliRunner

    from brochure.__main__ import cli

    root = themed(site, templates={"one-pager.html.j2": EXTENDING})
    assert load_config(root / "brochure.toml").templates_dirs[0] == (root / "mytemplates").resolve()
    (root / "mytemplates/one-pager.html.j2").write_text(NO_CASE_ID)
    result = CliRunner().invoke(cli, ["build", "--config", str(root / "brochure.toml")], catch_exceptions=False)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]  # click: stdout and stderr
    assert len(lines) == 1 and "one-pager.html.j2" in lines[0] and "Traceback" not in lines[0]


def test_a_symlinked_template_leading_outside_is_still_refused(site, tmp_path):
    root = themed(site, templates={})
    (tmp_path / "secret.html").write_text("SECRET-TEMPLATE {{ cases }}")
    (root / "mytemplates/one-pager.html.j2").symlink_to(tmp_path / "secret.html")
    message = one_line_error(root)
    assert "outside the templates folders" in message and "SECRET-TEMPLATE" not in message
    env = layout.environment(((root / "mytemplates").resolve(), TEMPLATES))
    with pytest.raises(jinja2.TemplateNotFound, match="outside the templates folders"):
        env.get_template("one-pager.html.j2")
