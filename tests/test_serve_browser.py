"""The bid desk in a real browser (Debian's chromium and chromium-driver, driven by Selenium,
headless): open it, filter to a project, add two references to a new bid, reorder them by
dragging, build, download the PDF, and check with pypdf that its case studies are those two,
in that order. Skipped, saying why, where chromium, chromium-driver or Selenium are missing;
``.ci/run`` installs them and sets BROCHURE_REQUIRE_BROWSER=1, which turns the skip into a failure."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import desk_browser as desk
from desk_browser import case_studies, plain


def _missing() -> str | None:
    for path in (desk.CHROMIUM, desk.CHROMEDRIVER):
        if not path.is_file():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    for module in ("selenium", "starlette", "uvicorn", "pypdfium2"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is missing (pip install '.[test]')"
    return None


MISSING = _missing()
if MISSING and os.environ.get("BROCHURE_REQUIRE_BROWSER"):
    raise RuntimeError(f"BROCHURE_REQUIRE_BROWSER is set but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

PROJECT, OTHER = "projects:collectivites", "energies-du-rhone"  # a case study of another project
FIRST, SECOND = "grand-est-mobilites", "pays-de-broceliande"


@pytest.fixture
def running(tmp_path: Path):
    process, url = desk.start_desk(desk.site_copy(tmp_path / "site"), desk.free_port())
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = desk.browser(downloads)
    try:
        yield driver, url, downloads, tmp_path / "site"
    finally:
        driver.quit()
        process.terminate()
        process.wait(60)


def test_pick_two_references_reorder_build_and_download(running):
    driver, url, downloads, site = running
    driver.get(url)
    desk.wait(driver, lambda d: desk.css(d, f"#card-{FIRST}"))
    name = desk.create_bid(driver, "Appel d'offres navigateur", "Ville de Test")
    desk.filter_term(driver, PROJECT, gone=OTHER)
    desk.add(driver, FIRST)
    desk.add(driver, SECOND)
    assert desk.ref_slugs(driver) == [FIRST, SECOND]
    desk.drag_last_to_top(driver)
    manifest = site / "tenders" / f"{name}.toml"
    desk.wait(driver, lambda _d: f'cases = ["{SECOND}", "{FIRST}"]' in manifest.read_text(encoding="utf-8"))
    desk.build(driver)
    pdf = desk.download_pdf(driver, downloads)
    titles = {slug: desk.card_title(driver, slug) for slug in (FIRST, SECOND)}
    assert case_studies(PdfReader(pdf)) == [plain(titles[SECOND]), plain(titles[FIRST])]


def test_an_edit_on_disk_updates_its_card(running):
    """watchfiles sees the file change; the page learns it by a server-sent event and fetches the
    cards again."""
    driver, url, _downloads, site = running
    driver.get(url)
    desk.wait(driver, lambda d: desk.css(d, f"#card-{FIRST}"))
    source = site / "content" / "references" / f"{FIRST}.md"
    text = source.read_text(encoding="utf-8")
    old = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    source.write_text(text.replace(old, "Grand Est Mobilités : titre modifié sur le disque"), encoding="utf-8")
    desk.wait(driver, lambda _d: "titre modifié" in desk.card_title(driver, FIRST))


def test_a_consultation_picked_ranks_the_library_and_add_puts_a_suggestion_in_the_bid(running, tmp_path):
    """The file input posts the document (desk.js); the suggestions replace their box; "add" is
    the library's add route."""
    driver, url, _downloads, site = running
    document = tmp_path / "rc.txt"
    document.write_text("Objet : ouverture des données de transport (GTFS, NeTEx) sur le point d'accès "
                        "national, loi d'orientation des mobilités.\n", encoding="utf-8")
    driver.get(url)
    desk.wait(driver, lambda d: desk.css(d, f"#card-{FIRST}"))
    name = desk.create_bid(driver, "Appel d'offres suggestions", "Ville de Test")
    desk.css(driver, "#consultation-file")[0].send_keys(str(document))
    desk.css(driver, "#consultation-send")[0].click()
    desk.wait(driver, lambda d: desk.css(d, "#suggestions li[data-slug]"))
    first = desk.css(driver, "#suggestions li[data-slug]")[0]
    assert first.get_attribute("data-slug") == FIRST and "point d" in first.text
    first.find_element("css selector", "button.add").click()
    desk.wait(driver, lambda d: desk.ref_slugs(d) == [FIRST])
    manifest = site / "tenders" / f"{name}.toml"
    assert f'cases = ["{FIRST}"]' in manifest.read_text(encoding="utf-8")
