"""Rendered bodies as top-level blocks: where a one-pager may be cut, how two columns balance,
and what words a fragment shows."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

from .urls import Urls


@dataclass
class Block:
    """A top-level block of a rendered body: the unit at which a one-pager may be cut. Its HTML is
    raw, URLs as written: it is cleaned when blocks are joined (:func:`brochure.markup.join`).

    A list is also cut between its items: ``parts`` holds the items' HTML and
    ``open``/``close`` the list's own tags.
    """

    html: str
    kind: str = ""  # the block's first token, e.g. "blockquote", "bullet_list", "paragraph"
    parts: list[str] = field(default_factory=list)
    open: str = ""
    close: str = ""
    doc_id: str = ""  # the text's namespace: its ids become "<doc_id>/<id>" when joined
    anchors: frozenset[str] | None = None  # the whole text's ids, namespaced: links to others are dropped
    urls: Urls | None = None  # what the text's URLs become when joined (None: as written)
    # a figure's images: (width, height) in pixels (0: unknown) and whether drawn across the column
    figure: tuple[tuple[int, int, bool], ...] = ()


@dataclass(frozen=True)
class Cut:
    """Keep ``blocks`` whole blocks, then ``parts`` items of the next one."""

    blocks: int
    parts: int = 0


def trailing(blocks: list[Block], kind: str = "blockquote") -> int:
    """Index where the run of ``kind`` blocks ending the body starts (``len`` if none)."""
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == kind:
        start -= 1
    return start


def kept(blocks: list[Block], cut: Cut | None) -> list[Block]:
    """The blocks a cut keeps; a list cut between its items becomes a shorter list."""
    if cut is None:
        return list(blocks)
    out = list(blocks[: cut.blocks])
    if cut.parts and cut.blocks < len(blocks):
        partial = blocks[cut.blocks]
        out.append(_part_of(partial, partial.parts[: cut.parts]))
    return out


def _part_of(block: Block, parts: list[str]) -> Block:
    return replace(block, html=block.open + "".join(parts) + block.close, parts=list(parts))


_PARAGRAPHS = re.compile(r"<(?:p|li|h[1-6]|dt|dd|tr|pre)\b", re.I)
_PICTO = re.compile(r'\s*<p class="picto"')

# A column, in lines of text (styles/common.css: 9.6pt on 1.42 lines, columns some 84 mm wide for
# 46 characters): how tall a figure drawn across it is.
LINE_MM, CHAR_MM = 4.8, 1.83
FIGURE_MOST_MM, FIGURE_LEAST_MM = 90.0, 25.0  # a figure's largest height, its least width
UNKNOWN_FIGURE = 9.0  # lines, for an image whose size is not known


def _lines(block_html: str, width: int) -> float:
    """A rough height, in lines of ``width`` characters: enough to balance two columns."""
    if _PICTO.match(block_html) and "<img" in block_html and not visible_text(block_html):
        return 0.0
    if "<img" in block_html and not visible_text(block_html):
        return UNKNOWN_FIGURE
    text = visible_text(block_html)
    pieces = max(1, len(_PARAGRAPHS.findall(block_html)))
    heading = 1.6 if re.match(r"\s*<h[1-6]", block_html) else 0.0
    return len(text) / width + 0.6 * pieces + heading


def _figure_lines(block: Block, width: int) -> float:
    """How tall a figure is, in lines of ``width`` characters: each image drawn across the column,
    or at its own size (96 pixels an inch) but at least ``FIGURE_LEAST_MM`` wide, at most
    ``FIGURE_MOST_MM`` tall; then its caption."""
    column = width * CHAR_MM
    height = 0.0
    for w, h, across in block.figure:
        drawn = column if across else min(column, max(FIGURE_LEAST_MM, w * 25.4 / 96))
        height += min(drawn * h / w, FIGURE_MOST_MM) / LINE_MM if w and h else UNKNOWN_FIGURE
    caption = visible_text(block.html)
    return height + 0.6 + (len(caption) / width + 0.3 if caption else 0.0)


def block_lines(block: Block, width: int = 46) -> float:
    """A rough height of ``block``, in lines of ``width`` characters."""
    return _figure_lines(block, width) if block.figure else _lines(block.html, width)


def columns(blocks: list[Block], width: int = 46) -> tuple[list[Block], list[Block]]:
    """Split blocks into two columns of about the same height; a list may be split between items.

    Laying two columns out side by side is much cheaper for WeasyPrint than balancing CSS
    columns, and reads the same.
    """
    units: list[tuple[int, int, float]] = []  # (block, item or -1, lines)
    for i, block in enumerate(blocks):
        if block.parts:
            units.extend((i, j, _lines(part, width) + (0.5 if j == 0 else 0)) for j, part in enumerate(block.parts))
        else:
            units.append((i, -1, block_lines(block, width)))
    total = sum(u[2] for u in units)
    if total <= 0 or len(units) < 2:
        return list(blocks), []
    best, best_gap, running = 1, float("inf"), 0.0
    for k in range(1, len(units)):
        running += units[k - 1][2]
        gap = abs(2 * running - total)
        i, j, _ = units[k]
        if j <= 0 and leads(blocks, i):
            continue  # never leave a heading (or its picto) at the foot of the left column
        if gap < best_gap:
            best, best_gap = k, gap
    i, j, _ = units[best]
    if j <= 0:
        left, right = blocks[:i], blocks[i:]
    else:
        block = blocks[i]
        left = [*blocks[:i], _part_of(block, block.parts[:j])]
        right = [_part_of(block, block.parts[j:]), *blocks[i + 1:]]
    # a picto paragraph belongs with the heading that follows it (a figure stays in its section)
    if left and _PICTO.match(left[-1].html) and left[-1].kind == "paragraph":
        right.insert(0, left.pop())
    return left, right


def length(blocks: list[Block], cut: Cut | None = None, width: int = 46) -> float:
    """A rough length, in lines, of what ``cut`` keeps (everything when ``None``)."""
    return sum(block_lines(block, width) for block in kept(blocks, cut))


def cut_points(blocks: list[Block]) -> list[Cut]:
    """Every place a body may be cut, from least to most kept (the whole body excluded); never
    right after a heading or a picto: they go with what follows them."""
    points = []
    for i, block in enumerate(blocks):
        if i == 0 or not leads(blocks, i):
            points.append(Cut(i))
        points.extend(Cut(i, j) for j in range(1, len(block.parts)))
    return points


_HEADING_LAST = re.compile(r"<h[1-6]\b[^>]*>.*?</h[1-6]>(?:\s*</[a-z]+\s*>)*\s*$", re.I | re.S)
_SHOWN = re.compile(r"<(?:img|hr|table|svg|video|iframe|input)\b", re.I)


def _shell(block: Block) -> bool:
    """A block that shows nothing: only the opening or closing tags of an HTML wrapper."""
    return not visible_text(block.html) and _SHOWN.search(block.html) is None


def _leading(block: Block) -> bool:
    """A heading, a picto paragraph, or raw HTML ending with a heading."""
    if block.kind == "heading" or (block.kind == "paragraph" and _PICTO.match(block.html) is not None):
        return True
    return block.kind == "html_block" and _HEADING_LAST.search(block.html) is not None


def _sentence(block: Block) -> bool:
    """A heading that says something rather than names a section: a closing line set as a heading
    ("Depuis plusieurs décennies…"), ending with a sentence's mark or eight words long."""
    words = visible_text(block.html)
    return block.kind == "heading" and (words.rstrip().endswith(_SENTENCE_END) or len(words.split()) >= 8)


_SENTENCE_END = (".", "…", "!", "?", "»", "\"", "”")


def trimmed(blocks: list[Block]) -> list[Block]:
    """The blocks without the headings (and their pictos) that end them: sections with nothing in
    them (their only content an image that cannot be shown, say) are not printed. A heading that
    is a sentence is words of the text: it stays."""
    out = list(blocks)
    while True:
        j = len(out) - 1
        while j >= 0 and _shell(out[j]):
            j -= 1
        if j < 0 or out[j].kind == "html_block" or not _leading(out[j]) or _sentence(out[j]):
            return out
        del out[j]


def leads(blocks: list[Block], i: int) -> bool:
    """Whether what comes before block ``i`` ends with a heading or a picto (the tags of a wrapper
    around them, ``<div class="…">`` and ``</div>``, do not count): they go with what follows."""
    j = i - 1
    while j >= 0 and _shell(blocks[j]):
        j -= 1
    return j >= 0 and _leading(blocks[j])


TAG = re.compile(r"<[^>]*>")


def visible_text(html_text: str) -> str:
    """The words an HTML fragment shows, separated by single spaces."""
    return " ".join(html.unescape(TAG.sub(" ", html_text)).split())


def words(html_text: str) -> int:
    """How many words an HTML fragment shows."""
    return len(visible_text(html_text).split())


_LITERAL = re.compile(r"!\[|\]\(|\*\*|__\w|(?:^|\n)\s*#{1,6} |\{\{[<%]|\[\^\w+\]")


def literal_markdown(html_text: str) -> list[str]:
    """Markdown syntax that would be printed as text, with a little context."""
    text = html.unescape(TAG.sub("", html_text))
    return [text[max(0, m.start() - 20): m.end() + 20].replace("\n", " ").strip() for m in _LITERAL.finditer(text)]


KEEP_LINES = 8.0  # a first block up to this tall goes whole with its heading; a list's first items
KEEP_ITEM_LINES = 3.0  # of a longer list, the first items up to this many lines (one at least)
_TAGS = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def _balanced(html_text: str) -> bool:
    """Whether every element opened in ``html_text`` is closed in it, and nothing else is closed."""
    depth = 0
    for closing, name, self_closing in _TAGS.findall(html_text):
        if name.lower() in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return False
    return depth == 0


def _first_piece(block: Block, width: int) -> tuple[Block | None, Block | None]:
    """What of ``block`` goes with the heading before it, and what is left: the whole block when
    short; a long list's first items; nothing of a long paragraph (kept in one piece, it would
    leave the rest of a column blank)."""
    if block_lines(block, width) <= KEEP_LINES:
        return block, None
    if len(block.parts) < 2 or not block.open:
        return None, block
    count, lines = 0, 0.0
    while count < len(block.parts) - 1 and (count == 0 or lines + _lines(block.parts[count], width) <= KEEP_ITEM_LINES):
        lines += _lines(block.parts[count], width)
        count += 1
    rest = _part_of(block, block.parts[count:])
    if block.open.lstrip().lower().startswith("<ol"):  # the rest of a numbered list goes on counting
        start = re.search(r'\bstart="?(-?\d+)', block.open)
        number = (int(start.group(1)) if start else 1) + count
        opened = re.sub(r'\s*\bstart="?-?\d+"?', "", block.open, count=1)
        rest = replace(rest, open=re.sub(r"<ol\b", f'<ol start="{number}"', opened, count=1, flags=re.I))
        rest = replace(rest, html=rest.open + "".join(rest.parts) + rest.close)
    return _part_of(block, block.parts[:count]), rest


MAX_RUN = 16  # blocks (headings, pictos, a wrapper's tags) kept with the block after them


def together(blocks: list[Block], width: int = 46) -> list[Block]:
    """The blocks with each heading, its picto (and the tags of a wrapper around them) and the
    start of the block after it in one block, ``<div class="keep-with-next">``, that a page or a
    column does not break (styles/common.css): a heading never ends a page or a column. A wrapper
    whose tags would not nest is not made (those blocks stay as they were); at most :data:`MAX_RUN`
    blocks go before the next one (a run of hundreds of headings is not rejoined at each start)."""
    out: list[Block] = []
    ends = [len(blocks)] * (len(blocks) + 1)  # where the run of headings and shells from each block ends
    for k in range(len(blocks) - 1, -1, -1):
        ends[k] = ends[k + 1] if _shell(blocks[k]) or _leading(blocks[k]) else k
    i = 0
    while i < len(blocks):
        j = ends[i]
        run = blocks[i:j]
        if j == i or j >= len(blocks) or j - i > MAX_RUN or not any(not _shell(b) for b in run):
            out.append(blocks[i])
            i += 1
            continue
        head, rest = _first_piece(blocks[j], width)
        if head is None:  # a long paragraph: the stylesheet keeps the heading with its first lines
            out.extend(run)
            i = j
            continue
        inner = "".join(b.html for b in run) + head.html
        if not _balanced(inner):
            out.append(blocks[i])  # e.g. a wrapper's closing tag before the heading: left outside
            i += 1
            continue
        out.append(replace(blocks[j], html=f'<div class="keep-with-next">{inner}</div>', kind="keep", parts=[],
                           open="", close="", figure=()))
        if rest is not None:
            out.append(rest)
        i = j + 1
    return out
