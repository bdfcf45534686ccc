"""brochure.weasy: WeasyPrint's internals, for the WeasyPrint versions brochure supports only."""

from __future__ import annotations

import ast
import importlib
import io
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint import document, layout
from weasyprint.layout import inline

from brochure import pdf, weasy
from brochure.errors import BrochureError, RenderError

from conftest import ROOT


@pytest.mark.parametrize("version", ["66.0", "68.1", "69.9", "71.0", "71.0b1", "100.2", "", "unknown"])
def test_another_weasyprint_is_refused_in_one_line(monkeypatch, version):
    monkeypatch.setattr(weasyprint, "__version__", version)
    with pytest.raises(weasy.UnsupportedWeasyPrint) as refused:
        weasy.check_version()
    error = refused.value
    assert isinstance(error, RenderError) and isinstance(error, BrochureError) and error.exit_code != 0
    message = str(error)
    assert "\n" not in message and len(message) < 200, message
    assert f"WeasyPrint {version} is installed" in message or not version
    assert weasy.SUPPORTED in message and "70.0" in message  # what brochure supports, what it was tested with


@pytest.mark.parametrize("version", ["70.0", "70.1", "70.0.2"])
def test_the_supported_versions_are_accepted(monkeypatch, version):
    monkeypatch.setattr(weasyprint, "__version__", version)
    assert weasy.check_version() == version


def test_the_installed_weasyprint_is_a_tested_one():
    assert weasy.VERSION == weasyprint.__version__ == pdf.ENGINE_VERSION
    assert weasy.VERSION in weasy.TESTED


def test_the_requirement_is_the_range_checked():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"weasyprint{weasy.SUPPORTED}"' in text


def test_importing_pdf_with_another_weasyprint_stops_before_any_internal(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "66.0")
    for name in ("brochure.pdf", "brochure.weasy"):
        monkeypatch.delitem(sys.modules, name, raising=False)  # put back afterwards
    with pytest.raises(RenderError, match=r"^WeasyPrint 66\.0 is installed") as refused:
        importlib.import_module("brochure.pdf")
    assert type(refused.value).__name__ == "UnsupportedWeasyPrint"
    assert "brochure.weasy" not in sys.modules  # nothing half-imported is left
    again = pickle.loads(pickle.dumps(refused.value))  # as a layout process sends it back to the build
    assert isinstance(again, RenderError) and str(again) == str(refused.value)


def test_a_build_with_another_weasyprint_says_so_without_a_traceback(site):
    root = site(["toml_front_matter.md"])
    code = ("import sys, weasyprint; weasyprint.__version__ = '66.0'\n"
            "from brochure.__main__ import main\n"
            "sys.argv = ['brochure', 'build', '--config', sys.argv[1], '--out', sys.argv[2], '--no-cache']\n"
            "main()")
    done = subprocess.run([sys.executable, "-c", code, str(root / "brochure.toml"), str(root / "out")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert "WeasyPrint 66.0 is installed, but brochure works with WeasyPrint >=70,<71" in done.stderr, done.stderr
    assert not list((root / "out").rglob("*.pdf"))


def test_pdf_uses_no_weasyprint_internal():
    """Everything beyond WeasyPrint's public API goes through brochure.weasy (and its version check)."""
    public = {("weasyprint", "HTML"), ("weasyprint", "CSS"), ("weasyprint.text.fonts", "FontConfiguration")}
    tree = ast.parse(Path(pdf.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("weasyprint"):
            assert {(node.module, a.name) for a in node.names} <= public, ast.unparse(node)
        elif isinstance(node, ast.Import):
            assert not [a.name for a in node.names if a.name.startswith(("weasyprint", "pydyf"))], ast.unparse(node)
    assert "_page_box" not in Path(pdf.__file__).read_text(encoding="utf-8")


def _weasyprint_functions() -> tuple:
    return (inline.split_first_line, layout.make_all_pages, document.layout_document,
            weasyprint.HTML._ua_stylesheets, document.Page.paint)


def test_the_patches_are_active_during_a_render_only(tmp_path: Path, monkeypatch):
    (tmp_path / "theme.css").write_text("p { color: #123456 }")
    html = f'<link rel="stylesheet" href="{(tmp_path / "theme.css").as_uri()}"><p>Un <b>texte</b> suivi.</p>'
    before = _weasyprint_functions()
    during = []
    fetch = pdf.SandboxFetcher.fetch

    def watched(self, url, *args, **kwargs):  # WeasyPrint fetches the stylesheet while it lays out
        during.append(_weasyprint_functions())
        return fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(pdf.SandboxFetcher, "fetch", watched)
    rendered = pdf.render(html, tmp_path.as_uri() + "/", (tmp_path,))
    assert during
    for split, passes, tree, ua, paint in during:
        assert split is not before[0] and passes is not before[1] and tree is not before[2]
        assert ua is before[3] and paint is before[4]  # brochure's HTML is a subclass: WeasyPrint's is untouched
    assert _weasyprint_functions() == before
    result = pdf.write(rendered, once=True)
    assert _weasyprint_functions() == before  # the pages painted once are those of this document only
    assert "texte" in PdfReader(io.BytesIO(result.data)).pages[0].extract_text()


def test_the_patches_are_restored_when_a_render_fails(tmp_path: Path, monkeypatch):
    before = _weasyprint_functions()

    def boom(*args, **kwargs):
        assert inline.split_first_line is not before[0]
        raise RuntimeError("simulated")

    monkeypatch.setattr(weasy.LeanHTML, "render", boom)
    with pytest.raises(RenderError, match="simulated"):
        pdf.render("<p>x</p>", tmp_path.as_uri() + "/", (tmp_path,))
    assert _weasyprint_functions() == before


def test_patched_restores_what_it_replaced_even_on_an_error():
    before = _weasyprint_functions()
    with pytest.raises(KeyError):
        with weasy.patched():
            assert _weasyprint_functions()[:3] != before[:3]
            raise KeyError("x")
    assert _weasyprint_functions() == before



def test_a_build_leaves_glib_silent(tmp_path: Path):
    """GLib writes its complaints straight to the process's stderr, outside brochure's one-line
    format: the line-breaking workaround measured a line of a layout already freed
    ("Pango-CRITICAL … LINE_IS_VALID", twice on the bundled content), and must not."""
    run = subprocess.run([sys.executable, "-m", "brochure", "build", "--project", "collectivites",  # the Quickstart's
                          "--out", str(tmp_path / "dist"), "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "CRITICAL" not in run.stderr and "Pango" not in run.stderr and "GLib" not in run.stderr, run.stderr
