"""The documentation: README.md for a newcomer, docs/*.md for the reference, and every link
between them working."""

import re
import tomllib
from pathlib import Path

from conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")  # [text](target "title")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.M)  # [label]: target
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def without_code_blocks(text: str) -> str:
    return re.sub(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", "", text, flags=re.M | re.S)


def prose(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are not links."""
    return re.sub(r"(`+).*?\1", "", without_code_blocks(text), flags=re.S)


def links(page: Path) -> list[str]:
    text = prose(page.read_text(encoding="utf-8"))
    return LINK.findall(text) + REFERENCE.findall(text) + HTML_LINK.findall(text)


def is_relative(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) and not target.startswith("//")


def anchors(page: Path) -> set[str]:
    """The ids GitHub gives the headings of a Markdown page (lower case, punctuation dropped,
    spaces to hyphens, -1, -2… for repeats)."""
    found: set[str] = set()
    for line in without_code_blocks(page.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in found:
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    return found


def toml_blocks(page: Path) -> list[dict]:
    return [tomllib.loads(block) for block in
            re.findall(r"^```toml\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)]


def test_readme_links_every_docs_page_and_each_exists():
    targets = {t.split("#", 1)[0] for t in links(README) if is_relative(t)}
    linked = {t for t in targets if t.startswith("docs/") and t.endswith(".md")}
    for target in linked:
        assert (ROOT / target).is_file(), f"README links to {target}, which does not exist"
    for page in DOCS.glob("*.md"):
        assert f"docs/{page.name}" in linked, f"README does not link to docs/{page.name}"
    expected = {"cli", "configuration", "site-mode", "tenders", "untrusted-content", "performance",
                "architecture"}
    assert {Path(t).stem for t in linked} >= expected


def test_every_relative_link_resolves():
    bad = []
    for page in pages():
        for target in links(page):
            if not is_relative(target):
                continue
            path, _, fragment = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.is_relative_to(ROOT) or not file.is_file():
                bad.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif fragment and file.suffix == ".md" and fragment not in anchors(file):
                bad.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not bad, "\n".join(bad)


def test_link_checker_sees_broken_links(tmp_path: Path):
    """The checker itself: a broken file, a broken anchor and code that only looks like a link."""
    page = tmp_path / "page.md"
    page.write_text("# Title `x`\n\n```sh\n# not-a-heading\n```\n\n[a](missing.md) [b](#nope) [c](#title-x) ![d](pic.png)\n"
                    "`[e](inline.md)`\n\n```\n[f](fenced.md)\n```\n\n[g]: ref.md\n", encoding="utf-8")
    assert links(page) == ["missing.md", "#nope", "#title-x", "pic.png", "ref.md"]
    assert anchors(page) == {"title-x"}
    assert anchors(DOCS / "cli.md") >= {"brochure-build", "json-output-of-build---json", "images",
                                         "messages-and-exit-codes", "pdf-variants"}


def test_every_configuration_key_is_documented():
    """docs/configuration.md shows every table and key of brochure.toml in its TOML examples."""
    from brochure.config import SCHEMA, TOP_LEVEL

    page = DOCS / "configuration.md"
    shown: dict[str, set[str]] = {}
    for block in toml_blocks(page):
        for table, value in block.items():
            shown.setdefault(table, set()).update(value if isinstance(value, dict) else ())
    for table, keys in SCHEMA.items():
        assert table in shown, f"[{table}]"
        for key in keys:
            assert key in shown[table], f"{table}.{key}"
    text = page.read_text(encoding="utf-8")
    for key in TOP_LEVEL:
        assert re.search(rf"`{key} = ", text), key


def test_every_manifest_key_is_documented():
    """docs/tenders.md's sample manifest holds every key a manifest may have."""
    from brochure.manifest import KEYS

    (sample,) = toml_blocks(DOCS / "tenders.md")
    for table, keys in KEYS.items():
        value = sample if not table else sample.get(table)
        assert value, f"[{table}]"
        for entry in value if isinstance(value, list) else [value]:
            for key in keys:
                assert key in entry, f"{table}.{key}" if table else key


def test_architecture_names_every_module():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for module in sorted((ROOT / "src" / "brochure").rglob("*.py")):
        assert re.search(rf"(?<![\w.]){re.escape(module.name)}\s", text), module.relative_to(ROOT)


def test_readme_stays_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines: move the reference into docs/"
