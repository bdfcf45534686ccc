"""Do two versions of brochure make the same PDFs, byte for byte?

    python benchmarks/compare_builds.py REV_BEFORE [REV_AFTER]

Each version (a git revision; REV_AFTER defaults to the working tree) builds, from its own
checkout, the bundled content (``build --project collectivites``), the sample bid
(``build --manifest tenders/sample.toml``) and the test site (``build --site tests/hugo_site``),
with the same ``SOURCE_DATE_EPOCH`` and fresh caches. Every PDF is compared; the exit code is 1
if any differs or is missing. A restructure that changes no behaviour must print "same" only.
"""

from __future__ import annotations

import hashlib
import os
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


def checkout(rev: str | None, into: Path) -> Path:
    if rev is None:
        return ROOT
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(into), rev], check=True)
    return into


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
        work = Path(tmp)
        trees = []
        try:
            before_tree = checkout(before_rev, work / "before-tree")
            trees.append(before_tree)
            after_tree = checkout(after_rev, work / "after-tree")
            if after_rev is not None:
                trees.append(after_tree)
            before = build_all(before_tree, work / "before")
            after = build_all(after_tree, work / "after")
        finally:
            for tree in trees:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
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
