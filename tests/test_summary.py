"""The summary table's cells state facts under the right labels: a value fills a column only when
it means that column (a key fact only when its question is a duration, a title only through the
configuration's pattern), and `brochure check` lists the case studies whose cells are empty."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.__main__ import cli
from brochure.commands.summary import facts, gaps, is_duration, keep_together, split_title
from brochure.config import load_config
from brochure.errors import ConfigError
from brochure.reader import case_from, read_source

NBSP = "\u00a0"


@pytest.mark.parametrize("question", [
    "Durée de l'intervention ![Fleche vers la droite](/images/white-dotted-arrow.svg)",
    "Durée de l'intervention (en cours) ![x](/images/arrow.svg)",
    "Durée", "DURÉE :", "Duree de la mission", "**Durée** de notre accompagnement", "Durée totale du projet",
    "Période d'intervention", "Combien de temps ?", "Duration", "Project duration", "Length of engagement",
    "Engagement length", "Length of the assignment", "How long did it last?", "Time frame", "Overall duration",
    "Durée du marché", "<span>Durée</span> de la prestation",
])
def test_a_question_asking_how_long_the_work_lasted_is_a_duration(question):
    assert is_duration(question)


@pytest.mark.parametrize("question", [
    "Nombre de collectivités", "Collectivités impliquées", "Agents formés", "Communes accompagnées",
    "Jeux de données diffusés", "Sessions animées", "Durée moyenne de traitement", "Réduction de la durée",
    "Durée de vie des équipements", "Durée d'attente au guichet", "Length of cycle paths", "Average duration",
    "Duration of the waiting time", "Nombre de jours", "Budget", "", "Durée ou budget : durée",
])
def test_any_other_question_is_not(question):
    assert not is_duration(question)


@pytest.mark.parametrize(("title", "pattern", "expected"), [
    ("Région Occitanie - Accompagnement de l'ouverture", "{client} - {mission}",
     {"client": "Région Occitanie", "mission": "Accompagnement de l'ouverture"}),
    ("Région Occitanie – Open data – phase 2", "{client} - {mission}",  # any dash; the first one splits
     {"client": "Région Occitanie", "mission": "Open data – phase 2"}),
    ("Ville de Saint-Denis - Open data", "{client} - {mission}", {"client": "Ville de Saint-Denis", "mission": "Open data"}),
    ("Grand Est Mobilités: une stratégie", "{client} : {mission}", {"client": "Grand Est Mobilités", "mission": "une stratégie"}),
    ("Grand Est Mobilités\u202f: une stratégie", "{client}: {mission}", {"client": "Grand Est Mobilités", "mission": "une stratégie"}),
    ("Open data (Région Sud, 2019)", "{mission} ({client}, {year})", {"mission": "Open data", "client": "Région Sud", "year": "2019"}),
    ("Saint-Denis", "{client} - {mission}", {}),  # a hyphen inside a name is not the separator
    ("Accompagnement de la Région Occitanie", "{client} - {mission}", {}),
    ("Région - ", "{client} - {mission}", {}),
    ("Région - Mission", "", {}),  # no pattern: nothing is guessed
])
def test_a_title_is_split_only_by_the_configured_pattern(title, pattern, expected):
    assert split_title(title, pattern) == expected


def test_a_number_keeps_its_unit_on_its_line():
    assert keep_together("4 / mois") == f"4{NBSP}/{NBSP}mois"
    assert keep_together("3 000 jeux en 2 ans (en cours)") == f"3{NBSP}000{NBSP}jeux en 2{NBSP}ans (en cours)"


def case_file(tmp_path: Path, front: str, name: str = "cas.md") -> Path:
    folder = tmp_path / "content" / "references"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front}---\nTexte.\n", encoding="utf-8")
    return folder / name


def setup(tmp_path: Path, front: str, toml: str = ""):
    path = case_file(tmp_path, front)
    (tmp_path / "brochure.toml").write_text('[content]\ndir = "content"\nstatic = []\n' + toml, encoding="utf-8")
    config = load_config(tmp_path / "brochure.toml")
    meta, body, _notes, _line = read_source(path)
    return config, case_from(path, meta, body, config.taxonomy)[0]


def test_a_key_fact_that_is_not_a_duration_leaves_the_duration_empty(tmp_path: Path):
    config, case = setup(tmp_path, 'title: "Données locales : un socle"\ntopQuestion: Collectivités impliquées\n'
                                   'topAnswer: "120"\ndate: 2023-04-03\n')
    cells = facts(config, case, "Collectivités territoriales")
    assert cells["duration"] == "" and cells["year"] == "2023" and cells["project"] == "Collectivités territoriales"
    assert cells["client"] == "" and cells["mission"] == ""  # the title is no client, no mission
    assert cells["amount"] == cells["role"] == ""
    # a bid naming the key fact's answer as its duration field changes nothing: it is still not one
    assert facts(config, case, "", "topAnswer")["duration"] == ""
    said = gaps(config, case, ("client", "mission", "duration", "year", "project"))
    assert said.startswith("empty cells: client") and "mission" in said
    assert "the key fact “Collectivités impliquées” is not a duration" in said and "year" not in said


def test_a_duration_key_fact_and_named_fields_fill_their_columns(tmp_path: Path):
    config, case = setup(tmp_path, 'title: Open data\nclient: Région Sud\nmission: AMO open data\nrole: Mandataire\n'
                                   'amount: 150000\ntopQuestion: "Durée de l\'intervention ![x](/a.svg)"\n'
                                   'topAnswer: 4 / mois\n')
    cells = facts(config, case, "P")
    assert cells["client"] == "Région Sud" and cells["mission"] == "AMO open data" and cells["role"] == "Mandataire"
    assert cells["duration"] == f"4{NBSP}/{NBSP}mois" and cells["amount"] == "150\u202f000"
    assert cells["year"] == ""  # undated: no year
    assert gaps(config, case, ("client", "mission", "duration", "amount", "role", "project")) == ""
    assert "year (front-matter key year; no date)" in gaps(config, case, ("year",))


def test_the_duration_field_wins_and_the_title_pattern_gives_client_and_mission(tmp_path: Path):
    config, case = setup(tmp_path, 'title: "Région Occitanie - Accompagnement de l\'ouverture"\nduree: 3 ans\n'
                                   'longTitle: "Région Occitanie - Accompagnement de l\'ouverture"\n'
                                   'topQuestion: Durée\ntopAnswer: 2 ans\nyear: "2018-2021"\n',
                         '[fields]\nduration = ["duree"]\n[summary]\ntitle_pattern = "{client} - {mission}"\n')
    cells = facts(config, case, "P")
    assert cells["client"] == "Région Occitanie"
    assert cells["mission"].startswith("Accompagnement de l")  # the longTitle is the whole title: not a mission
    assert cells["duration"] == f"3{NBSP}ans" and cells["year"] == "2018-2021"
    assert facts(config, case, "P", "topAnswer")["duration"] == f"2{NBSP}ans"  # asked first, and a duration


def test_a_mission_never_repeats_the_client(tmp_path: Path):
    config, case = setup(tmp_path, 'title: T\nclient: Ville de Brest\nmission: " ville de  Brest"\n')
    assert facts(config, case, "P")["mission"] == ""


@pytest.mark.parametrize(("pattern", "message"), [
    ('"{client} - {budget}"', "summary.title_pattern: {budget} is not one of client, mission"),
    ('"{client} - {client}"', "summary.title_pattern: {client} is named twice"),
    ('"client - mission"', "summary.title_pattern: no {name} in it"),
    ('"{client}{mission}"', "summary.title_pattern: two {names} need some text between them"),
    ('"{client} - {mission"', "summary.title_pattern: two {names} need some text between them"),
    ("3", "summary.title_pattern: expected a pattern such as"),
])
def test_a_wrong_title_pattern_is_named(tmp_path: Path, pattern: str, message: str):
    (tmp_path / "content").mkdir()
    (tmp_path / "brochure.toml").write_text(f'[content]\nstatic = []\n[summary]\ntitle_pattern = {pattern}\n'
                                            'columns = ["client", "budget"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "brochure.toml")
    lines = caught.value.lines()
    assert any(message in line for line in lines), lines
    assert any('summary.columns[2]: expected one of client, mission' in line for line in lines), lines


def test_check_lists_the_case_studies_with_empty_summary_cells(site):
    root = site({"vide.md": "---\ntitle: Vide\nprojects: [collectivites]\ntopQuestion: Agents formés\n"
                            "topAnswer: '450'\n---\nTexte.\n",
                 "plein.md": "---\ntitle: Plein\nclient: Ville\nmission: Conseil\nprojects: [collectivites]\n"
                             "date: 2020-01-01\ntopQuestion: Durée\ntopAnswer: 2 ans\n---\nTexte.\n"})
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["check", "--strict", "--json"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output  # neither a warning nor an error
    data = json.loads(result.stdout)
    assert [entry["case"] for entry in data["summary"]] == ["vide"]
    message = data["summary"][0]["message"]
    assert message.startswith("empty cells: client (front-matter key client; or [summary] title_pattern)")
    assert "duration (front-matter key duration; the key fact “Agents formés” is not a duration)" in message
    assert "year (front-matter key year; no date)" in message
    assert f"summary: {root / 'content/references/vide.md'}: empty cells: client" in result.stderr
