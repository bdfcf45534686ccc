"""brochure suggest: the case studies ranked against a consultation, why each, the manifest written."""

import json
import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.__main__ import cli
from brochure.config import load_config
from brochure.commands.common import Choice, load
from brochure.manifest import load_manifest
from brochure.ranking import METHODS, build_query, rank
from brochure.ranking_terms import Analyzer, fold
from brochure.tender_facts import read_facts

from conftest import ROOT

TRANSPORT = """RÈGLEMENT DE LA CONSULTATION
Objet : Assistance à maîtrise d'ouvrage pour l'ouverture des données de transport
Référence : 2026-AMO-042
Pouvoir adjudicateur : Syndicat mixte des mobilités du Val
Date limite de remise des offres : 15 mars 2026 à 12h00

ARTICLE 1 - OBJET DE LA CONSULTATION
Publier les horaires théoriques et temps réel (GTFS, NeTEx) des réseaux sur le point d'accès national,
conformément à la loi d'orientation des mobilités.

ARTICLE 7 - CRITÈRES DE JUGEMENT DES OFFRES
Valeur technique 60 %, prix 40 %. Protection des données personnelles et confidentialité.
"""


@pytest.fixture(scope="module")
def bundled():
    return load(load_config(ROOT / "brochure.toml"), Choice()).selection.order


def invoke(*args):
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(cli, ["suggest", *map(str, args)], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def tender(tmp_path) -> Path:
    path = tmp_path / "rc.txt"
    path.write_text(TRANSPORT, encoding="utf-8")
    return path


def test_rank_puts_the_case_study_on_the_subject_first_and_says_why(bundled):
    found = rank([TRANSPORT], bundled, top=3, tender_date=date(2026, 3, 15))
    assert [s.rank for s in found] == [1, 2, 3] and found[0].slug == "grand-est-mobilites"
    assert found[0].score > found[1].score > found[2].score
    shown = " · ".join(found[0].matched)
    assert "loi d'orientation des mobilités" in shown and "point d'accès national" in shown
    assert "Assistance à maîtrise d’ouvrage" in found[0].matched  # as the case study writes it (’, not ')
    assert found[0].date == date(2022, 1, 10) and found[0].age_years == 4.2


def test_every_method_ranks_and_the_default_is_full(bundled):
    for method in METHODS:
        assert rank([TRANSPORT], bundled, top=1, method=method, explain=False)[0].slug == "grand-est-mobilites"
    assert len(rank([TRANSPORT], bundled, top=None)) == len(bundled)


def test_title_and_scope_weigh_more_than_the_rules():
    analyzer = Analyzer()
    text = "ARTICLE 1 - OBJET DU MARCHÉ\nCartographie des flux.\nARTICLE 9 - CRITÈRES DE JUGEMENT\nCartographie.\n"
    full = build_query([text], analyzer, "fr", METHODS["full"])
    flat = build_query([text], analyzer, "fr", METHODS["fields"])
    key = analyzer.term("cartographie", "fr")
    assert full[key] > flat[key]  # 2.5 + 0.25 against 1 + 1, saturated alike
    title = build_query(["Objet : cartographie\nautre ligne cartographie"], analyzer, "fr", METHODS["full"])
    assert title[key] > build_query(["cartographie\ncartographie"], analyzer, "fr", METHODS["full"])[key]


def test_boilerplate_words_weigh_less():
    analyzer = Analyzer()
    query = build_query(["candidats soumissionnaires cartographie"], analyzer, "fr", METHODS["full"])
    assert query[analyzer.term("soumissionnaires", "fr")] < query[analyzer.term("cartographie", "fr")]


def test_stems_fold_accents_and_drop_stop_words():
    analyzer = Analyzer()
    assert analyzer.term("Marchés", "fr") == analyzer.term("marché", "fr") == "march"
    assert analyzer.term("données", "fr") == analyzer.term("DONNEES", "fr")
    assert analyzer.term("les", "fr") is None and analyzer.term("the", "en") is None
    assert analyzer.language("the data of the city") == "en" and analyzer.language("les données de la ville") == "fr"
    assert fold("Œuvre Éléments") == "oeuvre elements"


def test_facts_read_from_the_document():
    facts = read_facts(TRANSPORT)
    assert facts.title == "Assistance à maîtrise d'ouvrage pour l'ouverture des données de transport"
    assert facts.reference == "2026-AMO-042" and facts.buyer == "Syndicat mixte des mobilités du Val"
    assert facts.date == date(2026, 3, 15)
    assert read_facts("Marché n° 25S0042\nDate limite de réception des offres : 02/06/2025").date == date(2025, 6, 2)
    assert read_facts("Marché n° 25S0042").reference == "25S0042"
    assert read_facts("Closing date: March 3, 2025").date == date(2025, 3, 3)
    assert read_facts("Rien de tout cela.") == read_facts("")


def test_cli_text_and_json(tender):
    result = invoke(tender, "--top", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:2] == ["1.", "grand-est-mobilites"]
    assert "(from the documents)" in result.stderr and "2026-03-15" in result.stderr
    data = json.loads(invoke(tender, "--top", "2", "--json", "--date", "2027-01-10").stdout)
    assert data["tender"]["date"] == "2027-01-10" and data["tender"]["date_from"] == "--date"
    assert data["tender"]["reference"] == "2026-AMO-042" and data["tender"]["language"] == "fr"
    first = data["suggestions"][0]
    assert set(first) == {"rank", "slug", "title", "score", "matched", "date", "age_years", "path"}
    assert first["age_years"] == 5.0 and first["date"] == "2022-01-10"


def test_cli_selection_options(tender):
    data = json.loads(invoke(tender, "--json", "--project", "etat").stdout)
    assert data["suggestions"] and "grand-est-mobilites" not in {s["slug"] for s in data["suggestions"]}
    assert invoke(tender, "--project", "nope").exit_code == 2


def test_a_bad_document_is_an_error_and_the_others_are_used(tender, tmp_path):
    (tmp_path / "cctp.docx").write_text("not a zip", encoding="utf-8")
    result = invoke(tmp_path / "cctp.docx", tender)
    assert result.exit_code == 1 and "grand-est-mobilites" in result.stdout
    (line,) = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert "cctp.docx" in line
    alone = invoke(tmp_path / "cctp.docx")
    assert alone.exit_code == 1 and "no document could be read" in alone.stderr and not alone.stdout


def test_usage_errors(tender):
    assert invoke(tender, "--date", "15/03/2026").exit_code == 2
    assert invoke(tender, "--top", "0").exit_code == 2
    assert invoke().exit_code == 2


def test_manifest_out_is_a_manifest_bid_reads(tender, tmp_path):
    out = tmp_path / "bids" / "amo.toml"
    out.parent.mkdir()
    result = invoke(tender, "--top", "3", "--manifest-out", out)
    assert result.exit_code == 0, result.stderr
    manifest = load_manifest(out)
    assert manifest.title == "Assistance à maîtrise d'ouvrage pour l'ouverture des données de transport"
    assert manifest.reference == "2026-AMO-042" and manifest.date == date(2026, 3, 15)
    assert manifest.buyer.name == "Syndicat mixte des mobilités du Val" and manifest.language == "fr"
    assert manifest.selection.cases[0] == "grand-est-mobilites" and len(manifest.selection.cases) == 3
    assert manifest.output.file == "2026-AMO-042-references.pdf"
    assert os.listdir(out.parent) == ["amo.toml"]  # written through a temporary file, nothing left beside
    before = out.read_bytes()
    again = invoke(tender, "--top", "2", "--manifest-out", out)
    assert again.exit_code == 2 and "--force" in again.stderr and out.read_bytes() == before
    assert invoke(tender, "--top", "2", "--manifest-out", out, "--force").exit_code == 0
    assert len(tomllib.loads(out.read_text(encoding="utf-8"))["selection"]["cases"]) == 2


def test_manifest_out_builds_a_bid(tender, tmp_path):
    out = tmp_path / "amo.toml"
    assert invoke(tender, "--top", "2", "--manifest-out", out).exit_code == 0
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        built = CliRunner().invoke(cli, ["build", "--manifest", str(out), "--out", str(tmp_path / "dist"), "--json"],
                                   catch_exceptions=False)
    finally:
        os.chdir(old)
    assert built.exit_code == 0, built.stderr
    outputs = json.loads(built.stdout)["outputs"]
    assert [Path(o["path"]).name for o in outputs] == ["2026-AMO-042-references.pdf"]


def test_manifest_out_without_a_date_leaves_it_to_the_build(tmp_path):
    (tmp_path / "cctp.md").write_text("# Objet\n\nOuverture des données de transport, GTFS et NeTEx.\n", encoding="utf-8")
    assert invoke(tmp_path / "cctp.md", "--top", "1", "--manifest-out", tmp_path / "bid.toml").exit_code == 0
    manifest = load_manifest(tmp_path / "bid.toml")
    assert manifest.date is None and manifest.reference is None and manifest.title == "Consultation cctp"
    assert manifest.buyer.name == "À compléter" and manifest.selection.cases == ("grand-est-mobilites",)


def test_manifest_out_must_be_toml(tender, tmp_path):
    result = invoke(tender, "--manifest-out", tmp_path / "bid.pdf")
    assert result.exit_code == 2 and not (tmp_path / "bid.pdf").exists()


def test_help_does_not_load_the_readers_or_the_stemmer():
    code = ("import sys; from brochure.__main__ import main; sys.argv = ['brochure', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pypdf', 'snowballstemmer', 'brochure.ranking', 'defusedxml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
