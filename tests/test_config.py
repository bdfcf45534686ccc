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
    for expected in ("company.name", "output.paper", "output.dpi", "output.colour", "content.dir", "[extra]"):
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
