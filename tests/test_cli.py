"""The command line, run in-process with click's CliRunner."""

import json
import os
import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from brochure.__main__ import cli
from brochure.commands.listing import KEYS

from conftest import ROOT


def invoke(*args, cwd: Path | None = None):
    """Run the CLI in-process, in ``cwd`` when given."""
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def no_traceback(result):
    assert "Traceback" not in result.output and "Traceback" not in (result.stderr or "")


def test_help_and_version():
    result = invoke("--help")
    assert result.exit_code == 0 and "build" in result.output and "list" in result.output
    assert invoke("--version").exit_code == 0


def test_build_json(site):
    root = site(["toml_front_matter.md", "missing_image.md"])
    result = invoke("build", "--project", "collectivites", "--json", cwd=root)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"outputs", "warnings"}
    assert {o["kind"] for o in data["outputs"]} == {"brochure", "one-pager"}
    for output in data["outputs"]:
        assert set(output) == {"kind", "path", "pages", "case"}
        assert len(PdfReader(output["path"]).pages) == output["pages"]
        assert Path(output["path"]).parent.name in ("dist", "one-pagers")
    brochure = next(o for o in data["outputs"] if o["kind"] == "brochure")
    assert brochure["case"] is None and brochure["path"].endswith("dist/collectivites.pdf")
    warning = next(w for w in data["warnings"] if w["case"] == "missing_image")
    assert set(warning) == {"case", "file", "message"} and warning["file"].endswith("missing_image.md")
    # human messages go to stderr only
    assert "warning:" in result.stderr and "missing_image.md" in result.stderr
    no_traceback(result)


def test_build_out_folder_and_flags(site, tmp_path):
    root = site(["toml_front_matter.md"])
    out = tmp_path / "elsewhere"
    result = invoke("build", "--out", str(out), "--no-brochure", "--paper", "letter", cwd=root)
    assert result.exit_code == 0
    assert [p.name for p in (out / "one-pagers").iterdir()] == ["toml_front_matter.pdf"]
    assert not (out / "references.pdf").exists()


def test_unknown_project_exit_2_lists_known(site):
    root = site(["toml_front_matter.md"])
    result = invoke("build", "--project", "nope", cwd=root)
    assert result.exit_code == 2
    assert "nope" in result.stderr and "collectivites" in result.stderr and "entreprises" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    no_traceback(result)


def test_empty_selection_exit_1(site):
    root = site(["draft.md"])
    result = invoke("build", "--project", "collectivites", cwd=root)
    assert result.exit_code == 1 and "no case study selected" in result.stderr


def test_empty_selection_still_names_the_files_that_could_not_be_read(site):
    """The only case study is broken: its error comes first, then why nothing was built."""
    root = site(["bad_yaml.md"])
    for command in ("build", "check", "list"):
        result = invoke(command, cwd=root)
        assert result.exit_code == 1, command
        lines = result.stderr.strip().splitlines()
        assert lines[0].startswith("error: ") and "bad_yaml.md" in lines[0] and "YAML" in lines[0], command
        assert "no case study selected" in lines[-1]
        no_traceback(result)
    data = json.loads(invoke("build", "--json", cwd=root).stdout)
    assert data["errors"][0]["file"].endswith("bad_yaml.md") and "no case study selected" in data["errors"][-1]["message"]
    result = invoke("build", "--config", str(root / "brochure.toml"), "--section", "nowhere", cwd=root)
    assert result.exit_code == 1 and "section folder" in result.stderr and "nowhere" in result.stderr


def test_bad_case_study_exit_1_others_built(site):
    root = site(["toml_front_matter.md", "bad_yaml.md"])
    result = invoke("build", "--json", cwd=root)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert any(e["file"].endswith("bad_yaml.md") for e in data["errors"])
    assert [o["case"] for o in data["outputs"] if o["kind"] == "one-pager"] == ["toml_front_matter"]
    line = next(l for l in result.stderr.splitlines() if "bad_yaml.md" in l)
    assert line.startswith("error: ") and "YAML" in line
    no_traceback(result)


def test_missing_config_exit_2(tmp_path):
    result = invoke("build", cwd=tmp_path)
    assert result.exit_code == 2 and "brochure.toml" in result.stderr
    result = invoke("build", "--config", str(tmp_path / "none.toml"))
    assert result.exit_code == 2 and "none.toml" in result.stderr


def test_bad_option_exit_2():
    assert invoke("build", "--paper", "a3").exit_code == 2
    assert invoke("build", "--nope").exit_code == 2


def test_list_plain_and_json():
    result = invoke("list", "--config", str(ROOT / "brochure.toml"), "--project", "collectivites")
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("occitanie")
    result = invoke("list", "--config", str(ROOT / "brochure.toml"), "--json", "--drafts")
    rows = json.loads(result.stdout)
    assert all(set(r) == set(KEYS) | {"path"} for r in rows)
    assert any(r["draft"] for r in rows)
    assert all(Path(r["path"]).is_file() for r in rows)


def test_list_does_not_import_weasyprint():
    import subprocess
    import sys

    code = ("import sys; from brochure.__main__ import main; sys.argv=['brochure','list','--config',%r];\n"
            "try: main()\nexcept SystemExit: pass\nassert 'weasyprint' not in sys.modules") % str(ROOT / "brochure.toml")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_internal_errors_are_one_line(site, monkeypatch):
    import brochure.commands.build as build_module

    root = site(["toml_front_matter.md"])

    def boom(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(build_module, "build", boom)
    monkeypatch.delenv("BROCHURE_DEBUG", raising=False)
    result = invoke("build", cwd=root)
    assert result.exit_code == 1 and "internal error" in result.stderr
    no_traceback(result)


def test_every_command_and_option_is_documented():
    """README.md and docs/*.md together name every command and option; the command line
    reference (docs/cli.md) names them all itself, and holds the table of exit codes."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    docs = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for text in (docs, reference):
        for name, command in cli.commands.items():
            assert f"brochure {name}" in text, name
            for param in command.params:
                for opt in param.opts:
                    if opt.startswith("--"):
                        assert re.search(rf"{re.escape(opt)}(?![\w-])", text), f"{name} {opt}"
        assert "--version" in text and "--help" in text
    for code in ("0", "1", "2"):
        assert re.search(rf"\|\s*`?{code}`?\s*\|", reference), f"exit code {code}"


def test_readme_quickstart_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S).group(1)
    commands = [l for l in block.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    assert len(commands) == 2
    assert "brochure build --project collectivites" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


def test_check_reports_without_writing(site):
    root = site(["toml_front_matter.md", "bad_yaml.md", "missing_image.md", "long_text.md", "html_wrapper.md"])
    result = invoke("check", "--json", cwd=root)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["checked"] == 4
    assert any(e["file"].endswith("bad_yaml.md") for e in data["errors"])
    messages = " ".join(w["message"] for w in data["warnings"])
    assert "image not found" in messages and "cut" in messages and "Hugo prints it literally" in messages
    assert not (root / "dist").exists()
    no_traceback(result)


def test_check_layout_is_exact_and_clean_content_passes(site):
    root = site(["toml_front_matter.md", "long_text.md"])
    result = invoke("check", "--layout", "--case", "long_text", cwd=root)
    assert result.exit_code == 0 and "one-pager cut to fit one page" in result.stderr
    result = invoke("check", "--strict", "--case", "toml_front_matter", cwd=root)
    assert result.exit_code == 0, result.stderr


def test_check_does_not_import_weasyprint():
    import subprocess
    import sys

    code = ("import sys; from brochure.__main__ import main; sys.argv=['brochure','check','--config',%r];\n"
            "try: main()\nexcept SystemExit: pass\nassert 'weasyprint' not in sys.modules") % str(ROOT / "brochure.toml")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_wrong_bleed_is_one_line_naming_the_option():
    result = invoke("build", "--config", str(ROOT / "brochure.toml"), "--bleed", "3km", "--out", "")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'error: --bleed: expected a length such as 3mm (mm, cm, in, pt or px), got "3km"',
        'error: --out: expected a folder path, got ""']
    no_traceback(result)


def test_the_choices_are_the_options_layer_s():
    from brochure import settings

    params = {p.name: p for p in cli.commands["build"].params}
    assert tuple(params["paper"].type.choices) == settings.PAPERS
    check = {p.name: p for p in cli.commands["check"].params}
    assert tuple(check["paper"].type.choices) == settings.PAPERS
    assert tuple(params["pdf_variant"].type.choices) == settings.PDF_VARIANTS
    assert tuple(params["marks"].type.choices) == tuple(settings.MARKS)
    assert (params["dpi"].type.min, params["dpi"].type.max) == settings.DPI


def test_options_not_given_reach_the_options_layer_as_none(monkeypatch):
    import brochure.commands.tender as tender
    from brochure.errors import ConfigError

    seen = {}

    def record(choice, configuration, given, manifest_path=None):
        seen.update(configuration, **given, manifest_path=manifest_path)
        raise ConfigError("stop")

    monkeypatch.setattr(tender, "request", record)
    assert invoke("build").exit_code == 2
    assert seen and all(value is None for value in seen.values()), seen
    assert invoke("build", "--no-one-pagers", "--original-images", "--screen").exit_code == 2
    assert (seen["one_pagers"], seen["downsample"], seen["screen"], seen["cache"]) == (False, False, True, None)


def test_the_command_line_wins_over_the_manifest_which_wins_over_the_defaults(tmp_path):
    from brochure.commands.common import Choice
    from brochure.commands.tender import request

    manifest = tmp_path / "bid.toml"
    manifest.write_text('title = "T"\n[buyer]\nname = "B"\n[output]\npaper = "letter"\npdf_variant = "pdf/ua-1"\n'
                        'one_pagers = true\n', encoding="utf-8")
    configuration = {"config_path": ROOT / "brochure.toml"}
    _, options = request(Choice(), configuration, {"bleed": " 3 mm", "marks": "both"}, manifest)
    assert (options.paper, options.pdf_variant, options.one_pagers) == ("letter", "pdf/ua-1", True)
    assert (options.bleed, options.marks, options.brochure, options.tender.title) == ("3mm", "crop cross", True, "T")
    _, options = request(Choice(), configuration, {"paper": "A4", "one_pagers": False}, manifest)
    assert (options.paper, options.pdf_variant, options.one_pagers) == ("a4", "pdf/ua-1", False)
    _, options = request(Choice(), configuration, {}, None)
    assert (options.paper, options.pdf_variant, options.one_pagers, options.bleed) == (None, None, True, "")


def test_json_output_escapes_what_a_terminal_would_obey_and_reads_back_the_same():
    import json

    from brochure.__main__ import json_text

    name = "case\u2028\x9b31m\u202eevil\x7f.md"
    text = json_text({"file": name}, indent=2)
    assert json.loads(text) == {"file": name}
    assert not any(c in text for c in "\u2028\x9b\u202e\x7f"), text
