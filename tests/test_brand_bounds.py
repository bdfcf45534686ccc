"""A hostile site cannot hang or exhaust a run through its brand (site mode reads it on every
build): the discovery runs in a child process with a time and memory budget, and each reader of
it is linear and bounded (Tailwind's config, ``var()`` chains, nested blocks, headings' runs)."""

import subprocess
import sys
import time

from conftest import ROOT
from brochure import bounded, brand_theme, markup
from brochure.brand_config import read_tailwind_config
from brochure.brand_css import MAX_RESOLVED, Rules, colour, colours, read_css, resolve
from brochure.site import load_site

from test_brand import CASE, make

HOSTILE = 256 * 1024


def finishes(code: str) -> str:
    """``code`` run in a fresh interpreter with brochure importable; its output (a backstop of 20 s
    against a reader that would hang: the test fails instead of the suite stalling)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_child_over_its_time_is_stopped():
    assert bounded.run(time.sleep, (30,), 1, bounded.GIB) == (None, "took over 1 s")


def test_a_child_over_its_memory_is_stopped():
    result, problem = bounded.run(bytearray, (2 * bounded.GIB,), 20, 512 * 1024 * 1024)
    assert result is None and "over 512 MiB" in problem


def test_a_child_returns_its_result():
    assert bounded.run(sorted, ([3, 1, 2],), 20, bounded.GIB) == ([1, 2, 3], "")


def test_a_brand_read_in_a_child_is_the_same_as_in_process(tmp_path):
    root = make(tmp_path / "brand_in_a_child", {
        "content/references/a.md": CASE,
        "static/css/main.css": "h2 { color: #0b5394; } :root { --primary-color: #c0392b; }\n"}, 'title = "Acme"\n')
    site = load_site(root)
    found, problem = brand_theme.read_brand(site)
    assert problem == ""
    assert found == brand_theme.discover(site)
    assert found.colors["heading"].value == "#0b5394"


def test_a_brand_that_takes_too_long_keeps_the_neutral_design_with_one_warning(tmp_path, monkeypatch):
    root = make(tmp_path / "brand_too_slow", {
        "content/references/a.md": CASE, "static/css/main.css": "h2 { color: #0b5394; }\n"}, 'title = "Acme"\n')
    monkeypatch.setattr(brand_theme, "SECONDS", 0.001)
    warnings: list[str] = []
    values = brand_theme.site_theme(load_site(root), {"theme.brand": True}, set(), warnings)
    assert len(warnings) == 1 and str(root) in warnings[0] and "took over 0.001 s" in warnings[0]
    assert "theme.heading_color" not in values and "theme.accent_color" not in values


def test_tailwind_config_with_unclosed_colours_objects_is_read_in_one_pass():
    out = finishes(
        "from brochure.brand_config import read_tailwind_config\nfrom brochure.brand_css import Rules\n"
        f"for text in ['colors:{{' * {HOSTILE // 8}, 'colors: {{' + 'a' * {HOSTILE}, 'colors: {{' + 'a ' * {HOSTILE // 2},"
        f" 'colors: {{a: {{' * {HOSTILE // 13}, 'colors: {{' + 'a-b:' * {HOSTILE // 4}]:\n"
        "    rules = Rules(); read_tailwind_config(text, 'tailwind.config.js', rules); print(len(rules.variables))\n")
    assert out.split() == ["0"] * 5


def test_tailwind_config_colours_nested_and_quoted():
    rules = Rules()
    read_tailwind_config("module.exports = { theme: { extend: { colors: { brand: { DEFAULT: '#123456', 600: '#abcdef' },"
                         " 'accent': \"#fff\", spacing: { 4: '1rem' } } }, screens: { sm: '#000000' } } }", "tw.js", rules)
    assert {name: value for name, (value, _) in rules.variables.items()} == {
        "--color-brand": "#123456", "--color-brand-600": "#abcdef", "--color-accent": "#fff"}


def test_a_variable_that_refers_to_itself_forty_times_resolves_to_nothing_bounded():
    rules = Rules()
    read_css(":root { --brand-primary: " + "var(--brand-primary) " * 40 + "; --x: var(--y, #123456); }", "x.css", 0, rules)
    assert resolve("var(--brand-primary)", rules.variables).strip() == ""
    assert colour(resolve("var(--x)", rules.variables)) == "#123456"


def test_variables_that_refer_to_each_other_stay_bounded():
    variables = {"--a": ("var(--b) " * 40, ""), "--b": ("var(--c) " * 40, ""), "--c": ("var(--a) " * 40 + "red", "")}
    assert len(resolve("var(--a) var(--a)", variables)) <= MAX_RESOLVED
    assert resolve("var(--missing, $known) $unknown", {"$known": ("green", "")}) == "green $unknown"


def test_supports_nested_fifty_thousand_deep_is_skipped():
    rules = Rules()
    read_css("@supports (x){" * 50000 + "a{}" + "}" * 50000 + "h1 { color: #0b5394; }", "deep.css", 0, rules)
    assert rules.values[("h1", "color")][0] == "#0b5394"
    shallow = Rules()
    read_css("@layer base {" * 3 + "h2 { color: #c0392b; }" + "}" * 3, "layers.css", 0, shallow)
    assert shallow.values[("h2", "color")][0] == "#c0392b"


def test_blocks_nested_deeper_than_tinycss2_can_write_are_skipped():
    rules = Rules()
    read_css("h1 { color: #0b5394; } a { b: " + "[" * 50000 + "}", "brackets.css", 0, rules)
    assert rules.values[("h1", "color")][0] == "#0b5394"


def test_gradients_nested_fifty_thousand_deep_give_no_colour():
    assert colours("linear-gradient(" * 50000 + "red" + ")" * 50000) == []
    assert colours("linear-gradient(" * 3 + "red, blue" + ")" * 3) == ["#ff0000", "#0000ff"]


def test_thousands_of_headings_before_an_unbalanced_block_are_kept_linearly():
    out = finishes(
        "from brochure import markup\n"
        "text = ''.join(f'## Heading {k}\\n\\n' for k in range(20000)) + '<div>\\n\\nunclosed\\n\\n'\n"
        "blocks = markup.render_blocks(text)\nprint(len(blocks), len(markup.together(blocks)))\n")
    assert out.split() == ["20002", "20002"]


def test_a_run_of_headings_is_kept_with_the_paragraph_after_it():
    blocks = markup.render_blocks("## One\n\n### Two\n\nA paragraph.\n")
    kept = markup.together(blocks)
    assert len(kept) == 1 and kept[0].kind == "keep" and "One" in kept[0].html and "paragraph" in kept[0].html
