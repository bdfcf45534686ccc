"""A build with nothing changed since the last one gives back its report without laying anything out;
any change to what a build may read, to its options, to its outputs or to the day makes a full one."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from brochure import selection, stamp
from brochure.commands import uptodate
from brochure.commands.common import Choice
from brochure.commands.options import BuildOptions
from conftest import build_site, text_of

NOTE = uptodate.NOTE
CASES = ["toml_front_matter.md", "empty_weight.md", "missing_image.md"]


@pytest.fixture
def settled(monkeypatch):
    """Inputs count as settled at once (a real build waits until they are 3 s old)."""
    monkeypatch.setattr(stamp, "SETTLED_NS", 0)


@pytest.fixture
def laid_out(monkeypatch):
    """The case studies each build reads (none: nothing was read, the last report was given back)."""
    from brochure.commands import common

    seen: list[list[str]] = []
    load = common.load

    def counted(config, choice):
        loaded = load(config, choice)
        seen.append([c.slug for c in loaded.read])
        return loaded

    monkeypatch.setattr(common, "load", counted)
    return seen


def states(folder: Path) -> dict[str, list[int] | None]:
    return {str(p.relative_to(folder)): stamp.file_state(p) for p in sorted(folder.rglob("*.pdf"))}


def replayed(report) -> bool:
    return NOTE in report.notes


def test_nothing_changed_gives_the_same_report_without_reading(site, settled, laid_out):
    root = site(CASES)
    first = build_site(root)
    before = states(root / "dist")
    second = build_site(root)
    assert len(laid_out) == 1 and replayed(second) and not replayed(first)
    assert [(o.kind, o.path, o.pages, o.case) for o in second.outputs] == [
        (o.kind, o.path, o.pages, o.case) for o in first.outputs]
    assert [(p.level, str(p)) for p in second.problems] == [(p.level, str(p)) for p in first.problems]
    assert any(p.case == "missing_image" for p in second.warnings)  # the warnings are said again
    assert states(root / "dist") == before  # nothing written


def test_strict_exit_code_is_the_same_when_replayed(site, settled):
    root = site(CASES)
    first, second = build_site(root, strict=True), build_site(root, strict=True)
    assert replayed(second) and first.exit_code == second.exit_code == 1


def edit_case_study(root: Path) -> None:
    path = root / "content/references/empty_weight.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")


def add_case_study(root: Path) -> None:
    (root / "content/references/nouveau.md").write_text("---\ntitle: Nouveau\n---\nNouveau texte.\n", encoding="utf-8")


def remove_case_study(root: Path) -> None:
    (root / "content/references/missing_image.md").unlink()


def change_static_file(root: Path) -> None:
    with (root / "static/images/logo-company.svg").open("a", encoding="utf-8") as handle:
        handle.write("<!-- changed -->\n")


def add_theme_style(root: Path) -> None:
    (root / "theme-styles").mkdir(exist_ok=True)
    (root / "theme-styles/extra.css").write_text("h1 { letter-spacing: 0.01em }\n", encoding="utf-8")


def change_configuration(root: Path) -> None:
    path = root / "brochure.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Test Conseil", "Autre Conseil"), encoding="utf-8")


def delete_an_output(root: Path) -> None:
    (root / "dist/one-pagers/empty_weight.pdf").unlink()


def overwrite_an_output(root: Path) -> None:
    (root / "dist/references.pdf").write_bytes(b"%PDF-1.7\nnot the brochure\n")


def reach_the_deadline(root: Path) -> None:
    for path in (root / "dist/.brochure-cache").glob("stamp-*.json"):
        kept = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**kept, "until": kept["built"] + 0.001}), encoding="utf-8")


def set_source_date_epoch(root: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"


@pytest.mark.parametrize("change", [edit_case_study, add_case_study, remove_case_study, change_static_file,
                                    add_theme_style, change_configuration, delete_an_output,
                                    overwrite_an_output, reach_the_deadline, set_source_date_epoch])
def test_any_change_makes_a_full_build(site, settled, laid_out, monkeypatch, change):
    root = site(CASES[1:], config_extra='[theme]\nstyles = "theme-styles"\n')
    (root / "theme-styles").mkdir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # as it was after the test
    build_site(root)
    change(root)
    report = build_site(root)
    assert not replayed(report) and len(laid_out) == 2
    assert report.outputs and all(o.path.is_file() for o in report.outputs)
    if change is edit_case_study:
        assert "Une phrase ajoutée" in text_of(root / "dist/one-pagers/empty_weight.pdf")
    if change is overwrite_an_output:
        assert len(text_of(root / "dist/references.pdf")) > 100
    assert replayed(build_site(root))  # and the build after that is quick again


def test_other_options_are_built_not_replayed(site, settled, laid_out):
    root = site(CASES)
    build_site(root)
    letter = build_site(root, paper="letter")
    assert not replayed(letter)
    again = build_site(root)  # its stamp is still there, but the brochure on disk is now the letter one
    assert not replayed(again) and len(laid_out) == 3


def test_no_stamp_after_an_error(site, settled, laid_out):
    root = site(CASES + ["bad_yaml.md"])
    first = build_site(root)
    assert first.errors
    second = build_site(root)
    assert not replayed(second) and len(laid_out) == 2
    assert not list((root / "dist/.brochure-cache").glob("stamp-*.json"))


def test_inputs_changed_just_now_are_not_trusted(site, laid_out, monkeypatch):
    monkeypatch.setattr(stamp, "SETTLED_NS", 3600 * 10**9)  # every file changed "just now"
    root = site(CASES)
    build_site(root)
    assert not replayed(build_site(root)) and len(laid_out) == 2


@pytest.mark.parametrize("options", [{"cache": False}, {"allow_network": True}])
def test_no_replay_without_the_cache_or_with_the_network(site, settled, laid_out, options):
    root = site(CASES)
    build_site(root, **options)
    assert not replayed(build_site(root, **options)) and len(laid_out) == 2


def test_stamp_of_a_file_link_follows_the_link(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("one", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    first = stamp.snapshot("r", [tmp_path / "link.md"], [], set())
    target.write_text("two!", encoding="utf-8")
    assert stamp.snapshot("r", [tmp_path / "link.md"], [], set()).digest != first.digest


def test_too_many_files_means_no_stamp(tmp_path, monkeypatch):
    for n in range(5):
        (tmp_path / f"{n}.md").write_text("x", encoding="utf-8")
    monkeypatch.setattr(stamp, "LIMIT", 3)
    assert stamp.snapshot("r", [tmp_path], [], set()) is None


def test_canonical_request_is_the_same_in_every_process():
    value = {"a": frozenset({"x", "y", "z"}), "b": Path("/p"), "c": lambda: 0}
    assert stamp.canonical(value) == [["a", ["x", "y", "z"]], ["b", "/p"], ["c", "<function>"]]


def case(**dates) -> SimpleNamespace:
    return SimpleNamespace(publish_date=dates.get("publish"), expiry_date=dates.get("expiry"), date=dates.get("date"))


def test_deadline_is_the_end_of_the_day_or_a_case_study_date_before_it():
    noon = datetime(2026, 11, 29, 12, tzinfo=timezone.utc)
    midnight = datetime(2026, 11, 30, tzinfo=timezone.utc).timestamp()
    since = noon.timestamp()
    plain = BuildOptions()
    assert uptodate.deadline(since, [case()], plain) == midnight
    assert uptodate.deadline(since, [case(publish=noon + timedelta(hours=3))], plain) < since  # not trusted now
    assert uptodate.deadline(since, [case(expiry=noon - timedelta(days=3))], plain) == midnight  # already passed
    aged = BuildOptions(choice=Choice(max_age_years=3))
    three = datetime(2023, 11, 28, 15, tzinfo=timezone.utc)  # three years old at 15:00 (the 29th: the 28th's)
    assert uptodate.deadline(since, [case(date=three)], aged) == (noon + timedelta(hours=3)).timestamp()
    assert uptodate.deadline(since, [case(date=three - timedelta(hours=4))], aged) == midnight  # already too old
    assert uptodate.deadline(since, [case(date=datetime(2024, 6, 1))], aged) == midnight
    dated = BuildOptions(choice=Choice(max_age_years=3, reference_date=noon))  # a bid's date: fixed
    assert uptodate.deadline(since, [case(date=datetime(2023, 11, 30))], dated) == midnight


def test_a_link_loop_is_named_and_only_the_cache_folder_left_out(tmp_path):
    content = tmp_path / "static"
    cache = content / "pdfs/.brochure-cache"  # the output folder and its cache, inside a folder the build reads
    cache.mkdir(parents=True)
    (content / "loop").symlink_to(content / "loop")
    first = stamp.snapshot("r", [content], [], [cache])
    (cache / "stamp-x.json").write_bytes(b"{}")
    assert stamp.snapshot("r", [content], [], [cache]).digest == first.digest
    (content / "pdfs/picture.png").write_bytes(b"png")  # a page may show what the output folder holds
    assert stamp.snapshot("r", [content], [], [cache]).digest != first.digest


def test_a_progress_bar_does_not_change_the_request():
    assert stamp.key(BuildOptions(progress=print)) == stamp.key(BuildOptions())


DAMAGES = {
    "files not pairs": lambda kept: json.dumps({**kept, "files": [1]}),
    "outputs not a list of outputs": lambda kept: json.dumps({**kept, "outputs": "x"}),
    "problems missing": lambda kept: json.dumps({k: v for k, v in kept.items() if k != "problems"}),
    "until not a number": lambda kept: json.dumps({**kept, "until": "tomorrow"}),
    "not JSON": lambda kept: "{",
    "a list": lambda kept: "[]",
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_stamp_means_a_full_build(site, settled, laid_out, damage):
    root = site(CASES[:1])
    build_site(root)
    for path in (root / "dist/.brochure-cache").glob("stamp-*.json"):
        path.write_text(damage(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    report = build_site(root)
    assert not replayed(report) and len(laid_out) == 2 and report.outputs


def test_only_the_package_folders_of_sys_path_count(tmp_path, monkeypatch):
    here, packages = tmp_path / "project", tmp_path / "venv/lib/python3.11/site-packages"
    here.mkdir()
    packages.mkdir(parents=True)
    monkeypatch.setattr("sys.path", [str(here), str(packages), *__import__("sys").path])
    first = stamp.snapshot("r", [], [], [])
    (here / "notes.txt").write_text("a file made beside the user's project", encoding="utf-8")
    assert stamp.snapshot("r", [], [], []).digest == first.digest
    (packages / "newpackage-1.0.dist-info").mkdir()  # pip installed something
    assert stamp.snapshot("r", [], [], []).digest != first.digest
def test_max_age_a_case_study_too_old_later_today_is_not_replayed_after():
    """One year with a 29 February in it is 366 days: a case study dated 1 June 2023 at 10:00 is
    kept at 9:00 on 1 June 2024, left out from 10:00; the stamp must not outlive 10:00."""
    nine = datetime(2024, 6, 1, 9, tzinfo=timezone.utc)
    dated = datetime(2023, 6, 1, 10, tzinfo=timezone.utc)
    until = uptodate.deadline(nine.timestamp(), [case(date=dated)], BuildOptions(choice=Choice(max_age_years=1)))
    assert nine.timestamp() < until <= datetime(2024, 6, 1, 10, tzinfo=timezone.utc).timestamp()
    for minutes in (0, 59):  # the selection itself: kept until then, left out after
        assert dated.replace(tzinfo=None) >= selection.age_limit(nine + timedelta(minutes=minutes), 1)
    assert dated.replace(tzinfo=None) < selection.age_limit(datetime.fromtimestamp(until + 1, timezone.utc), 1)


def test_out_folder_is_the_static_folder_a_change_there_is_seen(site, settled, laid_out):
    """``--out static``: the PDFs go where the site's files are; its other files are still read (the
    missing picture of ``missing_image`` added below it)."""
    from PIL import Image

    root = site(CASES)
    unbranded = {"company.logo": ""}  # (the logo's folder, static/images, is not read on its own)
    build_site(root, "static", overrides=unbranded)
    build_site(root, "static", overrides=unbranded)  # the first build's PDFs, now there, are inputs too
    assert replayed(build_site(root, "static", overrides=unbranded))
    (root / "static/images/screenshots").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 300), (200, 30, 30)).save(root / "static/images/screenshots/absente.png")
    report = build_site(root, "static", overrides=unbranded)
    assert not replayed(report) and len(laid_out) == 3
    assert not any("absente" in p.message for p in report.problems)


def test_font_added_to_a_font_folder_already_there_or_fontconfig_edited_in_place(tmp_path, monkeypatch):
    """What fontconfig itself sees (a folder's times, its configuration files) changes the stamp, not
    only the top font folders' times: a font installed by hand, a ``local.conf`` edited in place."""
    fonts, conf = tmp_path / "fonts", tmp_path / "fontconfig"
    (fonts / "brand").mkdir(parents=True)
    (conf / "conf.d").mkdir(parents=True)
    (conf / "local.conf").write_text("<fontconfig></fontconfig>\n", encoding="utf-8")
    monkeypatch.setattr(stamp, "FONT_FOLDERS", (str(fonts),))
    monkeypatch.setattr(stamp, "FONT_CONFIGURATION", (str(conf),))
    first = stamp.snapshot("r", [], [], []).digest
    (fonts / "brand/Brand-Bold.ttf").write_bytes(b"\0\1\0\0")
    second = stamp.snapshot("r", [], [], []).digest
    with (conf / "local.conf").open("r+", encoding="utf-8") as handle:  # in place: its folder keeps its times
        handle.write("<fontconfig><dir>~/brand</dir></fontconfig>")
    assert len({first, second, stamp.snapshot("r", [], [], []).digest}) == 3


def test_a_folder_of_many_names_is_not_listed_past_the_limit(tmp_path, monkeypatch):
    for n in range(50):
        (tmp_path / f"{n}.png").write_bytes(b"")
    monkeypatch.setattr(stamp, "LIMIT", 10)
    listed = []
    scandir = os.scandir

    def counted(path):
        class Entries:
            def __enter__(self):
                self.inner = scandir(path).__enter__()
                return (listed.append(entry) or entry for entry in self.inner)

            def __exit__(self, *exc):
                return self.inner.__exit__(*exc)
        return Entries()

    monkeypatch.setattr(stamp.os, "scandir", counted)
    assert stamp.snapshot("r", [tmp_path], [], []) is None and len(listed) <= 11


def test_font_installed_by_hand_is_laid_out_again_not_taken_from_the_cache(site, settled, laid_out, tmp_path,
                                                                           monkeypatch):
    """A family the theme names, installed in a font folder already there: the build after it is a
    full one, and its PDFs are laid out again (the content cache's keys hold the installed fonts)."""
    fonts = tmp_path / "fonts"
    (fonts / "brand").mkdir(parents=True)
    monkeypatch.setattr(stamp, "FONT_FOLDERS", (str(fonts),))
    root = site(CASES[:2])
    build_site(root)
    entries = set((root / "dist/.brochure-cache").glob("*.pdf"))
    (fonts / "brand/Brandface.ttf").write_bytes(b"\0\1\0\0")
    report = build_site(root)
    assert not replayed(report) and len(laid_out) == 2
    assert len(set((root / "dist/.brochure-cache").glob("*.pdf")) - entries) == 3  # 2 one-pagers, the brochure
