"""The tender manifest: the samples load, and every problem is reported at once, one line each."""

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure.errors import ConfigError
from brochure.manifest import Annex, load_manifest
from brochure.settings import DEFAULT_COLUMNS
from brochure.reader import read_cases

from conftest import ROOT

TENDERS = ROOT / "tenders"
MINIMAL = 'title = "Offre"\n[buyer]\nname = "Ville"\n'


def write(tmp_path: Path, text: str, name: str = "bid.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as err:
        load_manifest(path)
    assert err.value.exit_code == 2
    assert "\n" not in str(err.value)
    return err.value.problems


def test_french_sample_loads():
    manifest = load_manifest(TENDERS / "sample.toml")
    assert manifest.path == (TENDERS / "sample.toml").resolve() and manifest.path.is_absolute()
    assert manifest.title == "Dématérialisation des services aux usagers"
    assert manifest.reference == "2026-AO-017" and manifest.language == "fr"
    assert manifest.buyer.name == "Communauté d'agglomération du Grand Exemple"
    assert manifest.buyer.logo == (TENDERS / "assets" / "buyer-logo.svg").resolve()
    assert manifest.selection.projects == ("collectivites",)
    assert 3 <= len(manifest.selection.cases) <= 4 and len(manifest.selection.exclude) == 1
    assert manifest.selection.max_age_years == 8
    assert manifest.introduction and manifest.introduction.count("\n\n") == 1
    assert [a.file.name for a in manifest.annexes] == ["attestation-assurance.pdf", "kbis.pdf"]
    assert all(a.file.is_absolute() and a.title for a in manifest.annexes)
    assert manifest.output.file.endswith(".pdf")
    assert manifest.summary is not None and manifest.summary.columns == DEFAULT_COLUMNS
    assert manifest.summary.duration_field is None  # the key fact counts only when it is a duration


def test_english_sample_matches_the_french_one():
    fr = load_manifest(TENDERS / "sample.toml")
    en = load_manifest(TENDERS / "sample-en.toml")
    assert en.language == "en" and en.title != fr.title
    assert en.selection == fr.selection
    assert [a.file for a in en.annexes] == [a.file for a in fr.annexes]
    assert en.buyer.logo == fr.buyer.logo and en.output.file != fr.output.file


def test_sample_cases_are_real_published_and_recent():
    manifest = load_manifest(TENDERS / "sample.toml")
    cases, _problems = read_cases(ROOT / "content" / "references", "projects")
    by_slug = {c.slug: c for c in cases}
    oldest = manifest.date.replace(year=manifest.date.year - manifest.selection.max_age_years)
    for slug in manifest.selection.cases + manifest.selection.exclude:
        assert slug in by_slug, slug
    for slug in manifest.selection.cases:
        case = by_slug[slug]
        assert not case.draft and "collectivites" in case.projects, slug
        assert case.date and case.date.date() >= oldest, slug
    projects = {p.name for p in (ROOT / "content" / "projects").iterdir() if (p / "_index.md").is_file()}
    assert set(manifest.selection.projects) <= projects


def test_sample_annexes_and_logo_are_small_and_plain():
    pages = {"attestation-assurance.pdf": 1, "kbis.pdf": 2}
    for name, count in pages.items():
        path = TENDERS / "annexes" / name
        assert path.stat().st_size < 30_000
        reader = PdfReader(path)
        assert len(reader.pages) == count
        assert "EXEMPLE" in reader.pages[0].extract_text()
    logo = (TENDERS / "assets" / "buyer-logo.svg").read_text(encoding="utf-8")
    assert "<!ENTITY" not in logo and "href" not in logo and "http://" not in logo.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_defaults(tmp_path: Path):
    manifest = load_manifest(write(tmp_path, MINIMAL, "ville-2026.toml"))
    assert manifest.output.file == "ville-2026.pdf"
    assert manifest.output.paper is None and manifest.output.pdf_variant is None
    assert manifest.output.one_pagers is False
    assert manifest.language is None and manifest.reference is None and manifest.date is None
    assert manifest.buyer.logo is None and manifest.introduction is None
    assert manifest.annexes == () and manifest.summary is None
    assert manifest.selection.cases == () and manifest.selection.max_age_years is None


def test_empty_summary_table_takes_the_defaults(tmp_path: Path):
    summary = load_manifest(write(tmp_path, MINIMAL + "[summary]\n")).summary
    assert summary is not None
    # columns None: the configuration's ([summary] columns of brochure.toml)
    assert summary.columns is None and summary.labels == {} and summary.duration_field is None


def test_date_as_string_and_case_of_choices(tmp_path: Path):
    text = 'date = "2026-03-16"\nlanguage = "EN"\n' + MINIMAL + '[output]\npaper = "Letter"\npdf_variant = "PDF/UA-1"\n'
    manifest = load_manifest(write(tmp_path, text))
    assert manifest.date == date(2026, 3, 16) and manifest.language == "en"
    assert manifest.output.paper == "letter" and manifest.output.pdf_variant == "pdf/ua-1"


def test_relative_paths_are_resolved_from_the_manifest_folder(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "shared.pdf").write_bytes(b"%PDF-1.7\n")
    text = MINIMAL.replace('name = "Ville"', 'name = "Ville"\nlogo = "b/logo.png"')
    (tmp_path / "a" / "annexes").mkdir()
    (tmp_path / "a" / "annexes" / "kbis.pdf").write_bytes(b"%PDF-1.7\n")
    text += '[[annexes]]\nfile = "annexes/../annexes/kbis.pdf"\ntitle = "Kbis"\n'
    manifest = load_manifest(write(tmp_path / "a", text))
    assert manifest.buyer.logo == (tmp_path / "a" / "b" / "logo.png").resolve()
    assert manifest.annexes == (Annex(file=(tmp_path / "a" / "annexes" / "kbis.pdf").resolve(), title="Kbis"),)


@pytest.mark.parametrize("name", ["../shared.pdf", "{tmp}/shared.pdf", "linked/shared.pdf"])
def test_an_annex_outside_the_manifest_folder_is_refused(tmp_path: Path, name: str):
    (tmp_path / "a").mkdir()
    (tmp_path / "shared.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "a" / "linked").symlink_to(tmp_path)  # a folder link leading out
    text = MINIMAL + f'[[annexes]]\nfile = "{name.format(tmp=tmp_path)}"\ntitle = "Commun"\n'
    with pytest.raises(ConfigError, match="outside the folder of the file naming it"):
        load_manifest(write(tmp_path / "a", text))


@pytest.mark.parametrize("text, expected", [
    ("projets = 1\n" + MINIMAL, "projets: unknown key"),
    (MINIMAL + 'introduction = "x"\n', "buyer.introduction: unknown key (known: name, logo); top-level keys go"),
    (MINIMAL + '[selection]\nprojets = ["etat"]\n', "selection.projets: unknown key"),
    (MINIMAL.replace('name = "Ville"', 'name = "Ville"\ncolor = "red"'), "buyer.color: unknown key"),
    (MINIMAL + '[output]\nformat = "a4"\n', "output.format: unknown key"),
    (MINIMAL + '[summary]\nwidth = 3\n', "summary.width: unknown key"),
    (MINIMAL + '[[annexes]]\nfile = "x.pdf"\ntitle = "X"\npages = 2\n', "annexes[1].pages: unknown key"),
    (MINIMAL + '[output]\none_pagers = "yes"\n', 'output.one_pagers: expected true or false, got "yes"'),
    ('title = 3\n[buyer]\nname = "Ville"\n', "title: expected a string, got 3"),
    ('[buyer]\nname = "Ville"\n', "title: missing (required)"),
    ('title = "Offre"\n', "buyer.name: missing (required)"),
    ('title = "Offre"\n[buyer]\nname = "  "\n', "buyer.name: must not be empty"),
    ('title = "Offre"\nbuyer = "Ville"\n', 'buyer: expected a table [buyer], got "Ville"'),
    ('reference = 2026\n' + MINIMAL, "reference: expected a string, got 2026"),
    ('language = "de"\n' + MINIMAL, 'language: expected one of fr, en, got "de"'),
    ('date = "16/03/2026"\n' + MINIMAL, 'date: expected a date like 2026-03-15, got "16/03/2026"'),
    ('date = "2026-02-30"\n' + MINIMAL, 'date: no such day: "2026-02-30"'),
    ('date = 2026-03-16T10:00:00\n' + MINIMAL, "date: expected a date like 2026-03-15, got 2026-03-16T10:00:00"),
    ('introduction = ["a"]\n' + MINIMAL, 'introduction: expected a string (Markdown), got ["a"]'),
    (MINIMAL + '[output]\npaper = "a3"\n', 'output.paper: expected one of a4, letter, got "a3"'),
    (MINIMAL + '[output]\npdf_variant = "pdf/a-1b"\n',
     'output.pdf_variant: expected one of pdf/a-2b+ua-1, pdf/a-2b, pdf/a-3b, pdf/ua-1, none, got "pdf/a-1b"'),
    (MINIMAL + '[output]\nfile = "offre.docx"\n', 'output.file: expected a plain file name ending in .pdf'),
    (MINIMAL + '[output]\nfile = 3\n', "output.file: expected a plain file name ending in .pdf (no folders, no ..), got 3"),
    (MINIMAL + '[selection]\nprojects = "etat"\n',
     'selection.projects: expected a list of non-empty strings, got "etat"'),
    (MINIMAL + '[selection]\ncases = ["a", 2]\n', "selection.cases[2]: expected a non-empty string, got 2"),
    (MINIMAL + '[selection]\ncases = ["a", " "]\n', "selection.cases[2]: must not be empty"),
    (MINIMAL + '[selection]\ncases = ["a", "b", "a"]\n', 'selection.cases: "a" is listed twice'),
    (MINIMAL + '[selection]\ncases = ["a"]\nexclude = ["a"]\n', 'selection.exclude: "a" is also in selection.cases'),
    (MINIMAL + '[selection]\nmax_age_years = 0\n', "selection.max_age_years: expected a whole number from 1 to 1000, got 0"),
    (MINIMAL + '[selection]\nmax_age_years = true\n', "selection.max_age_years: expected a whole number from 1 to 1000, got true"),
    (MINIMAL + '[selection]\nmax_age_years = 2.5\n', "selection.max_age_years: expected a whole number from 1 to 1000, got 2.5"),
    (MINIMAL.replace('name = "Ville"', 'name = "Ville"\nlogo = "logo.gif"'), 'buyer.logo: expected a PNG, JPG, JPEG'),
    (MINIMAL.replace('name = "Ville"', 'name = "Ville"\nlogo = "img/logo.svg"'),
     "buyer.logo: no such file: img/logo.svg"),
    ('annexes = "kbis.pdf"\n' + MINIMAL, 'annexes: expected an array of tables [[annexes]], got "kbis.pdf"'),
    (MINIMAL + '[[annexes]]\nfile = "x.pdf"\n', "annexes[1].title: missing (required)"),
    (MINIMAL + '[[annexes]]\ntitle = "X"\n', "annexes[1].file: missing (required)"),
    (MINIMAL + '[summary]\ncolumns = ["client", "budget"]\n', 'summary.columns[2]: expected one of client, mission, duration, year, amount, role, project, got "budget"'),
    (MINIMAL + '[summary]\ncolumns = []\n', "summary.columns: expected at least one column"),
    (MINIMAL + '[summary]\nlabels = { budget = "Budget" }\n', "summary.labels.budget: unknown key (known: client, mission, duration, year, amount, role, project)"),
    (MINIMAL + '[summary]\nlabels = { year = 2026 }\n', "summary.labels.year: expected a non-empty string, got 2026"),
    (MINIMAL + '[summary]\nduration_field = ""\n', "summary.duration_field: must not be empty"),
    (MINIMAL + '[summary]\nduration_field = 3\n', "summary.duration_field: expected a front-matter key, got 3"),
])
def test_each_problem_is_named(tmp_path: Path, text: str, expected: str):
    problems = problems_of(write(tmp_path, text))
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("name", [
    "../offre.pdf", "sub/offre.pdf", "/tmp/offre.pdf", "sub\\offre.pdf", "offre..pdf", ".pdf", "", " offre.pdf",
    "offre\n.pdf",
])
def test_output_file_must_be_a_plain_name(tmp_path: Path, name: str):
    path = write(tmp_path, MINIMAL + f"[output]\nfile = {json.dumps(name)}\n")  # JSON strings are TOML strings
    problems = problems_of(path)
    assert len(problems) == 1 and problems[0].startswith("output.file: expected a plain file name"), problems


def test_annex_that_is_not_a_pdf_is_refused(tmp_path: Path):
    (tmp_path / "kbis.pdf").write_bytes(b"<html>not a pdf</html>")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "folder.pdf").mkdir()
    text = MINIMAL + "".join(f'[[annexes]]\nfile = "{n}"\ntitle = "{n}"\n' for n in ("kbis.pdf", "empty.pdf",
                                                                                    "folder.pdf", "certs/x.pdf"))
    assert problems_of(write(tmp_path, text)) == [
        "annexes[1].file: not a PDF (does not start with %PDF-): kbis.pdf",
        "annexes[2].file: not a PDF (does not start with %PDF-): empty.pdf",
        "annexes[3].file: not a regular file: folder.pdf",
        "annexes[4].file: no such file: certs/x.pdf",
    ]


def test_several_problems_reported_together(tmp_path: Path):
    text = (
        'title = 3\nlanguage = "de"\ncolour = "x"\n'
        '[buyer]\nlogo = "nowhere.png"\n'
        '[selection]\nprojets = ["etat"]\nmax_age_years = -1\n'
        '[output]\nfile = "../x.pdf"\none_pagers = "yes"\n'
        '[[annexes]]\nfile = "missing.pdf"\ntitle = "M"\n'
    )
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_manifest(path)
    problems = err.value.problems
    for start in ("title:", "language:", "colour: unknown key", "buyer.name: missing", "buyer.logo: no such file",
                  "selection.projets: unknown key", "selection.max_age_years:", "output.file:",
                  'output.one_pagers: expected true or false, got "yes"', "annexes[1].file: no such file: missing.pdf"):
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == 10
    assert [p.split(":")[0] for p in problems][:3] == ["colour", "title", "language"]  # in the file's order
    assert all(line.startswith(f"{path}: ") for line in err.value.lines())
    assert str(err.value).startswith(f"{path}: ")


def test_toml_syntax_error_names_the_line(tmp_path: Path):
    problems = problems_of(write(tmp_path, MINIMAL + '[output]\nfile = "x.pdf\n'))
    assert len(problems) == 1
    assert problems[0].startswith("not valid TOML:") and "line 5" in problems[0]


def test_not_utf8_is_reported(tmp_path: Path):
    path = tmp_path / "bid.toml"
    path.write_bytes(b'title = "Offre \xe9t\xe9"\n')
    assert problems_of(path)[0].startswith("not valid TOML:")


def test_missing_manifest(tmp_path: Path):
    assert problems_of(tmp_path / "nowhere.toml") == ["manifest file not found"]
    assert problems_of(tmp_path) == ["not a file"]


def test_unreadable_manifest(tmp_path: Path, monkeypatch):
    path = write(tmp_path, MINIMAL)

    def refuse(self, *args, **kwargs):  # as for a file without read permission (root would read it)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    assert problems_of(path)[0].startswith("cannot read:")


def test_stage_imports_nothing_heavy():
    source = (ROOT / "src" / "brochure" / "manifest.py").read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    for line in imports:
        assert not any(name in line for name in ("weasyprint", "jinja2", "click", "commands")), line


@pytest.mark.parametrize("text, expected", [
    (MINIMAL.replace('name = "Ville"', 'name = "Ville"\nlogo = "a\\u0000.png"'), 'buyer.logo: cannot use "a\\u0000.png"'),
    (MINIMAL + f'[[annexes]]\nfile = "{"a" * 5000}.pdf"\ntitle = "A"\n', 'annexes[1].file: cannot use "aaaa'),
    (MINIMAL + '[selection]\nmax_age_years = 5000\n',
     "selection.max_age_years: expected a whole number from 1 to 1000, got 5000"),
    ('"odd\\nkey" = 1\n' + MINIMAL, '"odd\\nkey": unknown key'),
])
def test_hostile_values_are_one_line_problems(tmp_path: Path, text: str, expected: str):
    problems = problems_of(write(tmp_path, text))
    assert any(p.startswith(expected) for p in problems), problems
    assert all(len(p) < 400 for p in problems)
