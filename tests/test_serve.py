"""`brochure serve`, the bid desk: its routes in-process (Starlette's TestClient), every refused
request (no token, a wrong one, a foreign Host, a POST from another site, names and uploads
leading out of the tenders folder, an upload over the cap), and the bid saved as a manifest."""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("tomlkit")
pytest.importorskip("pypdfium2")

from pypdf import PdfReader  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from brochure.serve import bids, routes  # noqa: E402
from brochure.serve.app import make_app  # noqa: E402
from brochure.serve.desk import Desk  # noqa: E402
from brochure.serve.security import COOKIE  # noqa: E402

from conftest import ROOT, copy_repo  # noqa: E402
from desk_browser import case_studies, plain  # noqa: E402

TOKEN = "a-test-token-0123456789"
SAME = {"origin": "http://testserver"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The bundled content and its two sample bids, copied."""
    return copy_repo(tmp_path_factory.mktemp("desk"))


@pytest.fixture(scope="module")
def desk(site) -> Desk:
    return Desk({"config_path": site / "brochure.toml"})


@pytest.fixture
def client(desk):
    with TestClient(make_app(desk, TOKEN, frozenset({"testserver"}), background=False)) as client:
        client.get(f"/?token={TOKEN}", follow_redirects=False)
        yield client


@pytest.fixture
def stranger(desk):
    return TestClient(make_app(desk, TOKEN, frozenset({"testserver"}), background=False))


def new_bid(client, title="Appel d'offres test", buyer="Ville de Test") -> str:
    answer = client.post("/bids", data={"title": title, "buyer": buyer}, headers=SAME)
    assert answer.status_code == 204, answer.text
    return answer.headers["hx-redirect"].split("bid=")[1]


def test_every_request_needs_the_token(stranger):
    for path in ("/", "/cards", "/static/htmx.min.js", "/bids/sample", "/events"):
        answer = stranger.get(path)
        assert answer.status_code == 403, path
    assert stranger.get("/?token=wrong").status_code == 403
    assert stranger.post("/bids", data={"title": "x", "buyer": "y"}, headers=SAME).status_code == 403
    stranger.cookies.set(COOKIE, "wrong")
    assert stranger.get("/").status_code == 403


def test_first_visit_sets_a_strict_httponly_cookie_and_drops_the_token_from_the_address(stranger):
    answer = stranger.get(f"/?token={TOKEN}&bid=sample", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/?bid=sample"
    cookie = answer.headers["set-cookie"]
    assert f"{COOKIE}={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert stranger.get("/?bid=sample").status_code == 200  # the client keeps the cookie


def test_a_foreign_host_is_refused_even_with_the_token(client):
    for host in ("evil.example", "127.0.0.1.evil.example", "testserver.evil", ""):
        assert client.get("/", headers={"host": host}).status_code == 403, host


def test_a_post_from_another_site_is_refused(client, desk):
    before = sorted(desk.tenders.glob("*.toml"))
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "http://testserver", "sec-fetch-site": "same-site"}):
        answer = client.post("/bids", data={"title": "cross", "buyer": "b"}, headers=headers)
        assert answer.status_code == 403, headers
    assert sorted(desk.tenders.glob("*.toml")) == before


def test_library_cards_and_filters(client, desk):
    page = client.get("/")
    assert page.status_code == 200 and "htmx.min.js" in page.text
    assert page.text.count('class="card"') == len(desk.cards) == 10  # the draft is not offered
    etat = client.get("/cards", params={"term": "projects:etat"}).text
    assert 'id="card-ecole-donnees-etat"' in etat and 'id="card-occitanie"' not in etat
    assert client.get("/cards", params={"year": "2019"}).text.count('class="card"') == sum(
        1 for c in desk.cards if c.year == "2019")
    words = client.get("/cards", params={"q": "brocéliande"}).text
    assert words.count('class="card"') == 1 and 'id="card-pays-de-broceliande"' in words


def test_thumbnails_are_the_one_pagers_first_pages_and_badges_say_what_check_says(client, desk):
    assert client.get("/thumbs/occitanie.png").status_code == 404  # not drawn yet
    job = desk.refresh_library()
    assert 'id="library-state"' in client.get("/library/state").text
    for _ in range(1200):
        if job.state != "running":
            break
        time.sleep(0.5)
    assert job.state == "done", job.error
    answer = client.get("/thumbs/occitanie.png")
    assert answer.headers["content-type"] == "image/png"
    from PIL import Image

    image = Image.open(io.BytesIO(answer.content))
    assert abs(image.height / image.width - 297 / 210) < 0.01  # an A4 page
    assert (desk.work / "library" / "one-pagers" / "occitanie.pdf").is_file()
    cards = client.get("/cards").text
    assert "1 warning(s)" in cards and "check: ok" in cards and "empty summary cells" in cards
    assert client.get("/thumbs/not-a-case.png").status_code == 404


def test_key_fact_shows_text_not_markdown(desk):
    facts = [c.question for c in desk.cards if c.question]
    assert facts and not any("](" in f for f in facts)


def test_new_bid_is_a_manifest_in_the_tenders_folder_named_safely(client, desk):
    name = new_bid(client, title="../../etc/Passwd ÉTÉ")
    assert name == "etc-passwd-ete"
    path = desk.tenders / f"{name}.toml"
    assert path.is_file() and bids.problems(path) == []
    assert not (desk.tenders.parent.parent / "etc").exists()


@pytest.mark.parametrize("name", ["..%2F..%2Fbrochure", "UPPER", "a.b", "-dash", "x" * 61])
def test_bid_names_that_are_not_slugs_are_refused(client, name):
    assert client.get(f"/bids/{name}").status_code in (400, 404)
    assert client.post(f"/bids/{name}", data={"title": "x"}, headers=SAME).status_code in (400, 404)


def test_add_reorder_and_exclude_references(client, desk):
    name = new_bid(client, title="Ordre")
    for slug in ("occitanie", "pays-de-broceliande", "grand-est-mobilites"):
        assert client.post(f"/bids/{name}/add", data={"case": slug}, headers=SAME).status_code == 200
    assert client.post(f"/bids/{name}/add", data={"case": "../nope"}, headers=SAME).status_code == 400
    order = ["grand-est-mobilites", "occitanie", "pays-de-broceliande"]
    client.post(f"/bids/{name}/order", data={"cases": order}, headers=SAME)
    assert bids.read_bid(desk.tenders, name).cases == order
    client.post(f"/bids/{name}/up", data={"case": "pays-de-broceliande"}, headers=SAME)
    assert bids.read_bid(desk.tenders, name).cases == ["grand-est-mobilites", "pays-de-broceliande", "occitanie"]
    client.post(f"/bids/{name}/remove", data={"case": "occitanie"}, headers=SAME)
    assert bids.read_bid(desk.tenders, name).cases == ["grand-est-mobilites", "pays-de-broceliande"]


def test_a_manifest_selecting_by_project_lists_what_it_selects(client, desk):
    path = desk.tenders / "by-project.toml"
    path.write_text('# by hand\ntitle = "Par projet"\n\n[buyer]\nname = "Ville"\n\n[selection]\n'
                    'projects = ["etat"]  # the project\n', encoding="utf-8")
    panel = client.get("/bids/by-project").text
    listed = [c.slug for c in desk.cards if "projects:etat" in c.terms]
    assert listed and all(f'data-slug="{slug}"' in panel for slug in listed) and "Selected by project" in panel
    client.post("/bids/by-project/remove", data={"case": listed[0]}, headers=SAME)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# by hand\n") and "projects" not in text
    assert bids.read_bid(desk.tenders, "by-project").cases == listed[1:]


def test_what_content_or_a_bid_holds_is_escaped_and_no_script_runs_but_the_desks(client):
    name = new_bid(client, title="<script>alert(1)</script>", buyer="<img src=x onerror=alert(1)>")
    answer = client.get(f"/?bid={name}")
    assert "<script>alert(1)" not in answer.text and "&lt;script&gt;alert(1)" in answer.text
    assert "<img src=x" not in answer.text
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert not _handlers(answer.text)  # no inline script: the policy would refuse it


def _handlers(page: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {name}" for name, _value in attrs if name.startswith("on"))
            if tag == "script" and not dict(attrs).get("src"):
                found.append("inline script")

    Attributes().feed(page)
    return found


def test_saving_a_manifest_keeps_its_comments_and_untouched_values(client, desk):
    path = desk.tenders / "sample.toml"
    before = path.read_text(encoding="utf-8")
    bid = bids.read_bid(desk.tenders, "sample")
    form = {"title": bid.title, "reference": "2026-AO-099", "date": bid.date, "buyer": bid.buyer,
            "language": bid.language, "pdf_variant": "", "introduction": bid.introduction}
    assert client.post("/bids/sample", data=form, headers=SAME).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('reference = "2026-AO-017"', 'reference = "2026-AO-099"')
    assert bids.problems(path) == []


def test_a_title_left_empty_is_kept_and_an_empty_field_removes_its_key(client, desk):
    name = new_bid(client, title="Titre requis")
    form = {"title": "", "reference": "R-1", "date": "2026-05-04", "buyer": "Ville", "language": "fr",
            "pdf_variant": "pdf/a-2b", "introduction": "Bonjour"}
    client.post(f"/bids/{name}", data=form, headers=SAME)
    bid = bids.read_bid(desk.tenders, name)
    assert (bid.title, bid.reference, bid.date, bid.language, bid.pdf_variant) == (
        "Titre requis", "R-1", "2026-05-04", "fr", "pdf/a-2b")
    client.post(f"/bids/{name}", data={**form, "reference": "", "language": "xx", "pdf_variant": "evil"}, headers=SAME)
    bid = bids.read_bid(desk.tenders, name)
    assert (bid.reference, bid.language, bid.pdf_variant) == ("", "", "")
    assert bid.problems == []


def test_annex_upload_is_checked_cleaned_and_kept_in_the_tenders_folder(client, desk):
    name = new_bid(client, title="Annexes")
    pdf = (ROOT / "tenders" / "annexes" / "kbis.pdf").read_bytes()
    answer = client.post(f"/bids/{name}/annexes", params={"filename": "../../../evil.pdf", "title": "Kbis"},
                         content=pdf, headers=SAME)
    assert answer.status_code == 200, answer.text
    assert (desk.tenders / "annexes" / "evil.pdf").read_bytes() == pdf
    assert bids.read_bid(desk.tenders, name).annexes == [{"file": "annexes/evil.pdf", "title": "Kbis"}]
    assert not (desk.tenders.parent.parent / "evil.pdf").exists()
    assert client.post(f"/bids/{name}/annexes", params={"filename": "x.pdf"}, content=b"<html>",
                       headers=SAME).status_code == 400
    broken = client.post(f"/bids/{name}/annexes", params={"filename": "broken.pdf"}, content=b"%PDF-1.7\ngarbage",
                         headers=SAME)
    assert broken.status_code == 400 and not (desk.tenders / "annexes" / "broken.pdf").exists()


def test_an_upload_through_a_link_leading_out_of_the_tenders_folder_is_refused(client, desk, tmp_path):
    name = new_bid(client, title="Lien")
    outside = tmp_path / "outside"
    outside.mkdir()
    assets = desk.tenders / "assets"
    moved = desk.tenders / "assets-kept"
    assets.rename(moved)
    try:
        assets.symlink_to(outside, target_is_directory=True)
        svg = (moved / "buyer-logo.svg").read_bytes()
        answer = client.post(f"/bids/{name}/logo", params={"filename": "l.svg"}, content=svg, headers=SAME)
        assert answer.status_code == 400 and "outside" in answer.text
        assert list(outside.iterdir()) == []
    finally:
        assets.unlink()
        moved.rename(assets)


def test_the_buyers_logo_is_an_image_kept_in_the_tenders_folder(client, desk, monkeypatch):
    name = new_bid(client, title="Logo")
    svg = (ROOT / "tenders" / "assets" / "buyer-logo.svg").read_bytes()
    answer = client.post(f"/bids/{name}/logo", params={"filename": "../../Logo Ville.svg"}, content=svg, headers=SAME)
    assert answer.status_code == 200, answer.text
    assert (desk.tenders / "assets" / "logo-ville.svg").read_bytes() == svg
    assert bids.read_bid(desk.tenders, name).logo == "assets/logo-ville.svg"
    assert bids.problems(desk.tenders / f"{name}.toml") == []
    for filename, data in (("x.png", b"GIF89a"), ("x.exe", b"MZ"), ("x.svg", b"%PDF-1.7")):
        assert client.post(f"/bids/{name}/logo", params={"filename": filename}, content=data,
                           headers=SAME).status_code == 400, filename
    monkeypatch.setattr(routes, "MAX_LOGO", 100)
    assert client.post(f"/bids/{name}/logo", params={"filename": "big.svg"}, content=svg,
                       headers=SAME).status_code == 413


def test_an_upload_over_the_cap_is_refused_before_it_is_read(client, desk, monkeypatch):
    name = new_bid(client, title="Trop gros")
    monkeypatch.setattr(routes, "MAX_UPLOAD", 1000)
    big = b"%PDF-1.7\n" + b"0" * 5000
    assert client.post(f"/bids/{name}/annexes", params={"filename": "big.pdf"}, content=big,
                       headers=SAME).status_code == 413

    def chunks():  # no Content-Length: counted as it comes
        for _ in range(10):
            yield b"%PDF-" + b"0" * 495

    assert client.post(f"/bids/{name}/annexes", params={"filename": "big.pdf"}, content=chunks(),
                       headers=SAME).status_code == 413
    assert not list((desk.tenders / "annexes").glob("big*"))


def _finished(client, name: str, kind: str) -> str:
    for _ in range(600):
        state = client.get(f"/bids/{name}/{kind}/state").text
        if 'data-state="running"' not in state:
            return state
        time.sleep(0.5)
    raise AssertionError(f"{kind} still running")


def test_preview_and_build_go_through_the_build_and_offer_the_downloads(client, desk):
    name = new_bid(client, title="Construite")
    assert client.post(f"/bids/{name}/build", headers=SAME).status_code == 400  # no reference yet
    order = ["socle-donnees-locales", "grand-est-mobilites"]
    client.post(f"/bids/{name}/order", data={"cases": order}, headers=SAME)
    state = _finished(client, name, "preview") if client.post(f"/bids/{name}/preview", headers=SAME).is_success else ""
    assert 'data-state="done"' in state, state
    assert client.get(f"/bids/{name}/pages/1.png").headers["content-type"] == "image/png"
    assert all(client.get(f"/bids/{name}/singles/{slug}.png").status_code == 200 for slug in order)
    assert client.get(f"/bids/{name}/singles/occitanie.png").status_code == 404  # not in this bid
    assert client.get(f"/bids/{name}/download/pdf").status_code == 404  # a preview is not a build
    first = desk.jobs.get(f"preview:{name}")
    client.post(f"/bids/{name}/order", data={"cases": order[::-1]}, headers=SAME)  # the open preview follows
    assert desk.jobs.get(f"preview:{name}") is not first
    assert 'data-state="done"' in _finished(client, name, "preview")
    assert desk.jobs.get(f"preview:{name}").result["order"] == order[::-1]
    client.post(f"/bids/{name}/order", data={"cases": order}, headers=SAME)
    client.post(f"/bids/{name}/build", headers=SAME)
    assert 'id="download-pdf"' in _finished(client, name, "build")
    brochure = PdfReader(io.BytesIO(client.get(f"/bids/{name}/download/pdf").content))
    assert case_studies(brochure) == [plain(desk.card(s).title) for s in order]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/bids/{name}/download/zip").content))
    assert sorted(archive.namelist()) == sorted(f"{s}.pdf" for s in order)


def test_the_desk_library_never_imports_click():
    import subprocess
    import sys

    code = ("import sys, brochure.serve.app, brochure.serve.runner, brochure.serve.watch; "
            "print('click' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_serve_is_a_command_with_its_options():
    from click.testing import CliRunner

    from brochure.__main__ import cli

    shown = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ("--site", "--config", "--lang", "--section", "--port", "--no-browser"):
        assert option in shown


def test_a_port_in_use_is_one_line_and_exit_2():
    import socket

    from click.testing import CliRunner

    from brochure.__main__ import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = CliRunner().invoke(cli, ["serve", "--config", str(ROOT / "brochure.toml"), "--port", str(port),
                                        "--no-browser"])
    assert done.exit_code == 2
    assert done.output.strip().splitlines() == [f"error: --port: {port} cannot be used on 127.0.0.1: Address already in use"]


CONSULTATION = """RÈGLEMENT DE LA CONSULTATION
Objet : Assistance à maîtrise d'ouvrage pour l'ouverture des données de transport
Date limite de remise des offres : 15 mars 2026 à 12h00

ARTICLE 1 - OBJET DE LA CONSULTATION
Publier les horaires théoriques et temps réel (GTFS, NeTEx) des réseaux sur le point d'accès national,
conformément à la loi d'orientation des mobilités.
"""


def suggested(client, name: str, data: bytes, filename: str):
    return client.post(f"/bids/{name}/suggest", params={"filename": filename}, content=data, headers=SAME)


def test_a_dropped_consultation_ranks_the_library_and_one_click_adds_a_suggestion(client, desk):
    name = new_bid(client, title="Suggestions")
    answer = suggested(client, name, CONSULTATION.encode("utf-8"), "../../rc.txt")
    assert answer.status_code == 200, answer.text
    assert re.findall(r'<li data-slug="([^"]+)"', answer.text)[0] == "grand-est-mobilites"
    first = html.unescape(plain(answer.text.split("</li>")[0]))
    assert "loi d'orientation des mobilités" in first and "point d'accès national" in first
    assert "2022-01-10 · 4.2 y" in first and "from the documents" in plain(answer.text)
    assert f'hx-post="/bids/{name}/add"' in answer.text
    assert not list(desk.work.glob("uploads/*")) and not (desk.tenders / "rc.txt").exists()
    added = client.post(f"/bids/{name}/add", data={"case": "grand-est-mobilites"}, headers=SAME)
    assert added.status_code == 200 and bids.read_bid(desk.tenders, name).cases == ["grand-est-mobilites"]
    again = suggested(client, name, CONSULTATION.encode("utf-8"), "rc.md")
    assert "in the bid" in plain(again.text.split("</li>")[0])


def test_a_bad_consultation_is_one_line_in_the_panel(client, desk, monkeypatch):
    name = new_bid(client, title="Suggestions refusées")
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + " " * (20 * 1024 * 1024) + "</w:body></w:document>")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    for data, filename, said in ((bomb.getvalue(), "rc.docx", "ZIP bomb"), (b"<html>hello</html>", "rc.pdf", "PDF"),
                                 (b"hello", "rc.exe", "unsupported file type .exe")):
        answer = suggested(client, name, data, filename)
        assert answer.status_code == 400, filename
        errors = [line for line in answer.text.splitlines() if 'class="error"' in line]
        assert len(errors) == 1 and said in errors[0] and "consultation-" not in errors[0], errors
    monkeypatch.setattr(routes, "MAX_CONSULTATION", 1000)
    big = suggested(client, name, b"transport " * 200, "rc.txt")
    assert big.status_code == 413 and "at most" in plain(big.text)
    assert not list(desk.work.glob("uploads/*"))


def test_suggestions_need_the_token(stranger):
    assert stranger.post("/bids/sample/suggest", params={"filename": "rc.txt"}, content=b"transport",
                         headers=SAME).status_code == 403
