"""One build for the desk, in a process of its own (``python -m brochure.serve.runner REQUEST``).

It runs the library's build exactly as ``brochure build`` does (``commands.tender.request``,
then ``commands.build.build``, with the build cache), then draws what the desk shows. A process
of its own keeps WeasyPrint's memory and the build's worker processes (``pool.py`` forks them)
out of the web server's threads. It prints one JSON object per line on stdout:
``{"progress": [done, total]}`` while laying out, then ``{"result": …}`` (or ``{"error": …}``).
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import outputs
from ..commands.build import build
from ..commands.check import check
from ..commands.common import Choice
from ..commands.options import BuildOptions
from ..commands.tender import request
from ..config import from_command_line
from ..errors import BrochureError, ConfigError
from . import thumbnails


def _say(**message: Any) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _progress(done: int, total: int) -> None:
    _say(progress=[done, total])


def by_case(report) -> dict[str, list[dict[str, str]]]:
    """The report's warnings and errors by case study ("" for the others)."""
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for problem in report.problems:
        found[problem.case or ""].append({"level": problem.level, "message": problem.message if problem.case else str(problem)})
    return dict(found)


def library(job: dict[str, Any]) -> dict[str, Any]:
    """Every case study's one-pager (from the cache when unchanged), its thumbnail, and what
    ``brochure check`` says of it."""
    config = from_command_line(**job["configuration"])
    work = Path(job["work"])
    checked, _count = check(config, Choice())
    options = BuildOptions(out_dir=work / "library", brochure=False, cache_dir=Path(job["cache"]),
                           progress=_progress)
    report = build(config, options)
    for output in report.outputs:
        if output.kind == "one-pager" and output.case:
            thumbnails.thumbnail(output.path, work / "thumbs" / f"{output.case}.png")
    return {"check": by_case(checked), "build": by_case(report)}


def bid(job: dict[str, Any]) -> dict[str, Any]:
    """The bid's manifest built as ``brochure build --manifest`` builds it; its pages drawn
    (a preview) or its one-pagers zipped (a build)."""
    out = Path(job["out"])
    config, options = request(Choice(), job["configuration"],
                              {"out_dir": str(out), "one_pagers": True, "cache_dir": Path(job["cache"])},
                              Path(job["manifest"]))
    report = build(config, replace(options, progress=_progress))
    result: dict[str, Any] = {"problems": by_case(report), "brochure": None, "pages": 0, "zip": None}
    brochures = [o for o in report.outputs if o.kind == "brochure"]
    singles = [o.path for o in report.outputs if o.kind == "one-pager"]
    if brochures:
        result["brochure"] = str(brochures[0].path)
        if job.get("pages"):
            result["pages"] = len(thumbnails.render(brochures[0].path, Path(job["pages"]), 700))
    for output in report.outputs if job.get("pages") else ():
        if output.kind == "one-pager" and output.case:
            thumbnails.thumbnail(output.path, Path(job["pages"]).parent / "singles" / f"{output.case}.png", 240)
    if singles and job.get("zip"):
        target = out / f"{brochures[0].path.stem if brochures else 'one-pagers'}-one-pagers.zip"
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in singles:
                archive.write(path, path.name)
        outputs.write_atomic(target, data.getvalue(), inside=out)
        result["zip"] = str(target)
    result["order"] = [o.case for o in report.outputs if o.kind == "one-pager"]
    return result


def main(argv: list[str]) -> int:
    job = json.loads(argv[1])
    try:
        _say(result=(library if job["kind"] == "library" else bid)(job))
    except ConfigError as exc:
        _say(error=" / ".join(exc.lines()))
    except BrochureError as exc:
        _say(error=str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
