"""Fuzzing of the stages that read untrusted text, and builds killed or run side by side."""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from brochure import markup, reader
from brochure.markup import MarkdownOptions

from conftest import output_pdfs
from brochure.errors import BrochureError

class Tags(HTMLParser):
    """The elements and attribute names of an HTML fragment (escaped text is not markup)."""

    def __init__(self):
        super().__init__()
        self.names, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKDOWN_ALPHABET = st.sampled_from(list("ab #*_-+>`~[]()!<>/\\|:{}%\"'=.\n\t 1é😀") + ["{{<", ">}}", "<div>", "</div>",
                                                                                      "```", "    ", "[^1]", "<!--more-->"])


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_only_raise_our_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "x.md"
    path.write_bytes(data)
    try:
        reader.read_file(path)
    except BrochureError:
        pass


@FUZZ
@given(st.sampled_from(["---\n", "+++\n", "{", ""]), st.text(max_size=300), st.sampled_from(["\n---\n", "\n+++\n", "}", ""]),
       st.text(max_size=100))
def test_front_matter_only_raises_our_errors(opening, inside, closing, body):
    try:
        meta, _body = reader.parse(opening + inside + closing + body, Path("x.md"))
        reader.case_from(Path("x.md"), meta, _body, "projects")
    except BrochureError:
        pass


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
    | st.dates() | st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "weight", "date", "draft", "projects", "slug", "publishDate",
                                         "expiryDate", "lastmod", "linkTitle", "Title", "WEIGHT"]), values, max_size=8))
def test_front_matter_values_only_raise_our_errors(meta):
    try:
        case, _notes = reader.case_from(Path("x.md"), meta, "", "projects")
    except BrochureError:
        return
    assert isinstance(case.title, str) and isinstance(case.weight, int)


@FUZZ
@given(st.lists(MARKDOWN_ALPHABET, max_size=120).map("".join), st.booleans(), st.booleans())
def test_markdown_only_raises_our_errors_and_never_lets_script_through(text, unsafe, emoji):
    try:
        blocks = markup.render_blocks(text + "<script>x</script><img src=x onerror=y>",
                                      options=MarkdownOptions(unsafe=unsafe, emoji=emoji),
                                      notes=[], hugo_differences=[])
    except BrochureError:
        return
    html = markup.assemble(blocks)
    tags = Tags()
    tags.feed(html)
    assert "script" not in tags.names and not any(a.startswith("on") for a in tags.attributes)
    for cut in markup.cut_points(blocks)[:5]:
        markup.assemble(blocks, cut, "<p>…</p>")
    markup.markdownify(text)


# --- builds killed, and builds side by side ---------------------------------------------


def small_site(make) -> Path:
    files = {f"cas-{i}.md": f"---\ntitle: Cas {i}\nprojects: [collectivites]\nweight: {i}\n---\n## Objectifs\n\n"
             + "* Une action menée avec les services\n" * 12 for i in range(1, 5)}
    return make(files)


def valid_pdf(path: Path) -> bool:
    data = path.read_bytes()
    if not data.rstrip().endswith(b"%%EOF"):
        return False
    try:
        return len(PdfReader(path, strict=True).pages) >= 1
    except Exception:
        return False


def start_build(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "brochure", "build", "--config", str(root / "brochure.toml"),
                             "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_never_leaves_a_truncated_pdf(site):
    root = small_site(site)
    out = root / "dist"
    first = start_build(root, out)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    baseline = time.monotonic()
    warm = start_build(root, out)  # what the builds killed below would take: kill them across all of it
    assert warm.wait(timeout=300) == 0, warm.stderr.read().decode()
    span = time.monotonic() - baseline
    timings = []
    rng = random.Random(20261127)
    for _ in range(12):
        started = time.monotonic()
        process = start_build(root, out)
        time.sleep(rng.uniform(0.05, 1.1) * span)
        process.send_signal(signal.SIGKILL)
        process.wait()
        timings.append(time.monotonic() - started)
        finals = output_pdfs(out)
        assert len(finals) == 5  # the previous files are still there, whole
        bad = [p.name for p in finals if not valid_pdf(p)]
        assert bad == [], bad
    assert time.monotonic() - baseline < 600


def test_two_builds_at_once_into_one_folder(site):
    root = small_site(site)
    out = root / "dist"
    builds = [start_build(root, out) for _ in range(2)]
    for process in builds:
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    pdfs = output_pdfs(out)
    assert len(pdfs) == 5 and all(valid_pdf(p) for p in pdfs)
    assert not [p for p in out.rglob("*.tmp")]
