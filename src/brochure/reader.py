"""Stage 1: read case studies and project term pages from a content folder.

Front matter may be YAML (``---``), TOML (``+++``) or JSON (``{ … }``).
A bad file becomes a ``ContentError`` for that file alone; the others are
read on. Content files are only ever opened for reading. Hugo's rules for the
values (weight, dates, terms, slugs…) are in ``hugo_rules``, importable from here too.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any, Callable

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from .errors import ContentError
from .hugo_rules import (MAX_SLUG_BYTES, UrlRules, go_string, lookup, parse_bool, parse_date,  # noqa: F401
                         parse_terms, parse_weight, safe_slug, slug_for, split_lang, term_key)  # (re-exported)
from .models import CaseStudy, Mounted, Problem, Term
from .pages import find_case_entries, find_case_files  # noqa: F401 (re-exported)
from .settings import is_colour
from .paths import outside_message, short, within

MAX_FILE_BYTES = 5 * 1024 * 1024


class TOMLHandler(BaseHandler):
    """TOML front matter between ``+++`` lines, parsed with ``tomllib``.

    python-frontmatter's own TOML handler needs the ``toml`` package and
    silently returns empty metadata without it.
    """

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


class OneLineJSONHandler(JSONHandler):
    """JSON front matter: an object at the top of the file, on one or many lines."""

    FM_BOUNDARY = re.compile(r"^\{", re.MULTILINE)

    def split(self, text: str) -> tuple[str, str]:
        try:
            _obj, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            return text, ""  # load() reports the error with its line
        except RecursionError:
            raise ContentError("JSON front matter nested too deep to be read") from None
        return text[:end], text[end:]

    def load(self, fm: str, **kwargs: object) -> Any:
        return json.loads(fm)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, but a timestamp that is no date (``2024-02-31``) stays text: Hugo
    publishes such a page undated, so its date rule (``hugo_rules.parse_date``) says so."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class LenientYAMLHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_Loader)  # noqa: S506 (a safe loader)


HANDLERS = (LenientYAMLHandler, TOMLHandler, OneLineJSONHandler)
NO_FRONT_MATTER = "no front matter (--- YAML, +++ TOML or { JSON } at the top): read as a page, as Hugo does"


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252 with a warning."""
    notes = []
    if b"\x00" in data[:8192]:
        raise ContentError("binary file, not Markdown text", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        notes.append(f"not UTF-8 (byte {exc.start}); read as Windows-1252, check accents")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), notes


def parse(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split front matter from body. Raises ``ContentError`` with the line if it can."""
    stripped = text.lstrip("\n")
    handler = None
    for cls in HANDLERS:
        if cls.FM_BOUNDARY.match(stripped):
            handler = cls()
            break
    if handler is None:  # Hugo publishes it: a page without front matter
        return {}, stripped
    leading = len(text) - len(stripped)
    try:
        fm, body = handler.split(stripped)
    except ValueError:
        raise ContentError("front matter is not closed", path, 1 + text[:leading].count("\n")) from None
    # Line of the front matter's first character, for error messages.
    offset = text[:leading].count("\n") + stripped[: stripped.find(fm) if fm else 0].count("\n")
    try:
        meta = handler.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark:
            problem += f" ({context} started at line {offset + cmark.line + 1})"
        raise ContentError(f"YAML front matter: {problem}", path, offset + mark.line + 1 if mark else None) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"TOML front matter: {exc}", path) from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"JSON front matter: {exc.msg}", path, offset + exc.lineno) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # e.g. YAML date 2024-02-31
        raise ContentError(f"front matter value cannot be read: {exc}", path) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(f"front matter must be keys and values, not a {type(meta).__name__}", path)
    body = body.lstrip("\n")
    return dict(meta), body


def read_file(path: Path) -> tuple[dict[str, Any], str, list[str]]:
    """Read one Markdown file: (front matter, body, notes)."""
    meta, body, notes, _line = read_source(path)
    return meta, body, notes


def read_source(path: Path) -> tuple[dict[str, Any], str, list[str], int]:
    """Read one Markdown file: (front matter, body, notes, line where the body starts)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(f"file is {size // 1024} KiB, over the {MAX_FILE_BYTES // 1024} KiB limit", path)
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror}", path) from None
    text, notes = decode(data, path)
    meta, body = parse(text, path)
    if not meta and body == text.lstrip("\n"):
        notes.append(NO_FRONT_MATTER)
    body_line = text.count("\n", 0, len(text) - len(body)) + 1 if body else 1
    return meta, body, notes, body_line


UNDATED = "ignored, as Hugo 0.111 does (newer Hugo versions stop the build on it)"


def case_from(path: Path, meta: dict[str, Any], body: str, taxonomy: str,
              languages: frozenset[str] | set[str] = frozenset(), rules: UrlRules = UrlRules()) -> tuple[CaseStudy, list[str]]:
    """Turn front matter into a ``CaseStudy``, reading each value as Hugo does. A value Hugo cannot
    use (a weight that is not a number, a date that is no date…) is read as Hugo reads it (weight 0,
    undated…) with a note: Hugo publishes the page, so the brochure shows it."""
    notes: list[str] = []

    def value(rule: Callable[[Any], Any], keys: tuple[str, ...], fallback: Any, then: str) -> Any:
        try:
            return rule(lookup(meta, *keys))
        except ValueError as exc:
            notes.append(f"{exc}: {then}")
            return fallback

    title = value(lambda v: _text(v, "title"), ("title",), "", "no title, as on the site")
    link_title = value(lambda v: _text(v, "linkTitle"), ("linkTitle",), "", "its title is used, as on the site") or title
    if not title.strip():
        notes.append("no title; the file name is used")
        title = path.stem if path.stem != "index" else path.parent.name
    published = value(lambda v: parse_date(v, "publishDate"), ("publishDate", "pubdate", "published"), None, UNDATED)
    expires = value(lambda v: parse_date(v, "expiryDate"), ("expiryDate", "unpublishdate"), None, UNDATED)
    # Hugo's default: date, else publishDate, else lastmod
    when = value(parse_date, ("date",), None, UNDATED) or published or value(
        lambda v: parse_date(v, "lastmod"), ("lastmod", "modified"), None, UNDATED)
    projects, term_notes = value(lambda v: parse_terms(v, taxonomy), (taxonomy,), ([], []), f"no {taxonomy}, as on the site")
    case = CaseStudy(
        path=path,
        slug=slug_for(path, meta, languages, rules),
        title=title,
        body=body,
        params=meta,
        weight=value(parse_weight, ("weight",), 0, "read as 0 (no weight), as on the site"),
        date=when,
        draft=value(lambda v: parse_bool(v, "draft"), ("draft",), False, "not a draft, as on the site"),
        projects=projects,
        publish_date=published,
        expiry_date=expires,
        lang=split_lang(path.stem, languages)[1],
        sort_title=link_title,
    )
    return case, notes + term_notes


def _text(value: Any, key: str) -> str:
    """``value`` as Hugo makes it text; ``ValueError`` for what it makes empty (a list, a table)."""
    text = go_string(value)
    if text is None:
        raise ValueError(f"{key} {str(value)[:40]!r} is a {type(value).__name__}, not text")
    return text


NOT_A_FILE = "not a regular file (a folder, a FIFO, a device or a broken link); not read"


def read_cases(section_dir: Path, taxonomy: str, *, lang: str | None = None,
               languages: frozenset[str] | set[str] = frozenset(), default_lang: str | None = None,
               root: Path | None = None, rules: UrlRules = UrlRules()) -> tuple[list[CaseStudy], list[Problem]]:
    """Every case study of the section folder ``section_dir`` of the content folder ``root`` (default:
    its parent); see :func:`read_section`."""
    root = root if root is not None else section_dir.parent
    try:
        logical = section_dir.relative_to(root).as_posix()
    except ValueError:
        logical = section_dir.name
    return read_section([(section_dir, logical, Mounted(root, "", default_lang))], taxonomy, lang=lang,
                        languages=languages, default_lang=default_lang, rules=rules)


Folder = tuple[Path, str, Mounted]  # a folder of the section, where Hugo sees it, its mount


def read_section(folders: list[Folder], taxonomy: str, *, lang: str | None = None,
                 languages: frozenset[str] | set[str] = frozenset(), default_lang: str | None = None,
                 rules: UrlRules = UrlRules(), section: str | None = None) -> tuple[list[CaseStudy], list[Problem]]:
    """Read every case study of a section's folders (its mounts: see ``site.folders_of``); problems
    are returned, never raised. Where two folders hold the same page (the same path below the
    content's root), the first one's is read, as Hugo's first mount wins.

    With ``lang``, only pages of that language are read: a file-name suffix (``x.en.md``) gives a
    page's language, else its mount's, else ``default_lang``. A file that is a link leading outside
    its mount's folder is not read. ``rules``: the site's settings for URLs, which the slugs follow.
    ``section``: the section's name; a folder mounted below it may be a leaf bundle itself.
    """
    cases: list[CaseStudy] = []
    problems: list[Problem] = []
    present = [f for f in folders if f[0].is_dir()]
    if not present:
        missing = folders[0][0] if folders else "?"
        problems.append(Problem(f"section folder {missing} does not exist", level="error"))
        return cases, problems
    seen: dict[str, Path] = {}
    paths: set[str] = set()
    for folder, logical, mount in present:
        for path in find_case_entries(folder, section=section is None or logical == section):
            content_path = f"{logical}/{path.relative_to(folder).as_posix()}".strip("/")
            page_lang = split_lang(path.stem, languages)[1] or mount.lang or default_lang
            if content_path in paths or (lang is not None and (page_lang or lang) != lang):
                continue
            paths.add(content_path)
            case = _read_entry(path, mount.folder, taxonomy, languages, rules, problems)
            if case is None:
                continue
            case.content_path, case.mount = content_path, mount
            same = seen.get(case.slug.casefold())  # one file name, even where case is ignored
            if same is not None:
                problems.append(Problem(f"same slug {case.slug!r} (file name {case.slug}.pdf) as {same}; "
                                        "this file is skipped", case=case.slug, file=str(path), level="error"))
                continue
            seen[case.slug.casefold()] = path
            cases.append(case)
    return cases, problems


def _read_entry(path: Path, root: Path, taxonomy: str, languages: frozenset[str] | set[str], rules: UrlRules,
                problems: list[Problem]) -> CaseStudy | None:
    """One entry of a section read as a case study, or None with its problem said."""
    if path.is_symlink() and path.is_dir():
        problems.append(Problem("a folder that is a link: not followed, its pages are not read", file=str(path)))
        return None
    if not path.is_file():
        problems.append(Problem(NOT_A_FILE, case=path.stem, file=str(path), level="error"))
        return None
    try:
        if not within(path, root):
            raise ContentError(outside_message(path, f"the content folder {root}"), path)
        meta, body, notes, body_line = read_source(path)
        case, more = case_from(path, meta, body, taxonomy, languages, rules)
        case.body_line = body_line
    except ContentError as exc:
        problems.append(Problem(exc.message if not exc.line else f"line {exc.line}: {exc.message}",
                                case=path.stem, file=str(path), level="error"))
        return None
    except Exception as exc:  # a bug must not stop the other case studies
        problems.append(Problem(short(f"internal error while reading: {type(exc).__name__}: {exc}", 200, 60),
                                case=path.stem, file=str(path), level="error"))
        return None
    problems.extend(Problem(note, case=case.slug, file=str(path)) for note in notes + more)
    return case


def read_terms(taxonomy_dir: Path, lang: str | None = None,
               root: Path | None = None) -> tuple[dict[str, Term], list[Problem]]:
    """Project term pages: ``<taxonomy>/<term>/_index.md`` (or ``_index.<lang>.md``) with ``title`` and ``color``.

    A page that is a link leading outside ``root`` (the content folder) is not read."""
    root = root if root is not None else taxonomy_dir.parent
    terms: dict[str, Term] = {}
    problems: list[Problem] = []
    if not taxonomy_dir.is_dir():
        return terms, problems
    names = ([f"_index.{lang}.md"] if lang else []) + ["_index.md", "_index.markdown"]
    for folder in sorted(p for p in taxonomy_dir.iterdir() if p.is_dir()):
        index = next((folder / n for n in names if (folder / n).is_file()), None)
        odd = next((folder / n for n in names if os.path.lexists(folder / n) and not (folder / n).is_file()), None)
        if index is None and odd is not None:
            problems.append(Problem(NOT_A_FILE, file=str(odd)))
        if index is None:
            continue
        name = term_key(unicodedata.normalize("NFC", folder.name))
        try:
            if not within(index, root):
                raise ContentError(outside_message(index, f"the content folder {root}"), index)
            meta, _body, notes = read_file(index)
        except ContentError as exc:
            problems.append(Problem(exc.message, file=str(index)))
            continue
        title = meta.get("title")
        color = meta.get("color") or meta.get("colour")
        term = Term(name=name, title=title.strip() if isinstance(title, str) and title.strip() else name,
                    path=index, light=bool(meta.get("light") is True))
        if isinstance(color, str) and is_colour(color.strip()):
            term.color = color.strip()
        elif color is not None:
            problems.append(Problem(f"color {color!r} is not a #rrggbb colour; default used", file=str(index)))
        problems += [Problem(n, file=str(index)) for n in notes]
        terms[name] = term
    return terms, problems


def read_section_title(section_dir: Path, lang: str | None = None, root: Path | None = None) -> tuple[str, list[Problem]]:
    """The section's own title: its list page's (``_index.<lang>.md``, else ``_index.md``)
    ``title``, or "" when it has none (then Hugo's rule gives one: ``hugo_rules.section_title``).
    A list page that is a link leading outside ``root`` (the content folder) is not read."""
    root = root if root is not None else section_dir.parent
    names = ([f"_index.{lang}.md", f"_index.{lang}.markdown"] if lang else []) + ["_index.md", "_index.markdown"]
    index = next((section_dir / n for n in names if (section_dir / n).is_file()), None)
    if index is None:
        return "", []
    try:
        if not within(index, root):
            raise ContentError(outside_message(index, f"the content folder {root}"), index)
        meta, _body, notes = read_file(index)
    except ContentError as exc:  # an empty list page, or one without front matter, is Hugo's too
        quiet = exc.message.startswith(("empty file", "no front matter"))
        return "", [] if quiet else [Problem(exc.message, file=str(index))]
    title = lookup(meta, "title")
    title = str(title).strip() if isinstance(title, (str, int, float)) and not isinstance(title, bool) else ""
    return title, [Problem(n, file=str(index)) for n in notes]
