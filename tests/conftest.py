"""Shared fixtures: the repository's own content, small throw-away sites, one cached build."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

# Downsampled images go to the user's cache folder: keep the tests' own out of the real one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="brochure-tests-cache-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TERMS = {
    "collectivites": ("Collectivités territoriales", "#173541"),
    "entreprises": ("Entreprises et associations", "#7a2e4d"),
}


def make_site(tmp: Path, files: dict[str, str | bytes] | list[str], *, config_extra: str = "") -> Path:
    """A small site in ``tmp``: the repo's static images, term pages, and the given case studies.

    ``files`` maps a path under ``content/references`` to its text, or lists fixture names.
    """
    if isinstance(files, list):
        files = {name: (FIXTURES / name).read_bytes() for name in files}
    shutil.copytree(ROOT / "static", tmp / "static")
    refs = tmp / "content" / "references"
    refs.mkdir(parents=True)
    for name, (title, color) in TERMS.items():
        term = tmp / "content" / "projects" / name
        term.mkdir(parents=True)
        (term / "_index.md").write_text(f'---\ntitle: "{title}"\ncolor: "{color}"\n---\n', encoding="utf-8")
    for name, text in files.items():
        path = refs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    (tmp / "brochure.toml").write_text(
        '[company]\nname = "Test Conseil"\nlogo = "static/images/logo-company.svg"\n'
        '[content]\ndir = "content"\nstatic = ["static"]\n' + config_extra,
        encoding="utf-8",
    )
    return tmp


@pytest.fixture
def site(tmp_path: Path):
    def _make(files, **kwargs) -> Path:
        return make_site(tmp_path / "site", files, **kwargs)

    return _make


SUMMARY_TITLES = ("Tableau des références", "Summary of references")
# the bookmarks before the case studies: the introduction, the contents, the summary table
FRONT_TITLES = (*SUMMARY_TITLES, "Introduction", "Sommaire", "Contents")


def outline_tree(reader: PdfReader, items=None, summary: bool = False) -> list:
    """The outline as nested (title, page index, children) tuples (without the entries before the
    case studies, FRONT_TITLES, unless ``summary``)."""
    if items is None and not summary:
        return [t for t in outline_tree(reader, reader.outline) if t[0] not in FRONT_TITLES]
    items = reader.outline if items is None else items
    tree: list = []
    for item in items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline_tree(reader, item))
        else:
            tree.append((plain(item.title), reader.get_destination_page_number(item), []))
    return tree


def output_pdfs(out: Path) -> list[Path]:
    """The PDFs a build wrote under ``out`` (not the cache's own files)."""
    return sorted(p for p in out.rglob("*.pdf") if ".brochure-cache" not in p.parts)


def plain(text: str) -> str:
    """Text with French typography's no-break spaces as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def text_of(path: Path) -> str:
    reader = PdfReader(path)
    return plain("\n".join(page.extract_text() or "" for page in reader.pages))


def uris(path: Path) -> list[str]:
    found = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/URI"):
                found.append(str(action["/URI"]))
    return found


def build_site(root: Path, out: str | Path = "dist", *, config=None, overrides: dict | None = None, **options):
    """``brochure build`` with the site ``root``'s brochure.toml (with ``overrides``), or with ``config``
    already loaded, into ``root / out`` (``out`` may also be a folder elsewhere); ``options`` are
    ``BuildOptions``'. Returns the build's report."""
    from brochure.commands.build import BuildOptions, build
    from brochure.config import load_config

    if config is None:
        config = load_config(root / "brochure.toml", overrides=overrides)
    return build(config, BuildOptions(out_dir=root / out, **options))


# The files whose tests take the most processor time (measured with the whole suite, CPU
# seconds: build 66, standards 45, tender 42, budgets 37, flow 23…), run first: pytest-xdist
# hands a file to whichever worker is free, so the long ones start early and the short ones
# fill the end, and the two workers end together.
HEAVY_FIRST = ("test_build.py", "test_standards.py", "test_tender.py", "test_budgets.py", "test_flow.py",
               "test_robustness.py", "test_pictures.py", "test_serve.py", "test_hostile.py",
               "test_serve_browser.py", "test_brand.py", "test_uptodate.py")


def pytest_collection_modifyitems(items) -> None:
    rank = {name: n for n, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's own order stays


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto`` (pyproject's addopts): a worker per core, at most four — each may build bombs
    that take up to the house's 2 GB."""
    return max(1, min(os.cpu_count() or 1, 4))


def built_once(tmp_path_factory, name: str, make):
    """``make(folder)`` run once for the whole test run, whichever pytest-xdist worker asks first
    (the others wait for it, then read what it left): the folder and what ``make`` returned
    (pickled). Tests only read what it built."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the workers' own folders are inside one folder of the run
    folder, result = root / name, root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker whose make failed left it
            folder.mkdir()
            made = make(folder)
            temporary = result.with_suffix(".part")
            temporary.write_bytes(pickle.dumps(made))
            temporary.replace(result)
        return folder, pickle.loads(result.read_bytes())


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory):
    """The bundled content built once: ``brochure build --project collectivites`` at the repo root."""
    from brochure.commands.common import Choice

    folder, report = built_once(tmp_path_factory, "bundled-collectivites",
                                lambda folder: build_site(ROOT, folder / "dist", choice=Choice(projects=("collectivites",))))
    return report, folder / "dist"


def copy_repo(where: Path, folders: tuple[str, ...] = ("content", "static", "tenders")) -> Path:
    """The bundled content, configuration and sample tenders (``folders``), in a folder of their own."""
    where.mkdir(parents=True, exist_ok=True)
    for name in folders:
        shutil.copytree(ROOT / name, where / name)
    shutil.copy(ROOT / "brochure.toml", where / "brochure.toml")
    return where


def build_bid(folder: Path, *args: str, manifest: str = "tenders/sample.toml"):
    """``brochure build --manifest M --out out --no-cache ARGS`` run in ``folder``: click's result."""
    from click.testing import CliRunner

    from brochure.__main__ import cli

    old = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, ["build", "--manifest", manifest, "--out", "out", "--no-cache", *args])
    finally:
        os.chdir(old)
    return result


@pytest.fixture(scope="session")
def french(tmp_path_factory):
    """The sample bid (tenders/sample.toml) built once, as it is (its dates are the bid's,
    SOURCE_DATE_EPOCH unset): its output folder."""
    def make(folder: Path) -> None:
        repo = copy_repo(folder / "repo")
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
            result = build_bid(repo)
        assert result.exit_code == 0, result.output

    folder, _ = built_once(tmp_path_factory, "sample-bid", make)
    return folder / "repo" / "out"
