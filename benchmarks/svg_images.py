"""The SVG files of the synthetic library (``generate.py``): pictos, the white dotted arrow,
the company logo and eight client logos."""

from __future__ import annotations

from pathlib import Path

_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"{attrs}>\n{body}\n</svg>\n'
_STROKE = ' fill="none" stroke="#2b6f8f" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"'
PICTOS = {
    "target": '<circle cx="30" cy="34" r="22"/><circle cx="30" cy="34" r="14"/><circle cx="30" cy="34" r="6"/>'
              '<path d="M30 34 L52 12"/><path d="M46 12 L52 12 L52 6"/>',
    "tools": '<path d="M14 50 L36 28"/><circle cx="42" cy="22" r="9"/><path d="M20 14 L50 44"/>'
             '<rect x="44" y="40" width="10" height="16" rx="2" transform="rotate(-45 49 48)"/>',
    "search-sun": '<circle cx="26" cy="26" r="14"/><path d="M36 36 L54 54"/>'
                  '<path d="M26 4 V8 M26 44 V48 M4 26 H8 M44 26 H48"/>',
    "clock": '<circle cx="32" cy="32" r="24"/><path d="M32 16 V32 L44 40"/>',
    "people": '<circle cx="22" cy="22" r="8"/><circle cx="44" cy="22" r="8"/>'
              '<path d="M8 52 C8 38 36 38 36 52"/><path d="M30 52 C30 38 58 38 58 52"/>',
    "database": '<ellipse cx="32" cy="14" rx="20" ry="7"/><path d="M12 14 V50 C12 58 52 58 52 50 V14"/>'
                '<path d="M12 32 C12 40 52 40 52 32"/>',
    "chart": '<path d="M8 56 H58"/><path d="M14 56 V36 M26 56 V24 M38 56 V30 M50 56 V12"/>',
    "context": '<rect x="10" y="10" width="44" height="44" rx="4"/><path d="M18 24 H46 M18 32 H46 M18 40 H36"/>',
}
ARROW = ('<g fill="#ffffff"><circle cx="3" cy="8" r="2"/><circle cx="10" cy="8" r="2"/>'
         '<circle cx="17" cy="8" r="2"/><circle cx="24" cy="8" r="2"/><circle cx="31" cy="8" r="2"/>'
         '<path d="M36 1.5 L46.5 8 L36 14.5 Z"/></g>')
LOGO_SHAPES = [
    '<path d="M6 62 L24 26 L34 44 L44 30 L60 62 Z" fill="#ffffff"/><circle cx="48" cy="16" r="6" fill="#ffffff"/>',
    '<circle cx="34" cy="40" r="24" fill="none" stroke="#ffffff" stroke-width="6"/><circle cx="34" cy="40" r="8" fill="#ffffff"/>',
    '<path d="M10 66 Q34 6 58 66 Z" fill="#ffffff"/>',
    '<rect x="10" y="14" width="20" height="20" fill="#ffffff"/><rect x="36" y="14" width="20" height="20" fill="#ffffff"/>'
    '<rect x="10" y="40" width="20" height="20" fill="#ffffff"/><rect x="36" y="40" width="20" height="20" fill="none" stroke="#ffffff" stroke-width="4"/>',
    '<path d="M8 40 C20 10 48 10 60 40 C48 70 20 70 8 40 Z" fill="none" stroke="#ffffff" stroke-width="5"/><circle cx="34" cy="40" r="9" fill="#ffffff"/>',
    '<path d="M34 8 L60 24 V56 L34 72 L8 56 V24 Z" fill="#ffffff"/>',
    '<path d="M8 52 Q22 22 34 40 T60 28" fill="none" stroke="#ffffff" stroke-width="6" stroke-linecap="round"/>',
    '<circle cx="20" cy="40" r="12" fill="#ffffff"/><circle cx="48" cy="40" r="12" fill="none" stroke="#ffffff" stroke-width="5"/>',
]
COMPANY_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80" viewBox="0 0 320 80">
  <g fill="none" stroke="#173541" stroke-width="5" stroke-linejoin="round"><path d="M40 8 L68 24 V56 L40 72 L12 56 V24 Z"/></g>
  <g fill="#173541"><circle cx="40" cy="30" r="5"/><circle cx="29" cy="48" r="5"/><circle cx="51" cy="48" r="5"/></g>
  <text x="84" y="40" font-family="Inter, sans-serif" font-size="24" font-weight="800" fill="#173541">Données &amp; Territoires</text>
  <text x="85" y="64" font-family="Inter, sans-serif" font-size="16" font-weight="500" fill="#173541" letter-spacing="4">CONSEIL</text>
</svg>
"""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_svgs(static: Path) -> list[str]:
    images = static / "images"
    (images / "logos").mkdir(parents=True, exist_ok=True)
    for name, body in PICTOS.items():
        (images / f"{name}.svg").write_text(_SVG.format(w=64, h=64, attrs=_STROKE, body=body), encoding="utf-8")
    (images / "white-dotted-arrow.svg").write_text(_SVG.format(w=48, h=16, attrs="", body=ARROW), encoding="utf-8")
    (images / "logo-company.svg").write_text(COMPANY_LOGO, encoding="utf-8")
    logos = []
    for i, shape in enumerate(LOGO_SHAPES):
        top, bottom = [("Ville de", "Vallon"), ("Région", "Horizon"), ("Agence", "Sources"),
                       ("Fédération", "Solidaires"), ("Énergies", "du Rhône"), ("Pays", "d'Argent"),
                       ("Transports", "Liane"), ("Direction", "Numérique")][i]
        body = (shape + f'\n<text x="72" y="34" font-family="Inter, sans-serif" font-size="16" font-weight="500" '
                f'fill="#ffffff">{_xml(top)}</text>\n<text x="72" y="58" font-family="Inter, sans-serif" '
                f'font-size="22" font-weight="800" fill="#ffffff">{_xml(bottom)}</text>')
        name = f"logo-{i + 1:02d}.svg"
        (images / "logos" / name).write_text(_SVG.format(w=240, h=80, attrs="", body=body), encoding="utf-8")
        logos.append(f"/images/logos/{name}")
    return logos

