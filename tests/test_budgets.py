"""Layout budgets: a case study too costly to lay out fails alone, its worker is replaced, the
rest of the build goes on. Budgets are processor time and memory, so a busy machine changes
nothing here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure.config import load_config
from brochure.pool import Budget, Exceeded, Pool

from conftest import build_site, text_of

MIB = 1024 * 1024


def spin() -> None:
    while True:
        pass


def work(payload):
    kind, value = payload
    if kind == "spin":
        spin()
    if kind == "eat":
        hoard = [bytearray(64 * MIB) for _ in range(value)]  # touched: resident
        spin()
        return len(hoard)
    if kind == "die":
        os._exit(3)
    if kind == "raise":
        raise ValueError("broken")
    return value * 2


def test_the_pool_stops_what_is_over_budget_and_goes_on():
    budget = Budget(cpu_seconds=1.0, memory_bytes=512 * MIB)
    # "eat" gets all the processor time it wants: on a virtual machine, faulting in 1 GiB can
    # itself cost more than a second, and then the task would stop for time, not memory
    eater = Budget(cpu_seconds=30.0, memory_bytes=512 * MIB)
    with Pool(2, work) as pool:
        for key, payload in [("spin", ("spin", 0)), ("eat", ("eat", 16)), ("die", ("die", 0)),
                             ("raise", ("raise", 0)), *[(f"ok{n}", ("ok", n)) for n in range(6)]]:
            pool.submit(key, payload, eater if key == "eat" else budget)
        results = dict(pool.results())
    assert isinstance(results["spin"], Exceeded) and results["spin"].what == "time"
    assert results["spin"].used > 1.0
    assert isinstance(results["eat"], Exceeded) and results["eat"].what == "memory"
    assert isinstance(results["die"], Exceeded) and results["die"].what == "died"
    assert isinstance(results["raise"], ValueError)
    assert [results[f"ok{n}"] for n in range(6)] == [0, 2, 4, 6, 8, 10]


def test_a_task_can_be_cancelled_while_it_runs():
    seen = {}
    with Pool(2, work) as pool:
        pool.submit("spin", ("spin", 0), Budget(30, 1 << 40))  # without the cancel: stopped after 30 s
        pool.submit("quick", ("ok", 21), Budget(30, 1 << 40))
        for key, value in pool.results():
            seen[key] = value
            if key == "quick":
                assert pool.running("spin") and pool.cancel("spin") and not pool.running("spin")
    assert seen == {"quick": 42}


@pytest.fixture
def costly(monkeypatch):
    """Layouts that spin for ever when they hold the case study "bomb" (one-pager, brochure or both)."""
    import brochure.commands.run as build_module
    from brochure.commands import schedule

    monkeypatch.setattr(schedule, "EACH", 0.25)  # a quarter of a second more for each other case study: the test
    # stays short (measured: the brochure of six such case studies costs 0.7 s, its budget here is 2.75 s)

    def install(where: set[str]):
        one_pagers, brochure = build_module.one_pagers, build_module.brochure

        def costly_one_pagers(ctx, items):
            if "one-pager" in where and any(i.case.slug == "bomb" for i in items):
                spin()
            return one_pagers(ctx, items)

        def costly_brochure(ctx, items, extras):
            if "brochure" in where and any(i.case.slug == "bomb" for _g, i in items):
                spin()
            return brochure(ctx, items, extras)

        monkeypatch.setattr(build_module, "one_pagers", costly_one_pagers)
        monkeypatch.setattr(build_module, "brochure", costly_brochure)

    return install


def site_with_a_bomb(site) -> Path:
    files = {f"good{n}.md": f"---\ntitle: Bon {n}\nprojects: [collectivites]\n---\nTexte bon {n}.\n" for n in range(5)}
    files["bomb.md"] = "---\ntitle: Bombe\nprojects: [collectivites]\n---\nTexte de la bombe.\n"
    return site(files, config_extra="[limits]\nlayout_seconds = 1\n")


def test_a_case_study_too_costly_fails_alone(site, costly):
    costly({"one-pager", "brochure"})
    root = site_with_a_bomb(site)
    report = build_site(root, jobs=2)
    assert [Path(p.file).name for p in report.errors] == ["bomb.md"]
    message = report.errors[0].message
    assert "one-pager not built" in message and "limits.layout_seconds" in message and "\n" not in message
    assert {o.case for o in report.outputs if o.kind == "one-pager"} == {f"good{n}" for n in range(5)}
    text = text_of(root / "dist/references.pdf")
    assert "Texte bon 4" in text and "Texte de la bombe" not in text


def test_a_case_study_the_brochure_cannot_afford_is_left_out_of_it(site, costly):
    costly({"brochure"})  # its one-pager is fine: the brochure is tried per case study to find it
    root = site_with_a_bomb(site)
    report = build_site(root)
    assert [(Path(p.file).name, p.message.split(":")[0]) for p in report.errors] == [
        ("bomb.md", "left out of the brochure")]
    assert len(PdfReader(root / "dist/one-pagers/bomb.pdf").pages) == 1
    text = text_of(root / "dist/references.pdf")
    assert "Texte bon 0" in text and "Texte de la bombe" not in text


def test_check_lays_out_within_the_same_budgets(site, monkeypatch):
    import brochure.commands.fitting as fitting
    from brochure.commands import schedule
    from brochure.commands.check import check
    from brochure.commands.common import Choice

    monkeypatch.setattr(schedule, "EACH", 0.25)
    original = fitting.one_pagers
    monkeypatch.setattr(fitting, "one_pagers", lambda ctx, items: spin() if any(
        i.case.slug == "bomb" for i in items) else original(ctx, items))
    root = site_with_a_bomb(site)
    report, checked = check(load_config(root / "brochure.toml"), Choice(), layout=True)
    assert checked == 6
    assert [(Path(p.file).name, "limits.layout_seconds" in p.message) for p in report.errors] == [("bomb.md", True)]


def test_a_case_study_too_costly_to_read_fails_alone(site, monkeypatch):
    import brochure.commands.prepare as prepare_module
    from brochure.commands import schedule

    monkeypatch.setattr(schedule, "EACH", 0.25)
    original = prepare_module.prepare
    monkeypatch.setattr(prepare_module, "prepare", lambda ctx, case, term: spin() if case.slug == "bomb"
                        else original(ctx, case, term))
    root = site_with_a_bomb(site)
    report = build_site(root)
    assert [(Path(p.file).name, p.message.split(" stopped")[0]) for p in report.errors] == [("bomb.md", "reading")]
    assert {o.case for o in report.outputs if o.kind == "one-pager"} == {f"good{n}" for n in range(5)}


def test_a_brochure_over_budget_tries_the_suspects_alone_first(monkeypatch):
    from brochure.commands import schedule

    monkeypatch.setattr(schedule, "EACH", 0.25)
    prepared = {slug: slug for slug in ("a", "b", "c", "s")}
    asked = []

    def brochure(without):  # what the brochure's layout gets: the slugs it holds
        asked.append(frozenset(without))
        return sorted(set(prepared) - set(without))

    def work(task):
        if task.kind is schedule.Kind.BROCHURE:
            if "s" in task.payload:
                spin()
            return "made"
        return {slug: "made" for slug in task.payload}

    results = list(schedule.run(work, brochure, prepared, [["a", "b"], ["c"], ["s"]], 2, 1, 512,
                                suspects=frozenset({"s"})))
    assert results[-1] == schedule.BrochureDone("made", frozenset({"s"}))
    assert isinstance(results[-2], schedule.LeftOut) and set(results[-2].errors) == {"s"}
    probes = [w for w in asked if len(w) == len(prepared) - 1]
    assert probes == [frozenset({"a", "b", "c"})]  # only the suspect's part was tried alone
    assert asked[0] == frozenset()  # the brochure waited for the one-pagers, then held everything


def test_no_worker_outlives_a_build_killed_by_sigkill(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text("import time\nfrom brochure.pool import Budget, Pool\n"
                      "def work(p):\n    time.sleep(600)\n"
                      "pool = Pool(2, work)\nfor k in (1, 2):\n    pool.submit(k, k, Budget(600, 1 << 40))\n"
                      "print('ready', flush=True)\nfor _ in pool.results():\n    pass\n")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "ready"
    for _ in range(100):  # the two workers, once forked
        workers = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True).stdout.split()
        if len(workers) == 2:
            break
        time.sleep(0.1)
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()

    def alive(pid: str) -> bool:
        try:
            return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    for _ in range(100):  # killed with their parent, whatever the machine is doing
        if not any(alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)


def test_a_case_study_whose_brochure_layout_fails_is_left_out_of_it(site):
    """Allowed styles that compound (a font-size of 3em in 3em…: a size past Pango's limits, where
    WeasyPrint divides by zero) or nesting too deep for WeasyPrint: its one-pager is cut to fit
    or fails, the brochure is laid out for each case study alone and goes on without it."""
    good = {f"good{n}.md": f"---\ntitle: Bon {n}\nprojects: [collectivites]\n---\nTexte bon {n}.\n" for n in range(3)}
    font = '<span style="font-size:3em">' * 40 + "Gros" + "</span>" * 40
    deep = "<span>" * 300 + "Profond" + "</span>" * 300
    root = site({**good, "font.md": f"---\ntitle: Police\nprojects: [collectivites]\n---\n<p>{font}</p>\n",
                 "deep.md": f"---\ntitle: Profond\nprojects: [collectivites]\n---\n<p>{deep}</p>\n"})
    report = build_site(root, jobs=2)
    left = {Path(p.file).name for p in report.errors if "left out of the brochure" in p.message}
    assert left <= {"font.md", "deep.md"} and {Path(p.file).name for p in report.errors} == {"font.md", "deep.md"}
    assert not any("internal error" in p.message or "\n" in p.message for p in report.errors + report.warnings)
    text = text_of(root / "dist/references.pdf")
    assert all(f"Texte bon {n}" in text for n in range(3)) and "Gros" not in text and "Profond" not in text


def test_a_build_leaves_no_temporary_folder_behind(site, tmp_path, monkeypatch):
    """Workers end with os._exit or are killed: WeasyPrint's font folders (1.6 MB each, in the
    temporary folder) were left behind by every build; they are now removed with their worker."""
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    good = {f"good{n}.md": f"---\ntitle: Bon {n}\nprojects: [collectivites]\n---\nTexte bon {n}.\n" for n in range(3)}
    report = build_site(site(good), jobs=2)
    assert not report.errors
    import gc

    gc.collect()  # what the build process itself rendered is freed with its objects
    assert sorted(p.name for p in scratch.iterdir()) == []
