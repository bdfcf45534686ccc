"""The cache of finished PDFs (cache.py) and its keys (commands/keys.py), alone: a key names
everything an output depends on and nothing else; an entry is found again whole, or not at all;
it is written so that a build killed halfway never leaves half an entry that reads as whole."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from brochure import cache
from brochure.commands.common import Choice, load
from brochure.commands.keys import one_pager_key, render_settings
from brochure.commands.prepare import Context, prepare
from brochure.config import load_config

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
INFO = {"pages": 1, "messages": ["image non trouvée : «é».png"], "cut": None}


@pytest.fixture
def store(tmp_path) -> cache.Cache:
    return cache.Cache(tmp_path / "cache")


# --- keys ---------------------------------------------------------------------------------


def test_a_key_does_not_depend_on_the_order_mappings_were_made_in():
    assert cache.key({"a": 1, "b": [1, 2]}, "x") == cache.key({"b": [1, 2], "a": 1}, "x")
    assert len(cache.key()) == 64 and set(cache.key("x")) <= set("0123456789abcdef")


def test_any_change_of_a_part_gives_another_key():
    variants = [({"a": 1},), ({"a": 2},), ({"a": "1"},), ({"a": 1.5},), ({"b": 1},), ({"a": [1, 2]},),
                ({"a": [2, 1]},), ({"a": 1}, None), ({"a": 1}, ""), ("é",), ("e",), ()]
    assert len({cache.key(*parts) for parts in variants}) == len(variants)


def test_a_file_s_fingerprint_follows_its_bytes_not_its_name(tmp_path):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    one.write_bytes(b"image")
    two.write_bytes(b"image")
    assert cache.fingerprint(one) == cache.fingerprint(two)
    two.write_bytes(b"another image")
    assert cache.fingerprint(two) != cache.fingerprint(one)
    assert cache.fingerprint(tmp_path / "nowhere.png") == "missing"


def test_a_file_rewritten_with_as_many_bytes_in_the_same_instant_gets_a_new_fingerprint(tmp_path):
    path = tmp_path / "logo.svg"
    path.write_bytes(b"<svg>red</svg>")
    before = cache.fingerprint(path)
    stamp = path.stat().st_mtime_ns
    path.write_bytes(b"<svg>tan</svg>")
    os.utime(path, ns=(stamp, stamp))  # what a coarse clock gives two writes in the same few milliseconds
    assert cache.fingerprint(path) != before


def test_a_folder_s_fingerprint_follows_its_files_names_and_bytes(tmp_path):
    theme = tmp_path / "theme"
    (theme / "fonts").mkdir(parents=True)
    (theme / "common.css").write_text("html { color: red }")
    (theme / "fonts/a.otf").write_bytes(b"font")
    seen = [cache.folder_fingerprint(theme)]
    (theme / "common.css").write_text("html { color: blue }")
    seen.append(cache.folder_fingerprint(theme))
    (theme / "fonts/a.otf").rename(theme / "fonts/b.otf")
    seen.append(cache.folder_fingerprint(theme))
    (theme / "extra.css").write_text("")
    seen.append(cache.folder_fingerprint(theme))
    assert len(set(seen)) == len(seen)
    assert cache.folder_fingerprint(theme) == seen[-1]


# --- what a one-pager's key depends on ------------------------------------------------------

CASE = "---\ntitle: Ville de Test\nprojects: [collectivites]\n---\n![Plan](/images/plan.png)\n\nUn texte.\n"
OTHER = "---\ntitle: Autre\nprojects: [collectivites]\n---\nUn autre texte.\n"


@pytest.fixture
def keyed_site(site) -> Path:
    """A site with a theme holding only extra.css, a case study showing an image, and another one."""
    root = site({"ville.md": CASE, "autre.md": OTHER}, config_extra='[theme]\nstyles = "mystyles"\n')
    (root / "mystyles").mkdir()
    (root / "mystyles/extra.css").write_text(".case-title { color: #00ff00; }\n")
    (root / "static/images/plan.png").write_bytes(b"\x89PNG first")
    return root


def key_of(root: Path, slug: str = "ville", *, paper: str | None = None, lang: str | None = None,
           overrides: dict | None = None) -> str:
    config = load_config(root / "brochure.toml", overrides=overrides)
    ctx = Context(config, paper=paper, lang=lang)
    group, case = next((g, c) for g in load(config, Choice()).selection.groups for c in g.cases if c.slug == slug)
    return one_pager_key(prepare(ctx, case, group.term), render_settings(ctx))


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("change", [
    lambda root: edit(root / "content/references/ville.md", "Un texte.", "Un texte plus long."),
    lambda root: (root / "static/images/plan.png").write_bytes(b"\x89PNG second, longer"),
    lambda root: edit(root / "mystyles/extra.css", "#00ff00", "#ff00ff ; "),
    lambda root: edit(root / "content/projects/collectivites/_index.md", "#173541", "#173542"),
    lambda root: edit(root / "brochure.toml", 'name = "Test Conseil"', 'name = "Test Conseil SA"'),
], ids=["text", "image bytes", "theme stylesheet", "project colour", "company name"])
def test_a_change_of_any_input_of_a_one_pager_changes_its_key(keyed_site, change):
    before = key_of(keyed_site)
    change(keyed_site)
    assert key_of(keyed_site) != before


def test_the_paper_and_the_language_are_in_the_key(keyed_site):
    keys = {key_of(keyed_site), key_of(keyed_site, paper="letter"), key_of(keyed_site, lang="en"),
            key_of(keyed_site, overrides={"output.dpi": 150})}
    assert len(keys) == 4


def test_what_a_one_pager_does_not_depend_on_leaves_its_key_alone(keyed_site):
    before = key_of(keyed_site)
    edit(keyed_site / "content/references/autre.md", "Un autre texte.", "Un texte changé.")
    (keyed_site / "static/images/unused.png").write_bytes(b"\x89PNG unused")
    page = keyed_site / "content/references/ville.md"
    os.utime(page, (time.time() + 60, time.time() + 60))  # touched, not changed
    assert key_of(keyed_site) == before
    assert key_of(keyed_site, overrides={"output.dir": "elsewhere"}) == before
    assert key_of(keyed_site, "autre") != before


# --- entries --------------------------------------------------------------------------------


def test_an_entry_put_is_found_with_what_its_build_reported(store):
    assert store.get("k") is None
    store.put("k", PDF, INFO)
    data, info = store.get("k")
    assert data == PDF and {k: info[k] for k in INFO} == INFO
    assert store.get("another") is None


def truncated_pdf(folder: Path) -> None:
    (folder / "k.pdf").write_bytes(PDF[: len(PDF) // 2])


def changed_byte(folder: Path) -> None:
    data = bytearray(PDF)
    data[100] ^= 1
    (folder / "k.pdf").write_bytes(bytes(data))


def no_pdf(folder: Path) -> None:
    (folder / "k.pdf").unlink()


def truncated_json(folder: Path) -> None:
    (folder / "k.json").write_bytes((folder / "k.json").read_bytes()[:10])


def json_not_an_object(folder: Path) -> None:
    (folder / "k.json").write_text("[1, 2]")


def json_without_hash(folder: Path) -> None:
    (folder / "k.json").write_text(json.dumps(INFO))


def no_json(folder: Path) -> None:
    (folder / "k.json").unlink()


def pdf_of_another_entry(folder: Path) -> None:  # the PDF replaced, its description not yet: a build stopped between
    (folder / "k.pdf").write_bytes(PDF.replace(b"%%EOF", b"%%EOF again"))


@pytest.mark.parametrize("damage", [truncated_pdf, changed_byte, no_pdf, truncated_json, json_not_an_object,
                                    json_without_hash, no_json, pdf_of_another_entry])
def test_a_damaged_entry_is_a_miss_and_the_next_put_repairs_it(store, damage):
    store.put("k", PDF, INFO)
    damage(store.folder)
    assert store.get("k") is None
    store.put("k", PDF, INFO)
    assert store.get("k")[0] == PDF


def test_a_reader_of_the_old_entry_reads_it_whole_while_a_new_one_replaces_it(store):
    store.put("k", PDF, INFO)
    with (store.folder / "k.pdf").open("rb") as reading:
        store.put("k", b"%PDF new", INFO)
        assert reading.read() == PDF
    assert store.get("k")[0] == b"%PDF new"
    assert sorted(p.name for p in store.folder.iterdir()) == ["k.json", "k.pdf"]  # no temporary file left


def test_a_cache_that_cannot_be_written_only_misses(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be")
    store = cache.Cache(tmp_path / "cache")
    store.put("k", PDF, INFO)
    assert store.get("k") is None
    store.prune()


def test_entries_unused_for_the_days_kept_are_forgotten_and_a_use_keeps_one(store):
    for name in ("old", "used", "new"):
        store.put(name, PDF, INFO)
    long_ago = time.time() - 40 * 86400
    for name in ("old", "used"):
        os.utime(store.folder / f"{name}.json", (long_ago, long_ago))
    assert store.get("used") is not None
    store.prune(days=30)
    assert store.get("old") is None and store.get("used") is not None and store.get("new") is not None
    assert not (store.folder / "old.pdf").exists()


def test_per_version_works_a_file_out_once_per_version_and_arguments(tmp_path, monkeypatch):
    """What is worked out from a file (a logo's ink, its cropped copy, an image's checks) is kept in
    the process for that version of the file and those arguments, and worked out again when the
    file changes."""
    from brochure import paths

    calls = []

    @paths.per_version
    def measure(path, scale=1):
        calls.append((path.name, scale))
        return len(path.read_bytes()) * scale

    monkeypatch.setattr(paths, "SETTLED_NS", 0)  # a file written just now counts as settled
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"12345")
    assert [measure(logo), measure(logo), measure(logo, 2), measure(logo, 2)] == [5, 5, 10, 10]
    assert calls == [("logo.png", 1), ("logo.png", 2)]
    logo.write_bytes(b"1234567")  # another size and other times: another version
    assert measure(logo) == 7 and calls[-1] == ("logo.png", 1)
