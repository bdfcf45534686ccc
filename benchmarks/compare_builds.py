"""Do two versions of brochure make the same PDFs, byte for byte?

    python benchmarks/compare_builds.py REV_BEFORE [REV_AFTER]

Each version (a git revision; REV_AFTER defaults to the working tree) builds, from its own
checkout, the bundled content (``build --project collectivites``), the sample bid
(``build --manifest tenders/sample.toml``) and the test site (``build --site tests/hugo_site``),
with the same ``SOURCE_DATE_EPOCH`` and fresh caches, in the same folder one after the other. Every PDF is compared; the exit code is 1
if any differs or is missing. A restructure that changes no behaviour must print "same" only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDS = {
    "bundled": ["build", "--project", "collectivites"],
    "bid": ["build", "--manifest", "tenders/sample.toml"],
    "site": ["build", "--site", "tests/hugo_site"],
}


def checkout(rev: str | None, into: Path) -> None:
    """``rev`` (None: the working tree, tracked and untracked files) at ``into``. Both versions are
    built from the same folder: WeasyPrint names images after their file's URL."""
    if rev is not None:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(into), rev], check=True)
        return
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source, target = ROOT / name, into / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def remove(rev: str | None, tree: Path) -> None:
    if rev is not None:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    shutil.rmtree(tree, ignore_errors=True)


def build_all(tree: Path, out: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "SOURCE_DATE_EPOCH": "1700000000",
           "XDG_CACHE_HOME": str(out / "xdg-cache")}
    for name, args in BUILDS.items():
        done = subprocess.run([sys.executable, "-m", "brochure", *args, "--out", str(out / name), "--no-cache"],
                              cwd=tree, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            print(f"{tree}: {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.pdf")) if ".brochure-cache" not in p.parts}


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    before_rev, after_rev = argv[0], (argv[1] if len(argv) > 1 else None)
    with tempfile.TemporaryDirectory(prefix="brochure-compare-") as tmp:
        work, results = Path(tmp), {}
        tree = work / "tree"
        for side, rev in (("before", before_rev), ("after", after_rev)):
            checkout(rev, tree)
            try:
                results[side] = build_all(tree, work / side)
            finally:
                remove(rev, tree)
    before, after = results["before"], results["after"]
    differ = 0
    for name in sorted(set(before) | set(after)):
        state = ("same" if before.get(name) == after.get(name) else
                 "missing before" if name not in before else "missing after" if name not in after else "DIFFERENT")
        differ += state != "same"
        print(f"{state:15} {name}")
    print(f"{len(before)} PDFs before, {len(after)} after, {differ} not the same")
    return 1 if differ or not before else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
