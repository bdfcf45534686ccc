"""Site mode's design from the company's own brand (part of stage 0): the ``[theme]`` values the
file leaves out, taken from what ``brand.discover`` found on the site (its logo, its typefaces'
font files, its heading and accent colours). A value written in ``[theme]`` always wins; a
colour that would not be legible on the page (below 3:1 on white, 4.5:1 for the text) is not used;
the band's accent is darkened until white text on it is legible.
"""

from __future__ import annotations

from typing import Any

from . import bounded, brand_cache, system_fonts
from .brand import Brand, Found, discover
from .brand_css import grey
from .logos import GRAPHICS, contrast, rgb
from .settings import is_colour
from .site import Site

WHITE = (255, 255, 255)
# the [theme] keys of the brand's colours (the role ``brand.discover`` finds each for: the key without _color)
COLOUR_KEYS = ("heading_color", "accent_color", "text_color", "link_color")


BUILT_IN = ("inter", "inter display")  # brochure's own typefaces (styles/fonts): always embedded
TEXT = 4.5  # WCAG 2.1, 1.4.3: the contrast of body text
SECONDS = 30  # the whole discovery (its SCSS child has 20 of them)
MEMORY = bounded.GIB


def read_brand(site: Site) -> tuple[Brand, str]:
    """What ``brand.discover`` finds, in a child process with a time and memory budget: a hostile
    site cannot hang or exhaust the run. Over it: an empty brand (the neutral design) and one line
    saying so ("brand not read from <site>: took over 30 s"), else "". Kept while the site's files
    stay as they were (``brand_cache``)."""
    now = brand_cache.state(site)
    kept = brand_cache.cached(site, now)  # the same files as when it was last read: what was found then
    if kept is not None:
        return kept, ""
    brand, problem = bounded.run(discover, (site,), SECONDS, MEMORY)
    if brand is None:
        return Brand(), f"brand not read from {site.root}: {problem or 'failed'}; the neutral design is used"
    brand_cache.keep(site, now, brand)
    return brand, ""


def embedded(brand: Brand, found: Found | None) -> bool:
    """Whether the family ``found`` names can be in the PDF: its files are in the site, or a family
    of that name is installed on this machine (a Google Fonts family from Debian's fonts-* packages)."""
    return brand.local(found) or (found is not None and (found.value.lower() in BUILT_IN
                                                         or system_fonts.installed(found.value)))


def legible(colour: str, ratio: float = GRAPHICS) -> bool:
    """Whether ``colour`` reaches ``ratio`` against white (3:1: a heading, a band under white text)."""
    return contrast(rgb(colour), WHITE) >= ratio


def usable(found: Found | None) -> bool:
    """Whether a colour the site gives is one (``#rrggbb``); any other value is left out, never put in the CSS."""
    return found is not None and is_colour(found.value) and len(found.value) == 7


def _accent(brand: Brand) -> str:
    """The band's colour: the accent, else the button's, the link's, the headings' or the logo's,
    the first that is not a grey; darkened (up to a third) until white text on it is legible."""
    for role in ("accent", "button", "link", "heading", "logo"):
        found = brand.colors.get(role)
        if usable(found) and not grey(found.value):
            for step in range(0, 35, 2):
                darker = "#" + "".join(f"{round(v * (1 - step / 100)):02x}" for v in rgb(found.value))
                if legible(darker):
                    return darker
    return ""


def site_theme(site: Site | None, values: dict[str, Any], explicit: set[str],
               warnings: list[str] | None = None) -> dict[str, Any]:
    """The ``[theme]`` values (``"theme.key"`` keys) with what the site's brand gives for those the
    file does not write; ``values`` as they were without a site or with ``brand = false``."""
    if site is None or not values.get("theme.brand", True):
        return values
    brand, problem = read_brand(site)
    if problem and warnings is not None:
        warnings.append(problem)
    out = {**values, "footer_logo": True}  # the company's logo in the footers too, as its site shows it

    def fill(key: str, value: Any) -> None:
        if f"theme.{key}" not in explicit and value:
            out[f"theme.{key}"] = value

    fill("logo", site.root / brand.logo.value if brand.logo else None)
    fill("logo_light", site.root / brand.logo_light.value if brand.logo_light else None)
    families = list(dict.fromkeys(f.value for f in (brand.font, brand.heading_font) if brand.local(f)))
    files = [(site.root / f.value, family) for family in families for f in brand.font_files[family]]
    fill("fonts", [path for path, _family in files])
    if "theme.fonts" not in explicit:
        # the family each file stands for in the site's CSS (its own name may differ)
        out["font_names"] = {path.resolve(): family for path, family in files}
        fill("font", brand.font.value if embedded(brand, brand.font) else "")
        fill("heading_font", brand.heading_font.value if embedded(brand, brand.heading_font) else "")
    for key in COLOUR_KEYS:
        found = brand.colors.get(key.removesuffix("_color"))
        fill(key, found.value if usable(found) and legible(found.value, TEXT if key == "text_color" else GRAPHICS) else "")
    accent = _accent(brand)
    fill("accent_color", accent)
    fill("default_color", accent)
    return out
