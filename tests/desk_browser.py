"""Driving the bid desk (``brochure serve``) in a real browser: Debian's chromium and
chromium-driver through Selenium, headless. Used by tests/test_serve_browser.py and to take the
README's screenshots (``python tests/desk_browser.py OUT_DIR``).

Selenium is given the driver's and the browser's paths, so Selenium Manager never looks for
them on the network. Every wait is explicit, with generous timeouts: a loaded machine is slow,
never a failure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, copy_repo
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
WAIT = 120  # seconds for a page or a swap
BUILD_WAIT = 600  # seconds for a build on a loaded machine


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_copy(folder: Path) -> Path:
    """The bundled content (configuration, content, static files) in ``folder``, no bid yet."""
    return copy_repo(folder, ("content", "static")) / "brochure.toml"


def start_desk(config: Path, port: int) -> tuple[subprocess.Popen, str]:
    """``brochure serve`` in a process of its own; its address (with the token)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH"))
                                                       if p)}
    process = subprocess.Popen([sys.executable, "-m", "brochure", "serve", "--config", str(config), "--port",
                                str(port), "--no-browser"], cwd=config.parent, env=env, stderr=subprocess.PIPE,
                               text=True)
    line = process.stderr.readline()
    found = re.search(r"http://\S+", line)
    if not found:
        process.kill()
        raise RuntimeError(f"brochure serve did not start: {line}{process.stderr.read()}")
    return process, found.group()


def browser(downloads: Path, width: int = 1440, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never the network
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def wait(driver, condition, seconds: float = WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.common.exceptions import StaleElementReferenceException

    return WebDriverWait(driver, seconds, poll_frequency=0.25,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def ref_slugs(driver) -> list[str]:
    return driver.execute_script("return Array.from(document.querySelectorAll('#refs li'), li => li.dataset.slug)")


def card_title(driver, slug: str) -> str:
    return driver.execute_script(f"return document.querySelector('#card-{slug} h3').textContent").strip()


def create_bid(driver, title: str, buyer: str) -> str:
    css(driver, "#new-title")[0].send_keys(title)
    css(driver, "#new-buyer")[0].send_keys(buyer)
    css(driver, "#create")[0].click()
    wait(driver, lambda d: d.find_element("tag name", "body").get_attribute("data-bid"))
    return driver.find_element("tag name", "body").get_attribute("data-bid")


def filter_term(driver, term: str, gone: str) -> None:
    """Choose ``term`` in the filter and wait until the card ``gone`` has left the page."""
    from selenium.webdriver.support.ui import Select

    Select(css(driver, "#term")[0]).select_by_value(term)
    wait(driver, lambda d: not css(d, f"#card-{gone}"))


def add(driver, slug: str) -> None:
    count = len(ref_slugs(driver))
    css(driver, f"#card-{slug} button.add")[0].click()
    wait(driver, lambda d: len(ref_slugs(d)) == count + 1 and ref_slugs(d)[-1] == slug)


def drag_last_to_top(driver) -> None:
    """Drag the last reference above the first, with the mouse, in small steps (SortableJS's
    fallback mode follows mouse events)."""
    from selenium.webdriver.common.action_chains import ActionChains

    items = css(driver, "#refs li .title")
    first, last = items[0], items[-1]
    before = ref_slugs(driver)
    dy = first.location["y"] - last.location["y"] - 8
    actions = ActionChains(driver, duration=50).click_and_hold(last)
    for _ in range(10):
        actions.move_by_offset(0, dy / 10)
    actions.pause(0.3).release().perform()
    wanted = [before[-1], *before[:-1]]
    wait(driver, lambda d: ref_slugs(d) == wanted and css(d, "#refs")[0].get_attribute("class") != "htmx-request")


def build(driver) -> None:
    css(driver, "#build")[0].click()
    wait(driver, lambda d: css(d, "#download-pdf") or css(d, "#job .error"), BUILD_WAIT)
    errors = css(driver, "#job .error")
    assert not errors, errors[0].text


def download_pdf(driver, folder: Path) -> Path:
    css(driver, "#download-pdf")[0].click()

    def done(_driver):
        files = [p for p in folder.glob("*.pdf")]
        partial = list(folder.glob("*.crdownload"))
        return files[0] if files and not partial else None

    return wait(driver, done)


def plain(title: str) -> str:
    """A title as the bookmarks and the page compare: no-break spaces as spaces, one space each."""
    from conftest import plain as spaces

    return " ".join(spaces(title).split())


def case_studies(pdf) -> list[str]:
    """The brochure's case studies in their order: its bookmarks under a project's (project →
    case study → sections)."""
    found, outline = [], pdf.outline
    for index, item in enumerate(outline):
        children = outline[index + 1] if index + 1 < len(outline) and isinstance(outline[index + 1], list) else []
        if isinstance(item, list) or not children:
            continue
        found += [plain(child.title) for child in children if not isinstance(child, list)]
    return found


def screenshots(out: Path) -> None:
    """The README's two pictures: the library with an open bid, and a bid's preview."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        process, url = start_desk(site_copy(work / "site"), free_port())
        driver = browser(work)
        try:
            driver.get(url)
            wait(driver, lambda d: css(d, ".badge.ok"), BUILD_WAIT)
            create_bid(driver, "Services numériques aux usagers", "Communauté d'agglomération du Grand Exemple")
            filter_term(driver, "projects:collectivites", gone="energies-du-rhone")
            for slug in ("grand-est-mobilites", "socle-donnees-locales", "pays-de-broceliande"):
                add(driver, slug)
            time.sleep(2)  # the thumbnails
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(str(out / "desk-library.png"))
            css(driver, "#preview")[0].click()
            wait(driver, lambda d: css(d, ".pages img"), BUILD_WAIT)
            time.sleep(2)
            driver.execute_script("window.scrollTo(0, 0); document.getElementById('bid').scrollTop ="
                                  " document.getElementById('job').offsetTop - 60")
            driver.save_screenshot(str(out / "desk-preview.png"))
        finally:
            driver.quit()
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    screenshots(Path(sys.argv[1]))
