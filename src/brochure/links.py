"""Links between the pages of a section: where a link written in a case study leads on the site.

Each case study read has its page's path on the site (``hugo_urls``). A link to one of them —
its address on the site (``https://site/work/a/``, with or without ``www.``), an absolute path
(``/work/a``, with or without the base URL's own path), a path relative to the linking page's
own URL (``../a/``), or a ``{{< ref >}}``/``{{< relref >}}`` shortcode, resolved as Hugo's
``GetPage`` does — is known as a link to that case study: in the brochure, it leads to the case
study's page (its anchor, the one the contents use); in a one-pager, to its address on the site
(plain words when the site's base URL is unknown). A relative link to anything else is made
absolute against the linking page's own URL, as a browser does on the site.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from .pages import MARKDOWN_SUFFIXES


@dataclass(frozen=True)
class Target:
    """A case study as a link's target: its slug, its path on the site, where Hugo sees its file."""

    slug: str
    path: str  # "/work/a/"
    content_path: str = ""  # "work/a.md"


def _path_key(path: str) -> str:
    """A site path compared leniently: decoded, case folded, without ``index.html``, ``.html`` or a
    trailing slash, each step's runs of hyphens made one and none at its ends (Hugo's versions
    differ there)."""
    path = unicodedata.normalize("NFC", unquote(path)).casefold()
    path = re.sub(r"/index\.html?$", "/", path)
    path = re.sub(r"\.html?$", "", path)
    return "/".join(re.sub(r"-+", "-", step).strip("-") for step in path.split("/") if step)


def _file_key(content_path: str) -> str:
    """A content path as ``ref`` compares it: case folded, without its extension, a bundle by its folder."""
    path = unicodedata.normalize("NFC", unquote(content_path)).casefold().strip("/")
    stem, ext = posixpath.splitext(path)
    path = stem if ext in MARKDOWN_SUFFIXES else path
    return re.sub(r"(^|/)_?index$", "", path)


def _host(netloc: str) -> str:
    host = netloc.casefold().rpartition("@")[2]
    host = re.sub(r":(80|443)$", "", host)
    return host.removeprefix("www.")


@dataclass
class SiteLinks:
    """The case studies of a section by their pages' paths, and the site's base URL."""

    base_url: str = ""
    targets: list[Target] = field(default_factory=list)
    selected: frozenset[str] = frozenset()  # slugs of the case studies selected (the brochure's)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        self.absolute = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
        self.host = _host(parts.netloc) if self.absolute else ""
        self.base_path = parts.path.rstrip("/") if self.absolute else ""
        self.by_path = {_path_key(t.path): t for t in self.targets}
        self.by_file = {_file_key(t.content_path): t for t in self.targets if t.content_path}
        self.by_slug = {t.slug: t for t in self.targets}

    def address(self, target: Target) -> str:
        """The case study's address on the site (absolute when the base URL is)."""
        return urljoin(self.base_url.rstrip("/") + "/", target.path.lstrip("/")) if self.absolute else target.path

    def answer(self, target: Target) -> str | None:
        """What a link to ``target`` is written as: its address; a selected case study's path when the
        base URL is unknown (the brochure leads there, a one-pager shows the words); else None."""
        if self.absolute or target.slug in self.selected:
            return self.address(target)
        return None

    def anchors(self, slugs: list[str]) -> dict[str, str]:
        """answer -> anchor id (``case-<slug>``), for the case studies of one document."""
        found = {}
        for slug in slugs:
            target = self.by_slug.get(slug)
            answer = self.answer(target) if target is not None else None
            if answer is not None:
                found[answer] = f"case-{slug}"
        return found

    def on_site(self, url: str, own: Target | None) -> str:
        """``url`` as a path from the site's root: a relative URL made absolute against ``own``'s path
        (as a browser does on the site), an absolute path without the base URL's own path; anything
        else (another scheme, a relative URL without a page to start from) as it is."""
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", url):
            return url
        if not url.startswith("/"):
            return urljoin(own.path, url) if own is not None else url
        path = re.split(r"[?#]", url, maxsplit=1)[0]
        if self.base_path and (path + "/").startswith(self.base_path + "/"):
            return url[len(self.base_path):] or "/"
        return url

    def site_path(self, url: str, own: Target | None) -> str | None:
        """The path on the site ``url`` leads to, or None when it leads elsewhere."""
        try:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if parts.scheme.lower() not in ("", "http", "https") or not self.host or _host(parts.netloc) != self.host:
                    return None
                url = parts.path or "/"
            url = self.on_site(url, own)
            return urlsplit(url).path if url.startswith("/") else None
        except ValueError:  # a URL Python cannot split (a bad port, a bracket)
            return None

    def target(self, url: str, own: Target | None) -> Target | None:
        """The case study ``url`` leads to, if it leads to one."""
        path = self.site_path(url, own)
        return self.by_path.get(_path_key(path)) if path is not None else None

    def ref(self, written: str, relative: bool, own: Target | None) -> str | None:
        """What ``{{< ref "written" >}}`` (``relref``: ``relative``) prints, when it names a case study
        of the section: its address (``relref``: its path, with the base URL's), with the fragment.
        As Hugo's GetPage: a path from the content's root (``/work/a``), else relative to the page's
        folder, else from the root, else a file name found once."""
        path, hash_, fragment = written.strip().partition("#")
        path = path.strip().replace("\\", "/")
        if not path:  # the page itself: its fragment alone, as Hugo prints it
            return hash_ + fragment if fragment else None
        here = posixpath.dirname(own.content_path) if own is not None else ""
        tries = [path] if path.startswith("/") else [posixpath.normpath(posixpath.join(here, path)), path]
        found = next((self.by_file[_file_key(t)] for t in tries if _file_key(t) in self.by_file), None)
        if found is None and "/" not in path.strip("/"):  # a name found once in the section
            named = [t for key, t in self.by_file.items() if key.rpartition("/")[2] == _file_key(path)]
            found = named[0] if len(named) == 1 else None
        if found is None:
            return None
        where = self.base_path + found.path if relative else self.address(found)
        return where + (hash_ + fragment if fragment else "")
