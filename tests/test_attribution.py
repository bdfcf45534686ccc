"""Warnings name the right case study, even when one-pagers are laid out together in batches."""

from __future__ import annotations

import io
import socket
from pathlib import Path

from PIL import Image

from conftest import build_site


def closed_port() -> int:
    """A loopback port nothing listens on: a request there is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_refused_resource_is_reported_under_its_own_case_study_only(site):
    port = closed_port()
    files = {f"case{n:02d}.md": f"---\ntitle: Cas {n}\nprojects: [collectivites]\n---\n![i](/images/shared.png)\n\nTexte {n}.\n"
             for n in range(12)}  # 12 case studies: batches of 3, laid out together
    files["case04.md"] = (f"---\ntitle: Cas 4\nprojects: [collectivites]\n---\n![i](/images/shared.png)\n\n"
                          f"![r](http://127.0.0.1:{port}/remote.png)\n\nTexte 4.\n")
    files["case07.md"] = "---\ntitle: Cas 7\nprojects: [collectivites]\n---\n![b](/images/broken.png)\n\nTexte 7.\n"
    root = site(files)
    (root / "static/images/shared.png").write_bytes(png())
    (root / "static/images/broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image" * 10)
    report = build_site(root, allow_network=True, jobs=2)
    assert report.errors == []
    about = {}
    for problem in report.warnings:
        about.setdefault(problem.message, set()).add(Path(problem.file).name if problem.file else None)
    remote = [m for m in about if f"127.0.0.1:{port}" in m]
    broken = [m for m in about if "broken.png" in m]
    assert remote and broken, sorted(about)
    for message in remote:
        assert about[message] == {"case04.md"}, (message, about[message])
    for message in broken:
        assert about[message] == {"case07.md"}, (message, about[message])
    # nothing else is said about the ten others
    others = {name for names in about.values() for name in names} - {"case04.md", "case07.md"}
    assert others == set(), sorted(about.items())


def test_a_message_naming_a_huge_data_url_is_one_short_line_under_its_case_study(site):
    """WeasyPrint's "Failed to load image at 'data:…'" quotes the whole URL: 4.8 MB on one line."""
    import base64
    import os

    junk = base64.b64encode(os.urandom(300_000)).decode()
    root = site({"bon.md": "---\ntitle: Bon\nprojects: [collectivites]\n---\nTexte bon.\n",
                 "junk.md": f"---\ntitle: Junk\nprojects: [collectivites]\n---\n![j](data:image/png;base64,{junk})\n"})
    report = build_site(root, jobs=1, brochure=False)
    mine = [w for w in report.warnings if w.file.endswith("junk.md")]
    assert mine and all(len(w.message) < 500 and "\n" not in w.message for w in mine), [len(w.message) for w in mine]
    assert not [w for w in report.warnings if w.file.endswith("bon.md")]
