"""The Markdown table of the benchmark harness (``run.py``): one row per figure and library
size N (value, ratio to the floor, target, pass or FAIL), then the growth of the cold build
time between sizes and ``brochure --help`` against ``import weasyprint``."""

from __future__ import annotations

from measurements import Figures

MB = 1_000_000
Row = tuple[str, str, str, str, str, str]  # figure, N, value, ratio, target, pass


def _s(v):
    return "n/a" if v is None else f"{v:.2f} s"


def _mb(v):
    return "n/a" if v is None else f"{v / MB:.1f} MB"


def _x(v):
    return "n/a" if v is None else f"{v:.2f}×"


def _ratio(a, b):
    return a / b if a is not None and b else None


def _verdict(ok):
    return "—" if ok is None else ("pass" if ok else "**FAIL**")


def _na(fig: Figures, key: str, text: str) -> str:
    return f"{text} ({fig.why[key]})" if text == "n/a" and key in fig.why else text


def _same(compared: int, differ: list[str]) -> str:
    return f"identical ({compared} PDFs)" if not differ else \
        f"{len(differ)} of {compared} differ: {', '.join(differ[:2])}{'…' if len(differ) > 2 else ''}"


def _n(fig: Figures) -> str:
    return str(fig.n) if fig.kind == "images" else f"{fig.n} {fig.kind}"


def _floor_rows(fig: Figures) -> list[Row]:
    v, n = fig.values, _n(fig)
    floor, fsize = v.get("floor"), v.get("floor_size")
    pages = f" ({v['floor_pages']} pages)" if v.get("floor_pages") else ""
    return [("floor: plain WeasyPrint on the brochure HTML", n, _na(fig, "floor", _s(floor)),
             "1.00×" if floor else "n/a", "(reference)", "—"),
            ("floor PDF size", n, _na(fig, "floor_size", _mb(fsize)) + pages, "1.00×" if fsize else "n/a",
             "(reference)", "—")]


def _time_rows(fig: Figures) -> list[Row]:
    v, n = fig.values, _n(fig)
    floor = v.get("floor")
    r = _ratio(v.get("cold"), floor)
    big = fig.n in (100, 500)
    most = 1.5 if fig.kind == "text" else 1.3  # issue 21: text-heavy libraries at most 1.5× the floor
    rows = [("cold build, brochure + all one-pagers (default --jobs)", n, _na(fig, "cold", _s(v.get("cold"))),
             _x(r), f"≤ {most}× floor" if big else f"(≤ {most}× at N=100, 500)",
             _verdict(r <= most if (big and r is not None) else None))]
    for key, label in (("cold_j1", "cold build --jobs 1"), ("cold_j2", "cold build --jobs 2")):
        rows.append((label, n, _na(fig, key, _s(v.get(key))), _x(_ratio(v.get(key), floor)), "", "—"))
    speedup = _ratio(v.get("cold_j1"), v.get("cold_j2"))
    rows.append(("--jobs 2 speedup over --jobs 1 (cold)", n, _na(fig, "cold_j2", _x(speedup)), "", "≥ 1.6×",
                 _verdict(None if speedup is None else speedup >= 1.6)))
    r = _ratio(v.get("warm"), floor)
    rows.append(("warm rebuild, nothing changed", n, _na(fig, "warm", _s(v.get("warm"))), _x(r), "≤ 0.1× floor",
                 _verdict(None if r is None else r <= 0.1)))
    r = _ratio(v.get("edit"), floor)
    rows.append(("rebuild after editing one case study", n, _na(fig, "edit", _s(v.get("edit"))), _x(r), "≤ 1.1× floor",
                 _verdict(None if r is None else r <= 1.1)))
    return rows


def _size_rows(fig: Figures) -> list[Row]:
    v, n = fig.values, _n(fig)
    fsize = v.get("floor_size")
    r = _ratio(v.get("brochure_size"), fsize)
    pages = f" ({v['brochure_pages']} pages)" if v.get("brochure_pages") else ""
    rows = [("brochure size (default, 300 dpi)", n, _na(fig, "brochure_size", _mb(v.get("brochure_size"))) + pages, _x(r),
             "≤ 0.25× floor size", _verdict(None if r is None else r <= 0.25))]
    r = _ratio(v.get("screen_size"), fsize)
    rows.append(("brochure size --screen (150 dpi)", n, _na(fig, "screen_size", _mb(v.get("screen_size"))), _x(r),
                 "≤ 0.15× floor size", _verdict(None if r is None else r <= 0.15)))
    count = v.get("one_pagers_count")
    rows.append((f"one-pagers total size ({count if count is not None else '?'} files)", n,
                 _na(fig, "one_pagers_size", _mb(v.get("one_pagers_size"))), _x(_ratio(v.get("one_pagers_size"), fsize)),
                 "", "—"))
    return rows


def _memory_rows(fig: Figures) -> list[Row]:
    v, n = fig.values, _n(fig)
    rows = []
    at500 = fig.n == 500
    for key, label in (("rss_max", "peak RSS, largest process (wait4 ru_maxrss)"),
                       ("rss_tree", "peak memory, whole process tree (sampled PSS sum)")):
        value = v.get(key)
        rows.append((label, n, _na(fig, key, _mb(value)), "", "< 1 GB at N=500" if at500 else "(< 1 GB at N=500)",
                     _verdict(value < 1e9 if (at500 and value is not None) else None)))
    if v.get("floor_rss"):
        rows.append(("peak RSS of the floor (plain WeasyPrint, same HTML)", n, _mb(v["floor_rss"]), "", "(reference)",
                     "—"))
    return rows


def _identity_rows(fig: Figures) -> list[Row]:
    v, n = fig.values, _n(fig)
    same = v.get("identical")
    if same is None:
        rows = [("cached rebuild vs --no-cache build: PDF bytes", n, _na(fig, "identical", "n/a"), "", "identical", "—")]
    else:
        compared, differ = same
        rows = [("cached rebuild vs --no-cache build: PDF bytes", n, _same(compared, differ), "", "identical",
                 _verdict(not differ))]
    labels = {"cold": "later default cold runs", "cold_j1": "cold --jobs 1", "cold_j2": "cold --jobs 2"}
    for key, (compared, differ) in (v.get("same_as_first") or {}).items():
        rows.append((f"{labels[key]} vs first default cold build: PDF bytes", n, _same(compared, differ), "",
                     "(identical)", "—"))
    if v.get("source_changed"):
        rows.append(("WARNING: brochure's code changed during this N", n, "figures mix versions", "", "", "—"))
    return rows


def _overall_rows(all_figs: list[Figures], helps: dict[str, float | None]) -> list[Row]:
    rows = []
    for kind in sorted({f.kind for f in all_figs}):
        by_n = {f.n: f for f in all_figs if f.kind == kind}
        sizes = sorted(by_n)
        for a, b in zip(sizes, sizes[1:]):
            growth = _ratio(by_n[b].values.get("cold"), by_n[a].values.get("cold"))
            target = (a, b) == (100, 500)
            label = "" if kind == "images" else f" {kind}"
            rows.append((f"cold build time growth N={a} → N={b} ({b / a:g}× the case studies)", f"{a}→{b}{label}",
                         _x(growth), "", "≤ 5.5×" if target else "",
                         _verdict(growth <= 5.5 if (target and growth is not None) else None)))
    r = _ratio(helps.get("help"), helps.get("import"))
    rows.append(("`brochure --help`", "—", _s(helps.get("help")), _x(r), "≤ 0.5× import weasyprint",
                 _verdict(None if r is None else r <= 0.5)))
    rows.append(("`python -c \"import weasyprint\"`", "—", _s(helps.get("import")), "1.00×", "(reference)", "—"))
    return rows


def table(all_figs: list[Figures], helps: dict[str, float | None]) -> list[str]:
    rows = [("figure", "N", "value", "ratio", "target", "pass")]
    for fig in all_figs:
        for part in (_floor_rows, _time_rows, _size_rows, _memory_rows, _identity_rows):
            rows += part(fig)
    rows += _overall_rows(all_figs, helps)
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines
