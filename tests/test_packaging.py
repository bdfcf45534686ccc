"""The theme ships in the wheel and works from an installed, non-editable package."""

import subprocess
import sys
import zipfile
from pathlib import Path

import brochure
from brochure.config import builtin_theme

from conftest import ROOT


def test_wheel_holds_templates_styles_and_fonts(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("brochure-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("brochure/templates/one-pager.html.j2", "brochure/templates/brochure.html.j2",
                     "brochure/styles/common.css", "brochure/styles/fonts/Inter-Regular.otf",
                     "brochure/__main__.py",
                     "brochure/templates/messages/fr.toml", "brochure/templates/messages/en.toml",
                     "brochure/serve/static/htmx.min.js", "brochure/serve/static/Sortable.min.js",
                     "brochure/serve/static/htmx.LICENSE", "brochure/serve/static/Sortable.LICENSE",
                     "brochure/serve/templates/index.html",
                     "brochure/data/stopwords-fr.txt", "brochure/data/stopwords-en.txt",
                     "brochure/data/boilerplate-fr.txt", "brochure/data/boilerplate-en.txt"):
        assert required in names, required
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_package_finds_its_theme_outside_the_repo(tmp_path: Path):
    templates, styles = builtin_theme()
    package = Path(brochure.__file__).resolve().parent
    if not package.is_relative_to(ROOT):  # a real (non-editable) install, as in CI
        assert templates == package / "templates" and styles == package / "styles"
    # run from a folder that is not the repository
    code = "from brochure.config import builtin_theme; t, s = builtin_theme(); print(t.is_dir() and s.is_dir())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.strip() == "True", done.stderr


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60  # the house's sizes (docs/architecture.md)


def _python_files():
    return sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")])


def test_no_module_over_400_lines_and_no_function_over_60():
    import ast

    too_long = []
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}: {size} lines")
    assert too_long == []
