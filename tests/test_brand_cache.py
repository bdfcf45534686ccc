"""A site's brand is read once while its files stay as they were: the next command takes what was
found (``brand_cache``), and any change to the site's files reads it again."""

from __future__ import annotations

import pytest

from brochure import bounded, brand_cache, brand_theme, stamp
from brochure.site import load_site

from test_brand import CASE, make

CSS = "h2 { color: #0b5394; } :root { --primary-color: #c0392b; }\n"


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """Brands kept in a folder of this test's own; files count as settled at once."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(stamp, "SETTLED_NS", 0)


@pytest.fixture
def reads(monkeypatch):
    """How many times the brand was read in a child (not taken from what was kept)."""
    count = [0]
    run = bounded.run

    def counted(*args):
        count[0] += 1
        return run(*args)

    monkeypatch.setattr(bounded, "run", counted)
    return count


def site_with_a_brand(tmp_path):
    return make(tmp_path / "site_with_a_brand", {"content/references/a.md": CASE, "static/css/main.css": CSS},
                'title = "Acme"\n')


def test_an_unchanged_site_is_not_read_again(tmp_path, own_cache, reads):
    root = site_with_a_brand(tmp_path)
    first, _ = brand_theme.read_brand(load_site(root))
    second, problem = brand_theme.read_brand(load_site(root))
    assert reads[0] == 1 and second == first and problem == ""
    assert second.colors["heading"].value == "#0b5394"


def test_a_changed_stylesheet_is_read_again(tmp_path, own_cache, reads):
    root = site_with_a_brand(tmp_path)
    brand_theme.read_brand(load_site(root))
    (root / "static/css/main.css").write_text(CSS.replace("#0b5394", "#1d6f42"), encoding="utf-8")
    found, _ = brand_theme.read_brand(load_site(root))
    assert reads[0] == 2 and found.colors["heading"].value == "#1d6f42"


def test_a_damaged_or_foreign_file_is_read_again(tmp_path, own_cache, reads):
    root = site_with_a_brand(tmp_path)
    brand_theme.read_brand(load_site(root))
    kept = next(brand_cache.folder().glob("*.json"))
    for damaged in ("{not json", '{"brand_format": 1, "inputs": "x", "brand": {}}', "[]"):
        kept.write_text(damaged, encoding="utf-8")
        found, _ = brand_theme.read_brand(load_site(root))
        assert found.colors["heading"].value == "#0b5394"
    assert reads[0] == 4


def test_a_site_changed_just_now_is_not_kept(tmp_path, monkeypatch, reads):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(stamp, "SETTLED_NS", 3600 * 10**9)
    root = site_with_a_brand(tmp_path)
    brand_theme.read_brand(load_site(root))
    brand_theme.read_brand(load_site(root))
    assert reads[0] == 2 and not list(brand_cache.folder().glob("*.json"))


def test_a_brand_over_its_budget_is_not_kept(tmp_path, own_cache, reads, monkeypatch):
    root = site_with_a_brand(tmp_path)
    monkeypatch.setattr(brand_theme, "SECONDS", 0.001)
    brand_theme.read_brand(load_site(root))
    monkeypatch.setattr(brand_theme, "SECONDS", 30)
    found, _ = brand_theme.read_brand(load_site(root))
    assert reads[0] == 2 and found.colors["heading"].value == "#0b5394"


def test_no_home_folder_means_no_brand_kept_and_no_failure(tmp_path, monkeypatch, reads):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr("pathlib.Path.home", lambda: (_ for _ in ()).throw(RuntimeError("no home")))
    monkeypatch.setattr(stamp, "SETTLED_NS", 0)
    root = site_with_a_brand(tmp_path)
    found, problem = brand_theme.read_brand(load_site(root))
    assert problem == "" and found.colors["heading"].value == "#0b5394" and brand_cache.folder() is None
