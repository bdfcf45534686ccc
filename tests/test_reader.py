import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from brochure import reader
from brochure.errors import ContentError

from conftest import FIXTURES, ROOT


def read(path: Path):
    meta, body, notes = reader.read_file(path)
    return reader.case_from(path, meta, body, "projects")[0]


def test_seed_yaml_with_string_weight():
    case = read(ROOT / "content" / "references" / "occitanie.md")
    assert case.weight == 10
    assert case.projects == ["collectivites"]
    assert case.date == datetime(2018, 9, 17, 14, 35, 39, tzinfo=timezone.utc)
    assert "![Fleche vers la droite]" in case.params["topQuestion"]
    assert case.body.startswith('<div class="alignement">')


SEED_SHA256 = "a64f885e0f57923941cb245ba7bac6696c236226bd4a952ddf9af7f4fab916e4"


def test_seed_file_is_the_shared_seed_unchanged():
    data = (ROOT / "content" / "references" / "occitanie.md").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
    seed = ROOT.parent / "shared" / "seed" / "000_ae9cb9dc819ed77e.txt"
    if seed.is_file():  # beside the checkout, as in CI
        assert data == seed.read_bytes()


def test_toml_front_matter():
    case = read(FIXTURES / "toml_front_matter.md")
    assert case.title.startswith("Syndicat des eaux")
    assert case.weight == 20
    assert case.date == datetime(2021, 3, 1, tzinfo=timezone.utc)
    assert case.params["topAnswer"] == "8 mois"


def test_empty_weight_means_unweighted():
    assert read(FIXTURES / "empty_weight.md").weight == 0


def test_json_front_matter_on_one_line():
    case = read(FIXTURES / "json_front_matter.md")
    assert case.title == "JSON sur une ligne" and case.projects == ["entreprises"] and case.weight == 7
    assert "**JSON**" in case.body


def test_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: \"Avec BOM\"\r\nweight: 3\r\n---\r\nCorps\r\n")
    case = read(path)
    assert case.title == "Avec BOM" and case.weight == 3 and case.body.strip() == "Corps"


def test_cp1252_is_read_with_a_warning(tmp_path: Path):
    path = tmp_path / "word.md"
    path.write_bytes("---\ntitle: Collé depuis Word\n---\nL’été\n".encode("cp1252"))
    meta, body, notes = reader.read_file(path)
    assert meta["title"] == "Collé depuis Word" and "L’été" in body
    assert notes and "UTF-8" in notes[0]


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("bad_yaml.md", None, "YAML front matter"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("unclosed.md", "---\ntitle: x\n", "not closed"),
        ("bad_toml.md", "+++\ntitle = \n+++\n", "TOML"),
        ("bad_json.md", '{"title": }\nbody', "JSON"),
        ("list_fm.md", "---\n- a\n- b\n---\n", "keys and values"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path: Path, name, text, expected):
    path = FIXTURES / name if text is None else tmp_path / name
    if text is not None:
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ContentError) as err:
        reader.read_file(path)
    message = str(err.value)
    assert expected in message and str(path) in message and "\n" not in message


def test_yaml_error_has_the_file_line():
    with pytest.raises(ContentError) as err:
        reader.read_file(FIXTURES / "bad_yaml.md")
    assert err.value.line in (2, 3, 4, 5)
    assert "started at line 2" in str(err.value)


# As Go's cast.ToInt, checked against Hugo 0.111 and 0.168: a float is cut, true is 1, a string
# is Go's syntax (base prefixes; a leading 0 is octal; "3.0" is 3).
@pytest.mark.parametrize("value, expected", [(None, 0), ("", 0), (0, 0), (5, 5), ("12", 12), (3.0, 3), (2.7, 2),
                                             (True, 1), ("010", 8), ("0x10", 16), ("3.0", 3), ("-4", -4), ("1_000", 1000)])
def test_weights(value, expected):
    assert reader.parse_weight(value) == expected


@pytest.mark.parametrize("value", ["abc", " 7 ", [1], "2.5", "08", {"a": 1}, 2 ** 70])
def test_weights_hugo_reads_as_zero(value):
    with pytest.raises(ValueError):
        reader.parse_weight(value)


def test_dates():
    utc = timezone.utc
    assert reader.parse_date("2024-03-31") == datetime(2024, 3, 31, tzinfo=utc)
    assert reader.parse_date("2024-03-31T10:00:00+01:00").utcoffset().total_seconds() == 3600
    assert reader.parse_date("2024-03-31T10:00:00Z") == datetime(2024, 3, 31, 10, tzinfo=utc)
    assert reader.parse_date("2024-03-31 10:00:00").tzinfo is not None
    # Go's other layouts, and seconds since 1970 (as Hugo 0.111 and 0.168 read them)
    assert reader.parse_date("Mon, 02 Jan 2006 15:04:05 MST").timestamp() == 1136214245
    assert reader.parse_date("02 Jan 2006").timestamp() == 1136160000
    assert reader.parse_date("2006-01-02 15:04:05 +0200").timestamp() == 1136207045
    assert reader.parse_date(1600000000).timestamp() == 1600000000
    for no_date in ("2024-02-31", "January 2, 2006", "2006/01/02", "20240331", [2020]):
        with pytest.raises(ValueError):
            reader.parse_date(no_date)


def test_values_hugo_cannot_use_are_read_as_hugo_reads_them_with_a_warning(tmp_path: Path):
    """Hugo publishes the page (weight 0, no title, not a draft, no terms, undated: 0.111 does, newer
    versions stop the build on a date): it is read, never refused."""
    section = tmp_path / "references"
    section.mkdir()
    (section / "x.md").write_text("---\ntitle: [a, b]\nweight: abc\ndraft: oui\nprojects: {a: 1}\n"
                                  "date: 2024-02-31\n---\nTexte.\n", encoding="utf-8")
    cases, problems = reader.read_cases(section, "projects")
    [case] = cases
    assert (case.title, case.sort_title, case.weight, case.draft, case.projects, case.date) == ("x", "", 0, False, [], None)
    assert all(p.level == "warning" for p in problems)
    said = " ".join(p.message for p in problems)
    for part in ("title", "weight 'abc'", "draft 'oui'", "projects {'a': 1}", "date '2024-02-31'"):
        assert part in said


@pytest.mark.parametrize("text", ["Texte sans front matter.\n", ""])
def test_a_page_without_front_matter_is_a_page_without_title(tmp_path: Path, text):
    path = tmp_path / "plain.md"
    path.write_text(text, encoding="utf-8")
    meta, body, notes = reader.read_file(path)
    assert meta == {} and body == text and "no front matter" in notes[0]
    assert read(path).title == "plain" and read(path).sort_title == ""


def test_projects_as_a_string_is_one_project_silently():
    """As in Hugo, which reads a lone string as one term without a word."""
    meta, body, _ = reader.read_file(FIXTURES / "projects_string.md")
    case, notes = reader.case_from(FIXTURES / "projects_string.md", meta, body, "projects")
    assert case.projects == ["collectivites"] and not notes


def test_terms_are_keyed_as_hugo_keys_them():
    terms, notes = reader.parse_terms(["Collectivités Locales", "x, y", 1, 2.5, True, None, ["n"]], "tags")
    assert terms == ["collectivités-locales", "x-y", "1", "2.5", "true"]
    assert len(notes) == 1 and "['n']" in notes[0]


def test_numeric_title_and_leading_space_title(tmp_path: Path):
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: 2024\n---\n", encoding="utf-8")
    assert read(path).title == "2024"
    path.write_text('---\ntitle: "  Espace devant"\n---\n', encoding="utf-8")
    case = read(path)
    assert case.title == "  Espace devant" and case.display_title == "Espace devant"


def test_read_cases_isolates_bad_files_and_duplicate_slugs(tmp_path: Path):
    section = tmp_path / "references"
    (section / "bundle").mkdir(parents=True)
    (section / "good.md").write_text("---\ntitle: Bon\n---\n", encoding="utf-8")
    (section / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (section / "bundle" / "index.md").write_text("---\ntitle: Bundle\nslug: good\n---\n", encoding="utf-8")
    (section / "_index.md").write_text("---\ntitle: List page\n---\n", encoding="utf-8")
    cases, problems = reader.read_cases(section, "projects")
    assert [c.slug for c in cases] == ["good"]
    errors = [p for p in problems if p.level == "error"]
    assert len(errors) == 2 and "bad.md" in {Path(p.file).name for p in errors}
    duplicate = next(p for p in errors if "same slug" in p.message)
    assert {Path(duplicate.file).name, Path(str(cases[0].path)).name} == {"good.md", "index.md"}


def test_terms_are_read_and_lower_cased(tmp_path: Path):
    folder = tmp_path / "projects" / "Collectivites"
    folder.mkdir(parents=True)
    (folder / "_index.md").write_text('---\ntitle: "Collectivités"\ncolor: "#173541"\nlight: true\n---\n', encoding="utf-8")
    terms, problems = reader.read_terms(tmp_path / "projects")
    assert terms["collectivites"].title == "Collectivités" and terms["collectivites"].color == "#173541"
    assert terms["collectivites"].light and not problems


def test_bundled_terms_have_titles_and_colours():
    terms, problems = reader.read_terms(ROOT / "content" / "projects")
    assert not problems
    assert terms["collectivites"].title == "Collectivités territoriales"
    assert terms["collectivites"].color.lower() == "#173541"
    assert len(terms) >= 3


def test_content_files_are_never_written(tmp_path: Path):
    section = tmp_path / "references"
    section.mkdir()
    path = section / "a.md"
    path.write_text("---\ntitle: A\n---\n", encoding="utf-8")
    before = path.stat().st_mtime_ns
    reader.read_cases(section, "projects")
    assert path.stat().st_mtime_ns == before
