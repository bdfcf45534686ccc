"""The company behind the brochure, in site mode: its name, logo, web address and contact
details from the Hugo site's title, params and static files, where brochure.toml leaves them
empty (part of stage 0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .paths import within
from .site import Site, first_part


# where sites keep their company's facts in ``params`` (lower-cased, dotted for a table), first found wins
COMPANY_PARAMS = {
    "logo": ("logo_on_white", "logoonwhite", "logo", "logo.src", "logo.image", "site_logo", "sitelogo",
             "brand.logo", "images.logo", "header.logo", "navbar.logo"),
    "email": ("email", "contact.email", "emails.contact", "emails.info", "mail", "contact_email", "contactemail"),
    "phone": ("phone", "contact.phone", "telephone", "tel", "mobile", "contact.mobile"),
    "address": ("address", "contact.address", "location", "contact.location"),
}
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
# without a params key, the files sites call their logo (a vector drawing first)
LOGO_FILES = tuple(f"{folder}logo{suffix}" for folder in ("images/", "img/", "") for suffix in (".svg", ".png"))
def title_name(title: str) -> str:
    """The company's name in a site's title: what comes before a tagline's separator (site mode's
    one rule, :func:`site.first_part`)."""
    return first_part(title) or title.strip()


def param_text(params: dict[str, Any], key: str) -> str:
    value: Any = params
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def company_params(site: Site) -> dict[str, str]:
    """The company's ``logo`` (as written), ``email``, ``phone`` and ``address`` in the site's
    params, "" for each one not found; a value must be plain text (an ``address`` table is not read)."""
    return {what: next((v for v in (param_text(site.params, k) for k in keys) if v), "")
            for what, keys in COMPANY_PARAMS.items()}


def logo_file(site: Site, written: str) -> Path | None:
    """The file a site's ``params`` logo names: in its static folders, else its ``assets/`` (Hugo's
    assetDir), an image inside those folders only; None when it is not there (a URL, a missing file)."""
    name = written.strip().split("?")[0].lstrip("/")
    if not name or "://" in written or not name.lower().endswith(IMAGE_SUFFIXES):
        return None
    folders = [*site.static_dirs, site.root / "assets", *(theme / "assets" for theme in site.theme_dirs)]
    for folder in folders:
        candidate = folder / name
        if candidate.is_file() and within(candidate, folder):
            return candidate.resolve()
    return None


def company(site: Site | None, name: str, logo: Path | None, url: str, contact: dict[str, str]) -> dict[str, Any]:
    """The ``Config``'s company name, logo, web address and contact details: brochure.toml's, else
    the site's: its title's name (:func:`title_name`), its params (:func:`company_params`), a
    logo file named as sites name it (:data:`LOGO_FILES`), its ``baseURL`` when a web address."""
    found = company_params(site) if site else {}
    if site and not logo:
        logo = logo_file(site, found["logo"]) if found["logo"] else next(
            (f for f in (logo_file(site, n) for n in LOGO_FILES) if f), None)
    base = site.base_url.strip() if site else ""
    return {"company_name": name.strip() or (title_name(site.title) if site else ""), "company_logo": logo,
            "company_url": url.strip() or (base if base.startswith(("http://", "https://")) else ""),
            "company_contact": {k: v.strip() or found.get(k, "") for k, v in contact.items()}}
