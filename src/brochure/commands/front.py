"""What a case study shows besides its Markdown body, taken from its front matter: its client's
logo and its featured picture, told apart by what the images are, and the text that stands for
an empty body. Used by ``prepare``; never imports WeasyPrint.

The featured picture is where sites keep it (the keys of ``[fields] picture``: ``images``, as
Hugo's own Open Graph and Twitter templates read it, ``featured_image``, ``cover``…), else the
page bundle's image Hugo's templates feature (``*feature*``, else ``*cover*`` or
``*thumbnail*``). Every path goes through the case study's resolver, so through the same sandbox
as the body's images.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from .. import assets, logos, pictures
from ..config import Config
from ..hugo_rules import featured_resource, lookup, lookup_path, resource_names, split_lang
from ..models import CaseStudy
from ..paths import Unreadable

IMAGE_KEYS = ("image", "src", "url")  # where a table (cover: {image: …}) keeps its image
VISIBLE = 1.5  # the contrast under which the company's logo is set on a dark card (a white logo)


@dataclass
class Found:
    """An image named by the case study: where it was named, its URL, the file and what it looks like."""

    key: str
    url: str
    file: Any = None  # Path of a local file, else None
    look: str | None = None


def image_value(value: Any) -> str | None:
    """The image a front-matter value names: a string, the first item of a list, or a table's
    ``image`` (else ``src``, ``url``), as sites write them."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = next((v for v in (lookup(value, k) for k in IMAGE_KEYS) if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _named(case: CaseStudy, keys: tuple[str, ...]) -> tuple[str, str] | None:
    for key in keys:
        url = image_value(lookup_path(case.params, key))
        if url:
            return key, url
    return None


def _featured(config: Config, case: CaseStudy) -> tuple[str, str] | None:
    """The page bundle's image Hugo's templates feature (for a leaf bundle's page only)."""
    if split_lang(case.path.stem, config.languages)[0] != "index":
        return None
    files = pictures.bundle_images(case.path, config.content_dir)
    found = featured_resource(resource_names(files, case.params)) if files else None
    return ("the bundle's " + found, "./" + quote(found)) if found else None


def _found(named: tuple[str, str] | None, resolver: assets.Resolver) -> Found | None:
    if named is None:
        return None
    found = Found(*named)
    try:
        found.file = resolver.find(found.url) if assets.is_local(found.url) else None
        if found.file is not None and assets.image_problem(found.file) is None:
            found.look = pictures.image_look(found.file)
            resolver.used.add(str(found.file))  # what it looks like decides the page: part of its cache key
    except (OSError, RuntimeError, ValueError, Unreadable):  # the resolver says what is wrong when it draws it
        found.file, found.look = None, None
    return found


def _readable(found: Found | None, resolver: assets.Resolver) -> Found | None:
    """``found``, unless it is a file that cannot be read as an image (said once: it is not drawn,
    rather than leave an empty frame)."""
    if found is not None and found.look == pictures.UNREADABLE:
        resolver.problems.append(f"{found.key}: {found.url} cannot be read as an image; not drawn")
        return None
    return found


def _a_logo(found: Found) -> bool:
    """Whether an image named as the picture is surely a logo: a tiny image, or one whose file
    name says so (an illustration may be an SVG or transparent too: it stays a picture)."""
    return found.look == pictures.ICON or "logo" in found.url.rsplit("/", 1)[-1].lower()


def logo_and_picture(config: Config, case: CaseStudy, resolver: assets.Resolver,
                     max_size: tuple[int, int], panel: str) -> dict[str, Any]:
    """The view's ``logo``, ``logo_box`` (see :func:`set_logo`), ``picture`` and ``picture_fit``: a photo named as the logo is the
    picture, a logo named as the picture (a tiny image, or a file named so) is the logo, when the
    other slot is free. ``picture_fit`` is "cover" for a photo (cropped to its frame), "contain"
    for anything else (a screenshot, a diagram: shown whole)."""
    logo = _readable(_found(_named(case, config.fields["logo"]), resolver), resolver)
    picture = _readable(_found(_named(case, config.fields["picture"]) or _featured(config, case), resolver), resolver)
    same = logo is not None and picture is not None and (logo.url == picture.url or (
        logo.file is not None and logo.file == picture.file))
    if logo is not None and logo.look == pictures.PHOTO:
        if picture is not None and not same:
            resolver.problems.append(f"{logo.key}: {logo.url} is a photo, not a logo: not drawn in the header "
                                     f"({picture.key} is the featured picture)")
        picture, logo = picture or logo, None
    elif picture is not None and _a_logo(picture) and (logo is None or same):
        logo, picture = logo or picture, None
    elif same:
        picture = None
    wide = replace(resolver, max_size=max_size)  # the same report, a picture's own resolution
    return {
        **set_logo(config, case, resolver, logo, panel),
        "picture": wide(picture.url, "image") if picture else None,
        "picture_fit": "cover" if picture and picture.look == pictures.PHOTO else "contain",
    }


def set_logo(config: Config, case: CaseStudy, resolver: assets.Resolver, logo: Found | None,
             panel: str) -> dict[str, Any]:
    """The view's ``logo`` (a URL) and ``logo_box`` (how it is set on the ``panel`` colour: see
    ``logos.placement``): the logo, or the version of it named by ``[fields] logo_variants`` that
    is legible on the panel, on a card when none is."""
    if logo is None:
        return {"logo": None, "logo_box": None}
    candidates = [logo]
    for key in config.fields["logo_variants"]:
        variant = _readable(_found(_named(case, (key,)), resolver), resolver)
        if variant is not None and variant.file is not None and variant.look not in (pictures.PHOTO, None):
            candidates.append(variant)
    inks = [(f.url, logos.ink(f.file) if f.file is not None and f.look is not None else None) for f in candidates]
    url, ink, card, measured = logos.choose(inks, panel)
    if ink is None:  # missing, remote or not an image Pillow reads: drawn in the template's own box
        return {"logo": resolver(logo.url, "image"), "logo_box": None}
    return {"logo": resolver(url, "image"), "logo_box": logos.placement(ink, card, measured)}


def stand_in(config: Config, case: CaseStudy) -> tuple[str, str, str] | None:
    """(key, Markdown, the value as written) of the first ``[fields] summary`` key set: the text
    shown when the body is empty, as Hugo's ``.Summary`` then ``.Description`` (a description is
    plain text, as Hugo prints it; a list is a bulleted list)."""
    for key in config.fields["summary"]:
        value = lookup_path(case.params, key)
        text = _markdown(value, plain=key.lower() == "description")
        if text:
            return key, text, str(value).strip()
    return None


def text_keys(config: Config, case: CaseStudy) -> list[str]:
    """Front-matter keys holding a few words of text that no field reads: where a site may keep
    its text (said when a case study shows none)."""
    read = {k.lower() for keys in config.fields.values() for k in keys} | {"title", "linktitle", "slug", "url"}
    return [str(k) for k, v in case.params.items() if str(k).lower() not in read and isinstance(v, str)
            and len(v.split()) >= 4][:3]


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _markdown(value: Any, plain: bool) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, list):
        items = [_markdown(v, plain).replace("\n", "\n  ") for v in value if not isinstance(v, (list, dict))]
        return "\n".join(f"- {item}" for item in items if item)
    if not isinstance(value, (str, int, float)):
        return ""
    text = str(value).strip()
    if plain:
        text = _PUNCTUATION.sub(r"\\\1", text)
    return "\n".join(line.strip() for line in text.splitlines())


def company_logo(config: Config) -> dict[str, Any]:
    """The company's logo as the cover, the back cover and the footers show it, on white: the logo,
    else its light version (``[theme] logo_light``) when only that one is legible on white, else
    the logo on a dark card; cropped to its ink (``logos.ink_only``: a mark in the middle of a
    large canvas gets the logo's height), ``logo_aspect`` the ink's width over its height."""
    files = [f for f in (config.company_logo, config.logo_light) if f is not None]
    if not files:
        return {"logo": None, "logo_card": "", "logo_aspect": 0.0}
    inks = [(f.as_uri(), ink) for f in files if (ink := _ink(f)) is not None]
    if not inks:
        return {"logo": files[0].as_uri(), "logo_card": "", "logo_aspect": 0.0}
    white = logos.rgb(logos.WHITE)
    # the company's own logo stays on white as its site shows it, unless it is all but invisible there
    url, ink = next(((u, i) for u, i in inks if i.background or logos.ink_contrast(i, white) >= VISIBLE), inks[0])
    card = "" if ink.background or logos.ink_contrast(ink, white) >= VISIBLE else "dark"
    path = next(f for f in files if f.as_uri() == url)
    url, aspect = logos.ink_only(path, ink, config.svg_images) or (url, ink.aspect)
    return {"logo": url, "logo_card": card, "logo_aspect": round(aspect, 3)}


def _ink(path) -> logos.Ink | None:
    try:
        return logos.ink(path)
    except Exception:  # a file Pillow or the SVG checks refuse: drawn as it is
        return None
