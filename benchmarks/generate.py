"""A synthetic Hugo-like site for benchmarking ``brochure``.

``generate(root, n, seed)`` writes, under ``root``:

* ``brochure.toml`` (company name and logo, ``[content] dir="content" static=["static"]``);
* ``content/projects/<term>/_index.md`` for three projects (title and colour);
* ``content/references/*.md``: ``n`` case studies in French, YAML or TOML front matter
  (title, longTitle, image, date, projects, weight, topQuestion, topAnswer, topPicto), with
  pictos before the headings, lists, links, sometimes a table or subsections, one or two
  screenshots and a final results blockquote. Most are 250–600 words, about one in ten
  900+ words;
* ``static/images/``: small SVG pictos and client logos, and a pool of 20 screenshots
  (PNG and JPEG, 0.5–2 MB each, drawn with Pillow: UI blocks, rendered text, charts, maps,
  photo-like banners with sensor grain) shared by all case studies.

Everything depends only on ``seed`` (and on Pillow's encoders): the same seed gives the same
bytes. Case study ``i`` depends only on ``(seed, i)``, so the first 100 case studies of
``n=500`` are those of ``n=100``. The image pool does not depend on ``n``.

The library is written by ``vocabulary.py`` (the words), ``case_studies.py`` (the Markdown
files), ``svg_images.py`` (pictos and logos) and ``screenshots.py`` with ``shot_drawing.py``
(the screenshot pool); this module puts them together.

    python benchmarks/generate.py /tmp/site --n 500 --seed 1
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from case_studies import Case
from screenshots import write_pool
from svg_images import write_svgs
from vocabulary import PROJECTS


def generate(root: Path, n: int, seed: int = 1, *, force: bool = False, text_only: bool = False) -> Path:
    """Write a synthetic site with ``n`` case studies at ``root``; returns ``root``.

    ``text_only``: the text-heavy library instead, short text-only case studies with their SVG
    pictos, one in ten with one screenshot (the same pool).

    ``root`` must not exist or be empty, unless ``force`` (then ``content/`` and ``static/``
    are replaced).
    """
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        if not force:
            raise FileExistsError(f"{root} is not empty (use force=True)")
        for sub in ("content", "static"):
            shutil.rmtree(root / sub, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    (root / "brochure.toml").write_text(
        '# Synthetic site for benchmarks (benchmarks/generate.py).\n\n'
        '[company]\nname = "Données & Territoires Conseil"\nlogo = "static/images/logo-company.svg"\n\n'
        '[content]\ndir = "content"\nstatic = ["static"]\nsection = "references"\ntaxonomy = "projects"\nlanguage = "fr"\n\n'
        '[output]\ndir = "dist"\npaper = "a4"\ndpi = 300\n', encoding="utf-8")
    for term, (title, color, blurb) in PROJECTS.items():
        folder = root / "content" / "projects" / term
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f'---\ntitle: "{title}"\ncolor: "{color}"\n---\n\n{blurb}\n', encoding="utf-8")
    static = root / "static"
    logos = write_svgs(static)
    shots = write_pool(static, seed)
    refs = root / "content" / "references"
    refs.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        case = Case(seed, i, logos, shots, text_only)
        (refs / f"{case.slug}.md").write_text(case.text(), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic brochure site for benchmarks.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--n", type=int, default=100, help="number of case studies (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text", action="store_true", help="the text-heavy library (short text-only case studies)")
    parser.add_argument("--force", action="store_true", help="replace content/ and static/ if root is not empty")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        generate(args.root, args.n, args.seed, force=args.force, text_only=args.text)
    except OSError as exc:  # a folder in the way, a disk full: one line, no traceback
        print(f"{args.root}: the folder is not empty (use --force to replace content/ and static/)"
              if isinstance(exc, FileExistsError) else f"{args.root}: {exc}", file=sys.stderr)
        return 2
    shots = sorted((args.root / "static" / "images" / "captures").iterdir())
    sizes = [p.stat().st_size for p in shots]
    print(f"wrote {args.n} case studies and {len(shots)} screenshots "
          f"({min(sizes) / 1e6:.2f}–{max(sizes) / 1e6:.2f} MB) to {args.root} in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
