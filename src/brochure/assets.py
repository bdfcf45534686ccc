"""Stage 3b: where the files a case study refers to really are.

Images may be site-absolute (``/images/x.png``, looked up in the static
folders in order), relative to the page's folder (page bundles), or data
URLs. Nothing outside the allowed roots is ever pointed to; an image that
cannot be shown (not found, not fetched, refused) is left out of the page
and is a problem for the report.
Links keep working when they are absolute web links; links to pages of
the site become absolute when the site's base URL is known, and plain
text otherwise (a link to a local path means nothing to a reader).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import paths
from .links import SiteLinks, Target
from .models import ImageFacts
from .paths import Unreadable, read_regular, short, why
from .image_checks import data_problem, decode, is_svg, label, raster_problem
from .svg import MAX_SVG_BYTES, SvgBomb, svg_tree

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
LINK_SCHEMES = {"http", "https", "mailto", "tel"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_local(url: str) -> bool:
    """Whether ``url`` names a file of the site (not a web address, a ``data:`` URL or another scheme)."""
    return not _SCHEME.match(url) and not url.startswith("//")


def find_file(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` if it is a regular file inside ``folder``; names compared after NFC.

    Raises OSError, RuntimeError (a symbolic link loop) or ValueError (a NUL in the name) when
    the file system cannot answer; a name that is not there, or not a file, is None.
    """
    current = folder
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        if not candidate.exists():
            try:
                match = next((c for c in current.iterdir() if _nfc(c.name) == _nfc(part)), None)
            except (FileNotFoundError, NotADirectoryError):
                return None
            if match is None:
                return None
            candidate = match
        current = candidate
    real = current.resolve()
    try:
        real.relative_to(folder.resolve())
    except ValueError:
        return None
    return real if real.is_file() else None


RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"}


@paths.per_version  # case studies share their pictos
def image_problem(path: Path) -> str | None:
    """Why an image file must not be drawn at all (a bomb), or None.

    Raises OSError or :class:`Unreadable` for a file that cannot be read as an image. Reads only
    a raster image's header, never draws anything. Once per version of a file in a process.
    """
    if path.suffix.lower() in (".svg", ".svgz"):
        try:
            svg_tree(read_regular(path, MAX_SVG_BYTES))
        except SvgBomb as exc:
            return str(exc)
        return None
    if path.suffix.lower() not in RASTER:
        return None
    if not path.is_file():
        raise Unreadable("not a regular file")
    return raster_problem(path)


COPY_ABOVE = 256 * 1024  # bytes: a smaller opaque PNG or WebP is used as it is


def _opaque(image) -> bool:
    if image.mode in ("RGB", "L", "CMYK"):
        return True
    if image.mode in ("RGBA", "LA"):
        return image.getchannel("A").getextrema()[0] == 255
    return False


def downsampled(path: Path, folder: Path, max_size: tuple[int, int]) -> Path:
    """``path`` itself, or a lighter copy made once with Pillow and kept in ``folder``.

    A copy is no larger than ``max_size`` (width, height) pixels. An opaque picture (a
    photo, a screenshot) is copied as a JPEG at quality 90 without chroma subsampling: the
    PDF then carries its bytes as they are, where a PNG is decoded and compressed again for
    every document. Transparent images stay PNG. A copy is named after the source's content
    and the size, so it is shared by every document and every build that shows the same image
    at the same resolution.
    """
    if path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".webp"}:
        return path
    try:
        stat = path.stat()
        known = paths.version(stat)  # None: changed just now, worked out afresh
        work = _downsampled if known else _downsampled.__wrapped__
        return work(path, stat.st_size, known, folder, max_size)
    except Exception:  # any trouble: let WeasyPrint have the original (and say what is wrong)
        return path


@functools.lru_cache(maxsize=4096)
def _downsampled(path: Path, size: int, version: tuple | None, folder: Path, max_size: tuple[int, int]) -> Path:
    """``downsampled`` for one version of a file (``paths.version``; ``size`` in bytes), worked out
    once per process."""
    from PIL import Image

    with Image.open(path) as image:
        return _lighter(image, size, path.read_bytes, folder, max_size) or path


def downsampled_data(data: bytes, folder: Path, max_size: tuple[int, int]) -> Path | None:
    """A lighter copy of the raster image ``data`` (a ``data:`` URL's, checked), made as
    :func:`downsampled` makes a file's, or None when it is light enough (or cannot be read)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return _lighter(image, len(data), lambda: data, folder, max_size)
    except Exception:  # any trouble: let WeasyPrint have the original (and say what is wrong)
        return None


def _lighter(image, size: int, content, folder: Path, max_size: tuple[int, int]) -> Path | None:
    """A lighter copy of the open ``image`` (``size`` bytes, ``content()`` its bytes) in ``folder``,
    or None when it is light enough as it is."""
    import hashlib

    from PIL import Image

    too_big = image.size[0] > max_size[0] or image.size[1] > max_size[1]
    jpeg = image.format == "JPEG"
    if not too_big and (jpeg or size <= COPY_ABOVE):
        return None
    digest = hashlib.sha256(content()).hexdigest()[:32]
    stem = f"{digest}-{max_size[0]}x{max_size[1]}"
    for suffix in (".jpg", ".png"):
        if (folder / (stem + suffix)).is_file():
            return folder / (stem + suffix)
    image.load()
    opaque = jpeg or _opaque(image)
    if not too_big and not opaque:
        return None
    target = folder / (stem + (".jpg" if opaque else ".png"))
    image.thumbnail(max_size, Image.Resampling.LANCZOS)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if opaque:
        picture = image.convert("L" if image.mode in ("L", "LA") else "RGB")
        try:
            picture.save(temporary, "JPEG", quality=90, subsampling=0, optimize=True)
        except OSError:  # libjpeg's optimizing pass runs out of room on very noisy pictures
            picture.save(temporary, "JPEG", quality=90, subsampling=0)
    else:
        image.save(temporary, "PNG")
    os.replace(temporary, target)
    return target


@dataclass
class Resolver:
    """Resolve the URLs of one case study. Callable as ``resolver(url, kind)``: kind "image" or
    "link" answers the URL to write, or None to leave it out (an image that cannot be shown: said
    in ``problems``); kind "facts" answers what an image is (:class:`~brochure.models.ImageFacts`),
    or None when that cannot be told."""

    page_dir: Path
    static_dirs: tuple[Path, ...]
    content_dir: Path
    base_url: str = ""
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # problems that stop this case study
    used: set[str] = field(default_factory=set)  # files referenced, for cache keys and reports
    allow_network: bool = False
    image_cache: Path | None = None  # where downsampled copies of large images are kept
    max_size: tuple[int, int] = (960, 3000)  # pixels (width, height) an image needs at the chosen dpi
    static_targets: dict[Path, str] = field(default_factory=dict)  # a static folder served below the root URL
    content_mounts: tuple[tuple[str, Path], ...] = ()  # (where Hugo sees it, folder): other folders of the content
    site: SiteLinks | None = None  # the section's case studies by their pages' paths on the site
    page: Target | None = None  # this case study's own page (relative links start from it)

    def __call__(self, url: str, kind: str) -> str | ImageFacts | None:
        url = (url or "").strip()
        if kind == "image":
            return self.image(url)
        if kind in ("ref", "relref"):  # {{< ref "path" >}}: what Hugo prints, when it is a case study's page
            return self.site.ref(url, kind == "relref", self.page) if self.site is not None else None
        if kind == "facts":
            return self.facts(url)
        return self.link(url)

    def facts(self, url: str) -> ImageFacts | None:
        """What the image ``url`` is, for the Markdown stage to tell a picto from a figure; None for
        an image that is not a local file, or cannot be found or read (:meth:`image` says why)."""
        if not url or not is_local(url):
            return None
        try:
            found = self.find(url)
            if found is None or image_problem(found):
                return None
        except (OSError, RuntimeError, ValueError, Unreadable):
            return None
        from .pictures import image_facts  # pictures reads this module's RASTER

        self.used.add(str(found))  # what it is decides the page: part of its cache key
        return image_facts(found)

    def image(self, url: str) -> str | None:
        if not url:
            return self._missing("an image has no path")
        m = _SCHEME.match(url)
        if m:
            scheme = m.group(1).lower()
            if scheme == "data":
                return self.data_image(url)
            if scheme in ("http", "https"):
                if self.allow_network:
                    return url
                return self._missing(f"remote image not fetched (no network access; --allow-network fetches it): {short(url)}")
            return self._missing(f"image URL refused ({short(scheme, 20, 0)}: is not allowed): {short(url)}")
        if url.startswith("//"):
            if self.allow_network:
                return "https:" + url
            return self._missing(f"remote image not fetched (no network access; --allow-network fetches it): {short(url)}")
        try:
            found = self.find(url)
            if found is None:
                folders = ", ".join(short(folder, 60, 40) for folder in self.searched(url))
                return self._missing(f"image not found: {short(url)} (looked in {folders})")
            bomb = image_problem(found)
        except (OSError, RuntimeError, ValueError, Unreadable) as exc:  # the file system cannot answer
            return self._missing(f"image {short(url)} cannot be read: {short(exc) if isinstance(exc, Unreadable) else why(exc)}")
        if bomb:
            self.errors.append(short(f"image {short(url)} {bomb}", 200, 80))
            return None
        self.used.add(str(found))
        if self.image_cache is not None:
            found = downsampled(found, self.image_cache, self.max_size)
        return found.as_uri()

    def data_image(self, url: str) -> str | None:
        """A ``data:`` image, decoded (with a cap) and checked as a file is, a large one downsampled like
        a file; None (left out, with a one-line warning naming its type, not its payload) when it must
        not or cannot be drawn."""
        try:
            mime, data = decode(url)
            bomb = data_problem(mime, data)
        except Unreadable as exc:
            return self._missing(f"image {label(url)} cannot be shown: it {exc}")
        if bomb:
            return self._missing(f"image {label(url)} not drawn: it {bomb}")
        if self.image_cache is not None and not is_svg(mime, data):
            copy = downsampled_data(data, self.image_cache, self.max_size)
            if copy is not None:
                return copy.as_uri()
        return url

    def find(self, url: str) -> Path | None:
        path = _nfc(unquote(urlsplit(url).path))
        if path.startswith("/"):
            # Hugo also serves bundle resources and content files under /section/...
            return self._mounted(path.lstrip("/"), list(self.content_mounts) or [("", self.content_dir)])
        page = self._in_content()
        found = find_file(self.content_dir, str(page / path)) if page is not None else None
        if found is None and not path.startswith("."):
            # themes often treat a relative front-matter image as relative to the site root
            found = self._mounted(path, [])
        return found

    def _mounted(self, path: str, content: list[tuple[str, Path]]) -> Path | None:
        """The file the site serves at ``/path`` from its static folders (each where it is mounted),
        else from the folders of ``content``."""
        for target, folder in [(self.static_targets.get(f, ""), f) for f in self.static_dirs] + content:
            if not target or path.startswith(target + "/"):
                found = find_file(folder, path[len(target):].lstrip("/"))
                if found:
                    return found
        return None

    def searched(self, url: str) -> list[Path]:
        """The folders :meth:`find` looks in for ``url``, in its order."""
        path = _nfc(unquote(urlsplit(url).path))
        if path.startswith("/"):
            return [*self.static_dirs, *([f for _t, f in self.content_mounts] or [self.content_dir])]
        in_content = self._in_content() is not None
        return [*([self.page_dir] if in_content else []), *(() if path.startswith(".") else self.static_dirs)]

    def _in_content(self) -> Path | None:
        """The page's folder relative to the content folder, or None when it is not inside."""
        try:
            return self.page_dir.resolve().relative_to(self.content_dir.resolve())
        except (OSError, RuntimeError, ValueError):
            return None

    def link(self, url: str) -> str | None:
        """A link's URL as the PDF writes it: a case study's page as :class:`SiteLinks` answers (the
        brochure makes it the case study's anchor), another page of the site absolute when the base
        URL is known (else None: the words stay), web, mail and phone links as they are."""
        if not url or url.startswith("#"):
            return url or None
        if self.site is not None:
            target = self.site.target(url, self.page)
            if target is not None:
                return self.site.answer(target)
            url = self.site.on_site(url, self.page)
        m = _SCHEME.match(url)
        if m:
            if m.group(1).lower() in LINK_SCHEMES:
                return url
            self.problems.append(short(f"link to {short(url)} removed: a {short(m.group(1).lower(), 20, 0)}: link "
                                       "cannot work in a PDF (the words stay)", 200, 80))
            return None
        if url.startswith("//"):
            return "https:" + url
        if self.base_url:
            return urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/")) if url.startswith("/") else None
        return None

    def _missing(self, message: str) -> None:
        """An image that cannot be shown: said in the report, left out of the page."""
        self.problems.append(short(message, 200, 80))
        return None


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str  # "normal" or "italic"
    url: str
    path: Path


def font_face(path: Path) -> FontFace:
    """Family, weight and style of a font file (TTF, OTF, WOFF, WOFF2), read from its tables."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        names = font["name"]
        family = (names.getDebugName(16) or names.getDebugName(1) or path.stem).strip()
        weight = int(getattr(font.get("OS/2"), "usWeightClass", 400) or 400)
        italic = bool(getattr(font.get("OS/2"), "fsSelection", 0) & 1) or bool(font["head"].macStyle & 2)
    weight = max(100, min(900, round(weight / 100) * 100))  # 275 (some ExtraLights): CSS takes hundreds
    return FontFace(family=family, weight=weight, style="italic" if italic else "normal",
                    url=path.as_uri(), path=path)


def font_faces(paths: tuple[Path, ...]) -> tuple[list[FontFace], list[str]]:
    """The brand's font files as @font-face data; unreadable files are reported, not fatal."""
    faces, problems = [], []
    for path in paths:
        try:
            faces.append(font_face(path))
        except Exception as exc:  # fontTools raises many kinds on a damaged file
            problems.append(f"font file {path} cannot be read ({type(exc).__name__}); it is not used")
    return faces, problems
