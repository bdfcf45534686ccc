import re
from pathlib import Path

import pytest

from brochure.config import builtin_theme, load_config
from brochure.errors import ConfigError

from conftest import ROOT


def test_repo_config_needs_no_flag():
    config = load_config(ROOT / "brochure.toml")
    assert config.company_name
    assert config.company_logo and config.company_logo.is_file()
    assert config.section_dir == (ROOT / "content" / "references").resolve()
    assert config.paper == "a4" and config.dpi == 300
    assert not config.warnings


def test_output_pdf_variant_is_every_build_s_unless_one_is_named(tmp_path: Path):
    """``[output] pdf_variant`` (default "none": untagged, no standard) gives way to
    ``--pdf-variant`` or a manifest's."""
    from brochure.commands.prepare import Context

    assert load_config(ROOT / "brochure.toml").pdf_variant == "none"
    assert Context(load_config(ROOT / "brochure.toml")).variant is None
    path = tmp_path / "brochure.toml"
    path.write_text((ROOT / "brochure.toml").read_text(encoding="utf-8").replace(
        "[output]\n", '[output]\npdf_variant = "pdf/a-2b+ua-1"\n'), encoding="utf-8")
    (tmp_path / "static").symlink_to(ROOT / "static")
    (tmp_path / "content").symlink_to(ROOT / "content")
    config = load_config(path)
    assert Context(config).variant == "pdf/a-2b+ua-1"
    assert Context(config, variant="pdf/ua-1").variant == "pdf/ua-1" and Context(config, variant="none").variant is None


def test_found_in_current_folder():
    assert load_config(cwd=ROOT).path == (ROOT / "brochure.toml").resolve()


def test_missing_config_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError) as err:
        load_config(cwd=tmp_path)
    assert err.value.exit_code == 2
    assert "brochure.toml" in str(err.value)


def test_every_problem_reported_at_once(tmp_path: Path):
    path = tmp_path / "brochure.toml"
    path.write_text(
        '[company]\nname = 3\n[output]\npaper = "a3"\ndpi = 5\ncolour = "x"\n[content]\ndir = "nowhere"\n[extra]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    problems = err.value.problems
    text = " | ".join(problems)
    for expected in ("company.name", "output.paper", "output.dpi", "output.colour", "content.dir", "extra: unknown key"):
        assert expected in text
    assert all("\n" not in line for line in err.value.lines())
    assert all(line.startswith(str(path)) for line in err.value.lines())


def test_bad_toml_names_the_file(tmp_path: Path):
    path = tmp_path / "brochure.toml"
    path.write_text("[company\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and "TOML" in str(err.value)


def test_missing_logo_is_a_warning_not_a_failure(tmp_path: Path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "brochure.toml"
    path.write_text('[company]\nname = "X"\nlogo = "nope.svg"\n', encoding="utf-8")
    config = load_config(path)
    assert config.company_logo is None
    assert any("nope.svg" in w for w in config.warnings)


def test_theme_is_found():
    templates, styles = builtin_theme()
    assert (templates / "one-pager.html.j2").is_file()
    assert (styles / "common.css").is_file()


def test_every_problem_takes_one_shape(tmp_path: Path):
    """``<key>: <what is wrong>``, the value shown as TOML writes it, one line per problem."""
    path = tmp_path / "brochure.toml"
    path.write_text('[output]\npaper = "a3"\nformat = "pdf"\ndownsample = "no"\n[limits]\nlayout_seconds = 0\n'
                    'annex_pages = true\n[content]\nsection = "a/b"\nstatic = ["static", 3]\n'
                    '[fields]\nlogo = []\nanswer = [""]\n[theme]\nfonts = ["brand.gif"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert set(err.value.problems) >= {
        'output.paper: expected one of a4, letter, got "a3"',
        "output.format: unknown key (known: dir, paper, dpi, svg, downsample, pdf_variant)",
        'output.downsample: expected true or false, got "no"',
        "limits.layout_seconds: expected a whole number from 1 to 3600, got 0",
        "limits.annex_pages: expected a whole number from 1 to 100000, got true",
        'content.section: expected a plain folder name (no / or ..), got "a/b"',
        "content.static[2]: expected a folder path, got 3",
        "fields.logo: expected at least one front-matter key",
        "fields.answer[1]: must not be empty",
        'theme.fonts[1]: expected a TTF, OTF, WOFF or WOFF2 file, got "brand.gif"',
    }, err.value.problems
    assert all(re.match(r'[\w.\[\]-]+: \S', p) for p in err.value.problems), err.value.problems


def test_the_same_mistake_reads_the_same_in_brochure_toml_and_in_a_manifest(tmp_path: Path):
    from brochure.manifest import load_manifest

    (tmp_path / "brochure.toml").write_text('[output]\npaper = "a3"\n', encoding="utf-8")
    (tmp_path / "bid.toml").write_text('title = "T"\n[buyer]\nname = "B"\n[output]\npaper = "a3"\n', encoding="utf-8")
    problems = []
    for load, name in ((load_config, "brochure.toml"), (load_manifest, "bid.toml")):
        with pytest.raises(ConfigError) as err:
            load(tmp_path / name)
        problems.append([p for p in err.value.problems if p.startswith("output.paper")])
    assert problems[0] == problems[1] == ['output.paper: expected one of a4, letter, got "a3"']


def test_warnings_take_the_same_shape(tmp_path: Path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "brochure.toml"
    path.write_text('[company]\nlogo = "nope.svg"\n[content]\nstatic = "gone"\n[theme]\nfonts = ["brand.ttf"]\n',
                    encoding="utf-8")
    config = load_config(path)
    assert [w.split(":")[0] for w in config.warnings] == ["company.logo", "content.static", "theme.fonts[1]"]
    assert config.warnings[0] == f"company.logo: no such file: nope.svg ({tmp_path.resolve() / 'nope.svg'}); no logo used"
    assert config.company_logo is None and config.static_dirs == () and config.fonts == ()


@pytest.mark.parametrize("line", ['dir = "a\\u0000b"', f'dir = "{"x" * 5000}"', 'static = ["a\\u0000"]',
                                  'section = "a\\u0000"', 'dir = 3'])
def test_unusable_paths_are_one_line_problems_not_crashes(tmp_path: Path, line: str):
    path = tmp_path / "brochure.toml"
    path.write_text(f"[content]\n{line}\n[company]\nlogo = \"x\\u0000.svg\"\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.problems and all("\n" not in p for p in err.value.problems)
    assert any(p.startswith("content.") for p in err.value.problems), err.value.problems


def test_command_line_values_are_checked_by_the_file_s_options():
    from brochure.config import from_command_line

    with pytest.raises(ConfigError) as err:
        from_command_line(ROOT / "brochure.toml", section="a/b", taxonomy="..")
    assert err.value.problems == ['--section: expected a plain folder name (no / or ..), got "a/b"',
                                  '--taxonomy: expected a plain folder name (no / or ..), got ".."']
    assert err.value.path is None
    config = from_command_line(ROOT / "brochure.toml", screen=True, downsample=False)
    assert config.dpi == 150 and config.downsample is False
    assert from_command_line(ROOT / "brochure.toml", screen=True, dpi=72).dpi == 72  # --dpi wins over --screen
    assert from_command_line(ROOT / "brochure.toml") == load_config(ROOT / "brochure.toml")
