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

    python benchmarks/generate.py /tmp/site --n 500 --seed 1
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import os
import random
import shutil
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

POOL_SIZE = 20
MIN_IMAGE = 500 * 1024          # bytes: every screenshot lands in [MIN_IMAGE, MAX_IMAGE]
MAX_IMAGE = 2 * 1000 * 1000

PROJECTS = {
    "collectivites": ("Collectivités territoriales", "#173541",
                      "Régions, départements, métropoles et communes que nous accompagnons dans "
                      "l’ouverture et la valorisation de leurs données."),
    "entreprises": ("Entreprises et associations", "#7a2e4d",
                    "Entreprises, fédérations et associations qui font de la donnée un levier de "
                    "service et de transparence."),
    "etat": ("Administrations d'État", "#1f5f5b",
             "Ministères, directions et opérateurs de l’État engagés dans une politique de la "
             "donnée au service de l’action publique."),
}

# --- vocabulary ------------------------------------------------------------------------------

PLACES = [
    "Occitanie", "Bretagne", "Grand Est", "Normandie", "Hauts-de-France", "Nouvelle-Aquitaine",
    "Auvergne-Rhône-Alpes", "Centre-Val de Loire", "Bourgogne-Franche-Comté", "Pays de la Loire",
    "Val-de-Sèvre", "Haute-Garonne", "Gironde", "Loire-Atlantique", "Isère", "Finistère",
    "Côtes-d'Armor", "Pyrénées-Orientales", "Savoie", "Hérault", "Morbihan", "Vendée", "Drôme",
    "Ardèche", "Aveyron", "Lozère", "Cantal", "Jura", "Vosges", "Meuse", "Oise", "Somme",
    "Montferrand-les-Bains", "Saint-Aubin-du-Lac", "Villeneuve-sur-Orne", "Brocéliande",
    "Rives de Loire", "Val d'Argent", "Pays de Retz", "Grand Chambéry", "Plaine de l'Ain",
    "Côte d'Émeraude", "Pays basque", "Cévennes", "Vallée de la Marne", "Sud-Ardennes",
]
CLIENTS = {
    "collectivites": [
        ("Région {p}", "la Région {p}"), ("Département {d}", "le Département {d}"),
        ("Métropole {p}", "la Métropole {p}"), ("Ville de {v}", "la ville de {v}"),
        ("Communauté d'agglomération {v}", "la communauté d'agglomération {v}"),
        ("Syndicat mixte {p}", "le syndicat mixte {p}"),
        ("Pays {v}", "le Pays {v}"),
    ],
    "entreprises": [
        ("Énergies {p}", "Énergies {p}, distributeur régional d'énergie"),
        ("Fédération {a}", "la Fédération {a}"), ("Mutuelle {p}", "la Mutuelle {p}"),
        ("Transports {p}", "Transports {p}, opérateur de mobilité"),
        ("Coopérative {a}", "la Coopérative {a}"), ("Eaux {p}", "Eaux {p}, régie d'eau potable"),
    ],
    "etat": [
        ("Direction interministérielle {s}", "la Direction interministérielle {s}"),
        ("Agence nationale {s}", "l'Agence nationale {s}"),
        ("Ministère {m}", "le Ministère {m}"), ("Institut national {s}", "l'Institut national {s}"),
        ("Préfecture {d}", "la préfecture {d}"),
    ],
}
ASSOC = ["des associations solidaires", "des acteurs du logement", "des centres sociaux",
         "des producteurs bio", "des jardins partagés", "des entreprises d'insertion",
         "des ressourceries", "de l'habitat participatif"]
STATE = ["du numérique", "de l'eau et des milieux", "de la cohésion des territoires",
         "des données publiques", "de la statistique locale", "des mobilités",
         "de l'information géographique", "de la santé environnementale"]
MINISTRY = ["de la Transition écologique", "de l'Agriculture", "de la Culture",
            "de l'Éducation nationale", "du Travail", "des Solidarités"]
DEPT_OF = ["de la Haute-Garonne", "de la Gironde", "de l'Isère", "du Finistère", "de la Savoie",
           "de l'Hérault", "du Morbihan", "de la Vendée", "de la Drôme", "du Jura", "des Vosges"]

DATA = ["données budgétaires", "données de mobilité", "données environnementales",
        "données de la commande publique", "données d'urbanisme", "données énergétiques",
        "données de santé agrégées", "données culturelles", "données touristiques",
        "données d'état civil anonymisées", "données de qualité de l'eau", "données cadastrales",
        "données des subventions", "données de fréquentation", "horaires de transport",
        "adresses et bases locales", "données de consommation", "indicateurs sociaux"]
TOOLS = ["un portail open data", "un entrepôt de données", "un catalogue de métadonnées",
         "une plateforme d'API", "un tableau de bord partagé", "un outil de datavisualisation",
         "un référentiel d'adresses", "un système d'information géographique",
         "une base de connaissances", "un outil de cartographie des données"]
AUDIENCES = ["les élus", "les agents", "les habitants", "les partenaires",
             "les réutilisateurs", "les directions métier", "les communes membres",
             "les associations locales", "les start-up du territoire", "les chercheurs"]
DURATIONS = ["3 mois", "6 mois", "9 mois", "1 an", "18 mois", "2 ans", "3 ans", "4 ans"]
LINKS = [
    ("guide d'Etalab", "https://guides.etalab.gouv.fr/"),
    ("data.gouv.fr", "https://www.data.gouv.fr/"),
    ("Gazette des Communes", "https://www.lagazettedescommunes.com/"),
    ("CNIL", "https://www.cnil.fr/fr/collectivites-territoriales"),
    ("Observatoire de l'open data des territoires", "https://www.observatoire-opendata.fr/"),
    ("socle commun des données locales", "https://scdl.opendatafrance.net/"),
    ("point d'accès national", "https://transport.data.gouv.fr/"),
    ("licence ouverte", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
    ("validateur de schémas", "https://validata.fr/"),
    ("portail régional", "https://data.example.fr/"),
]

OBJECTIVES = [
    "Faire de {c} un acteur de référence de l'ouverture des {data}",
    "Accompagner l'organisation dans la transition vers l'open data par défaut",
    "Structurer une gouvernance de la donnée partagée entre {aud} et {aud2}",
    "Publier les {data} dans des formats ouverts, documentés et mis à jour",
    "Choisir et déployer {tool} adapté à la taille de l'organisation",
    "Sécuriser les traitements de données personnelles dans le respect du RGPD",
    "Faire monter en compétences {aud} sur la qualité et la réutilisation des données",
    "Répondre aux obligations de la loi pour une République numérique",
    "Mutualiser la production des {data} à l'échelle du territoire",
    "Rendre lisibles pour {aud} les décisions fondées sur les {data}",
    "Réduire le temps consacré aux demandes d'accès aux documents administratifs",
    "Encourager la réutilisation des {data} par {aud}",
    "Mesurer l'impact de la politique de la donnée et en rendre compte chaque année",
    "Doter {c} d'une feuille de route de la donnée sur {dur}",
]
APPROACH = [
    "Sensibilisation à l'open data en comité de direction et désignation des référents",
    "Cartographie « grosses mailles » des {data} détenues par {c}",
    "Entretiens avec {n} producteurs de données et responsables de service",
    "Définition collective d'une charte de la donnée, adoptée en assemblée",
    "Rédaction du cahier des charges d’{tool} et analyse des offres",
    "Accompagnement à la recette puis à la mise en production d’{tool}",
    "Ateliers de co-construction avec {aud} sur les usages attendus",
    "Audit de la qualité des {data} et plan de correction priorisé",
    "Production d'éléments de communication et d'un kit de présentation pour {aud}",
    "Animation d'un club mensuel des référents données, en présentiel et à distance",
    "Benchmark des solutions de portail et des pratiques de {n} collectivités comparables",
    "Conception de schémas de données conformes au [{lt}]({lu})",
    "Formation de {n} agents à la publication et à la documentation des jeux de données",
    "Mise en place d'indicateurs de suivi et d'un tableau de bord trimestriel",
    "Rédaction de clauses « données » types pour les marchés publics et les délégations",
    "Organisation d'un hackathon ouvert aux étudiants, aux associations et aux entreprises",
]
RESULTS = [
    "{month} {year} : premières retombées presse dans la [{lt}]({lu}) grâce à l'ambition du projet",
    "{month} {year} : constitution d'un réseau interne de {n} correspondants données",
    "Un [portail]({lu}) lancé avec plus de {n3} jeux de données, dont les {data}",
    "{n} agents formés, avec un taux de satisfaction de {pct} %",
    "Une charte de la donnée adoptée à l'unanimité par {aud}",
    "{month} {year} : remise d'un trophée de l'open data pour les territoires",
    "Des {data} mises à jour chaque semaine et moissonnées par [data.gouv.fr](https://www.data.gouv.fr/)",
    "Un délai de réponse aux demandes d'accès divisé par {k}",
    "{n} réutilisations recensées, dont une application mobile grand public",
    "Une feuille de route sur {dur} validée en comité de pilotage",
    "Un budget de {n} k€ mobilisé pour la seconde phase du projet",
]
SENTENCES = [
    "{C} souhaitait ouvrir ses {data} sans alourdir le travail de ses équipes.",
    "La démarche a commencé par un état des lieux partagé avec {aud} et {aud2}.",
    "Les {data} étaient dispersées entre plusieurs services, dans des tableurs rarement documentés.",
    "Nous avons proposé une méthode progressive, fondée sur des jeux de données prioritaires et des gains visibles dès les premiers mois.",
    "Chaque atelier a donné lieu à un compte rendu publié sur l'intranet, pour que chacun puisse suivre l'avancement du projet.",
    "La question de la qualité s'est posée très tôt : un jeu de données publié doit être tenu à jour, sinon il perd ses réutilisateurs.",
    "Le choix d’{tool} s'est fait sur la base d'une grille de critères construite avec les directions métier.",
    "Les élus ont souhaité que la démarche reste lisible pour les habitants, avec des visualisations simples et des explications en français courant.",
    "Un comité de pilotage réuni tous les trimestres a arbitré les priorités et suivi les indicateurs.",
    "La mission s'est appuyée sur le [{lt}]({lu}), qui fixe un cadre commun aux acteurs publics.",
    "Les services informatiques ont été associés dès le départ, ce qui a facilité l'intégration d’{tool} au système d'information existant.",
    "Au-delà de la conformité réglementaire, l'enjeu était de faire de la donnée un outil de pilotage au quotidien.",
    "Les premiers jeux publiés ont porté sur les {data}, fortement demandées par {aud}.",
    "Nous avons rédigé un guide pratique de la publication, illustré d'exemples tirés des services eux-mêmes.",
    "Plusieurs réunions publiques ont permis de recueillir les attentes des habitants et des associations.",
    "Le calendrier a été adapté aux contraintes budgétaires, sans renoncer aux objectifs de la feuille de route.",
    "Un travail fin sur les métadonnées a rendu les jeux de données plus faciles à trouver et à comprendre.",
    "La phase pilote a concerné {n} services volontaires, avant une généralisation à l'ensemble de l'organisation.",
    "Les retours des réutilisateurs ont été intégrés au fil de l'eau, grâce à un formulaire de contact simple.",
    "L'accompagnement s'est terminé par un bilan partagé et des recommandations pour les années suivantes.",
    "La direction générale a porté le projet, ce qui a donné aux référents la légitimité nécessaire.",
    "Le « club des référents » est devenu un lieu d'échange apprécié, au-delà des seules questions d'open data.",
    "Le transfert de compétences vers les équipes internes était une condition explicite du marché.",
    "Des indicateurs simples — nombre de jeux publiés, fraîcheur, téléchargements — ont été suivis chaque mois.",
]
CAPTIONS = [
    "Capture d'écran du portail mis en service à l'issue de la mission : la page d'accueil met en avant les jeux de données les plus consultés.",
    "Le tableau de bord de suivi, partagé avec les directions, présente chaque mois la fraîcheur et l'usage des données publiées.",
    "La carte interactive construite à partir des {data} a été présentée aux élus lors du comité de pilotage.",
    "Vue du catalogue de données : chaque jeu est décrit par des métadonnées normalisées, une licence et une fréquence de mise à jour.",
    "Atelier de co-construction avec {aud} : priorisation des jeux de données à publier.",
    "Extrait du référentiel partagé, publié sous licence ouverte et mis à jour automatiquement.",
]
QUESTIONS = [("Durée de l'intervention", "clock", lambda r: r.choice(DURATIONS)),
             ("Durée de l'intervention (en cours)", "clock", lambda r: r.choice(DURATIONS)),
             ("Jeux de données publiés", "database", lambda r: str(r.randrange(20, 400))),
             ("Agents formés", "people", lambda r: str(r.randrange(15, 300))),
             ("Communes accompagnées", "people", lambda r: str(r.randrange(8, 120))),
             ("Téléchargements par mois", "chart", lambda r: f"{r.randrange(2, 90)} 000")]
MONTHS = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Septembre",
          "Octobre", "Novembre", "Décembre"]
WORDS = ("données ouvertes portail jeu catalogue métadonnées licence mise à jour producteur "
         "service direction territoire habitants élus référents qualité API format tableau "
         "carte indicateur budget mobilité énergie eau culture tourisme publication export "
         "téléchargement réutilisation recherche filtre thème organisation commune région").split()

# --- SVG -----------------------------------------------------------------------------------------

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


def _write_svgs(static: Path) -> list[str]:
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


# --- screenshots ---------------------------------------------------------------------------------

_FONTS: dict[int, ImageFont.FreeTypeFont] = {}


def _font(size: int):
    if size not in _FONTS:
        try:
            _FONTS[size] = ImageFont.load_default(size=size)
        except (TypeError, OSError):  # Pillow without FreeType: bitmap font
            _FONTS[size] = ImageFont.load_default()
    return _FONTS[size]


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b))


def _noise(rng: random.Random, w: int, h: int) -> Image.Image:
    """Uniform grey noise (0..255), from Python's seeded generator (deterministic)."""
    return Image.frombytes("L", (w, h), rng.randbytes(w * h))


def _smooth(rng: random.Random, w: int, h: int, cells: int) -> Image.Image:
    """Smooth 'terrain' noise: coarse noise scaled up with bicubic, then stretched."""
    cw, ch = max(2, w // cells), max(2, h // cells)
    img = _noise(rng, cw, ch).resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(max(1, cells // 4)))
    return ImageOps.autocontrast(img)


def _text(draw, xy, text, **kw):
    """Draw ``text`` without accents: Pillow's bundled font has no glyph for them."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    draw.text(xy, plain, **kw)


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(k))


def _text_rows(draw, rng, x, y, w, rows, size=15, color=(80, 86, 96), real=True):
    """Paragraph-like rows: real words (anti-aliased) or word-shaped grey bars."""
    font = _font(size)
    step = int(size * 1.6)
    for r in range(rows):
        line_w = w if r < rows - 1 else int(w * rng.uniform(0.3, 0.8))
        if real:
            text = _words(rng, max(2, line_w // (size * 4)))
            _text(draw, (x, y + r * step), text, fill=color, font=font)
        else:
            cx = x
            while cx < x + line_w:
                ww = rng.randrange(size, size * 6)
                draw.rectangle([cx, y + r * step + 3, min(cx + ww, x + line_w), y + r * step + size - 2],
                               fill=_mix(color, (255, 255, 255), 0.45))
                cx += ww + size // 2
    return y + rows * step


class _Shot:
    """One screenshot: a UI layout plus 'photo' areas whose grain sets the file size."""

    def __init__(self, rng: random.Random, kind: str, size: tuple[int, int], accent: str):
        self.rng, self.kind, self.size = rng, kind, size
        self.accent = _hex(accent)
        self.photos: list[tuple[int, int, int, int]] = []  # boxes that get grain
        self.base = self._draw()
        # The grain is drawn once (seeded) and scaled by an amplitude when encoding.
        self.grain = [_noise(rng, b[2] - b[0], b[3] - b[1]) for b in self.photos]
        self.grain_rgb = [Image.merge("RGB", (g, g.transpose(Image.FLIP_LEFT_RIGHT), g.transpose(Image.FLIP_TOP_BOTTOM)))
                          for g in self.grain]

    # layout ----------------------------------------------------------------------------------
    def _photo(self, img, box, palette):
        """A photo-like area: smooth colour blobs (grain is added later)."""
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        blob = _smooth(self.rng, w, h, self.rng.choice([6, 10, 16]))
        colored = ImageOps.colorize(blob, black=palette[0], white=palette[2], mid=palette[1])
        light = Image.linear_gradient("L").resize((w, h)).rotate(self.rng.choice([0, 90, 180]))
        colored = Image.blend(colored, ImageOps.colorize(light, (20, 20, 30), (250, 245, 235)), 0.25)
        img.paste(colored, (x0, y0))
        self.photos.append(box)

    def _draw(self) -> Image.Image:
        rng, (W, H) = self.rng, self.size
        s = W / 1920  # scale factor for retina-sized shots
        img = Image.new("RGB", (W, H), (247, 248, 250))
        d = ImageDraw.Draw(img)
        acc = self.accent
        # Browser chrome and the site's header (a gradient).
        d.rectangle([0, 0, W, int(38 * s)], fill=(222, 225, 230))
        for i, c in enumerate([(237, 106, 94), (245, 191, 79), (98, 197, 84)]):
            d.ellipse([int((14 + 22 * i) * s), int(12 * s), int((28 + 22 * i) * s), int(26 * s)], fill=c)
        d.rounded_rectangle([int(110 * s), int(8 * s), int(900 * s), int(30 * s)], radius=int(8 * s), fill=(250, 250, 252))
        _text(d, (int(124 * s), int(11 * s)), "https://data." + rng.choice(["region", "ville", "agence", "metropole"]) + ".fr/"
               + "/".join(rng.choice(WORDS) for _ in range(2)), fill=(90, 90, 90), font=_font(int(15 * s)))
        header = ImageOps.colorize(Image.linear_gradient("L").rotate(90).resize((W, int(70 * s))),
                                   black=acc, white=_mix(acc, (255, 255, 255), 0.35))
        img.paste(header, (0, int(38 * s)))
        _text(d, (int(28 * s), int(58 * s)), rng.choice(["Open Data", "Portail des données", "Tableau de bord",
                                                       "Observatoire", "Data Territoires"]),
               fill=(255, 255, 255), font=_font(int(28 * s)))
        nx = int(W * 0.45)
        for item in rng.sample(["Données", "Thèmes", "Producteurs", "Réutilisations", "API", "Actualités",
                                "À propos", "Contact"], 6):
            _text(d, (nx, int(64 * s)), item, fill=(240, 244, 248), font=_font(int(18 * s)))
            nx += int(W * 0.085)
        top = int(108 * s)
        palettes = [((20, 40, 60), (90, 130, 110), (220, 210, 180)), ((30, 30, 50), (160, 90, 70), (240, 220, 200)),
                    ((10, 50, 80), (60, 140, 170), (230, 240, 235)), ((40, 60, 20), (120, 150, 80), (235, 230, 200))]
        pal = rng.choice(palettes)
        if self.kind == "portail":
            hero_h = int(H * rng.uniform(0.28, 0.38))
            self._photo(img, (0, top, W, top + hero_h), pal)
            d.rounded_rectangle([int(W * 0.2), top + hero_h // 2 - int(28 * s), int(W * 0.8), top + hero_h // 2 + int(28 * s)],
                                radius=int(28 * s), fill=(255, 255, 255))
            _text(d, (int(W * 0.22), top + hero_h // 2 - int(12 * s)), "Rechercher un jeu de données…",
                   fill=(140, 140, 150), font=_font(int(22 * s)))
            y = top + hero_h + int(30 * s)
            cols, gap = 3, int(28 * s)
            cw = (W - gap * (cols + 1)) // cols
            while y < H - int(60 * s):
                ch = int(rng.uniform(200, 260) * s)
                for c in range(cols):
                    x = gap + c * (cw + gap)
                    d.rounded_rectangle([x, y, x + cw, y + ch], radius=int(10 * s), fill=(255, 255, 255), outline=(225, 228, 233))
                    tw = int(ch * 0.55)
                    self._photo(img, (x + int(12 * s), y + int(12 * s), x + int(12 * s) + tw, y + int(12 * s) + tw), rng.choice(palettes))
                    tx = x + tw + int(26 * s)
                    _text(d, (tx, y + int(16 * s)), _words(rng, 3).capitalize(), fill=acc, font=_font(int(20 * s)))
                    _text_rows(d, rng, tx, y + int(50 * s), x + cw - tx - int(14 * s), 4, int(14 * s), real=rng.random() < 0.6)
                    tagx = tx
                    for _ in range(rng.randrange(1, 4)):
                        tag = rng.choice(WORDS)
                        tw2 = int((len(tag) * 9 + 20) * s)
                        d.rounded_rectangle([tagx, y + ch - int(40 * s), tagx + tw2, y + ch - int(14 * s)],
                                            radius=int(12 * s), fill=_mix(acc, (255, 255, 255), 0.8))
                        _text(d, (tagx + int(10 * s), y + ch - int(36 * s)), tag, fill=acc, font=_font(int(14 * s)))
                        tagx += tw2 + int(8 * s)
                y += ch + gap
        elif self.kind == "dashboard":
            side = int(250 * s)
            d.rectangle([0, top, side, H], fill=_mix(acc, (0, 0, 0), 0.3))
            for i in range(12):
                _text(d, (int(24 * s), top + int((30 + 46 * i) * s)), _words(rng, 2).capitalize(),
                       fill=(220, 228, 235), font=_font(int(17 * s)))
            x0, y = side + int(30 * s), top + int(30 * s)
            kw = (W - x0 - int(30 * s) * 4) // 4
            for i in range(4):
                x = x0 + i * (kw + int(30 * s))
                d.rounded_rectangle([x, y, x + kw, y + int(120 * s)], radius=int(10 * s), fill=(255, 255, 255), outline=(225, 228, 233))
                _text(d, (x + int(18 * s), y + int(16 * s)), _words(rng, 2), fill=(110, 115, 125), font=_font(int(16 * s)))
                _text(d, (x + int(18 * s), y + int(48 * s)), f"{rng.randrange(10, 9999):,}".replace(",", " "), fill=acc, font=_font(int(40 * s)))
            y += int(150 * s)
            half = (W - x0 - int(60 * s)) // 2
            ch = int(H * 0.33)
            # line chart
            d.rounded_rectangle([x0, y, x0 + half, y + ch], radius=int(10 * s), fill=(255, 255, 255), outline=(225, 228, 233))
            for g in range(6):
                gy = y + int(40 * s) + g * (ch - int(60 * s)) // 5
                d.line([x0 + int(40 * s), gy, x0 + half - int(20 * s), gy], fill=(235, 237, 240), width=max(1, int(s)))
            for series in range(3):
                pts, v = [], rng.uniform(0.3, 0.7)
                for k in range(40):
                    v = min(0.95, max(0.05, v + rng.uniform(-0.08, 0.08)))
                    pts.append((x0 + int(40 * s) + k * (half - int(60 * s)) // 39, y + ch - int(20 * s) - int(v * (ch - int(60 * s)))))
                d.line(pts, fill=[acc, (230, 140, 60), (90, 160, 120)][series], width=max(2, int(3 * s)), joint="curve")
            # map with grain
            self._photo(img, (x0 + half + int(30 * s), y, W - int(30 * s), y + ch), ((30, 80, 120), (140, 180, 120), (240, 235, 210)))
            y += ch + int(30 * s)
            # bar chart and a table
            d.rounded_rectangle([x0, y, x0 + half, H - int(30 * s)], radius=int(10 * s), fill=(255, 255, 255), outline=(225, 228, 233))
            nb = 14
            bw = (half - int(80 * s)) // nb
            for k in range(nb):
                bh = int(rng.uniform(0.15, 0.9) * (H - int(90 * s) - y))
                d.rectangle([x0 + int(40 * s) + k * bw, H - int(60 * s) - bh, x0 + int(40 * s) + k * bw + bw - int(8 * s), H - int(60 * s)],
                            fill=_mix(acc, (255, 255, 255), rng.uniform(0, 0.5)))
            tx = x0 + half + int(30 * s)
            d.rounded_rectangle([tx, y, W - int(30 * s), H - int(30 * s)], radius=int(10 * s), fill=(255, 255, 255), outline=(225, 228, 233))
            ry = y + int(16 * s)
            while ry < H - int(60 * s):
                _text(d, (tx + int(16 * s), ry), _words(rng, 3), fill=(60, 64, 72), font=_font(int(15 * s)))
                _text(d, (W - int(200 * s), ry), f"{rng.uniform(0, 100):.1f} %", fill=(60, 64, 72), font=_font(int(15 * s)))
                ry += int(30 * s)
                d.line([tx + int(10 * s), ry - int(6 * s), W - int(40 * s), ry - int(6 * s)], fill=(238, 240, 243))
        elif self.kind == "carte":
            side = int(W * 0.26)
            y = top + int(20 * s)
            d.rectangle([0, top, side, H], fill=(255, 255, 255))
            while y < H - int(80 * s):
                d.ellipse([int(20 * s), y + int(4 * s), int(36 * s), y + int(20 * s)], fill=acc)
                _text(d, (int(48 * s), y), _words(rng, 3).capitalize(), fill=(40, 44, 52), font=_font(int(17 * s)))
                y = _text_rows(d, rng, int(48 * s), y + int(26 * s), side - int(70 * s), 2, int(13 * s), real=rng.random() < 0.5) + int(18 * s)
            box = (side, top, W, H)
            self._photo(img, box, ((30, 90, 140), (150, 185, 120), (245, 240, 220)))
            # roads and markers on top of the map (they stay sharp; grain is added under them)
            self.overlay = []
            for _ in range(14):
                pts = [(rng.randrange(side, W), rng.randrange(top, H)) for _ in range(4)]
                self.overlay.append(("line", pts, (250, 250, 250), max(2, int(4 * s))))
            for _ in range(rng.randrange(20, 60)):
                cx, cy = rng.randrange(side + 20, W - 20), rng.randrange(top + 20, H - 20)
                r = int(rng.uniform(6, 14) * s)
                self.overlay.append(("dot", (cx - r, cy - r, cx + r, cy + r), acc, 0))
        else:  # "tableur": a data preview table, with a photo banner of the dataset's theme
            banner = int(H * rng.uniform(0.3, 0.45))
            self._photo(img, (0, top, W, top + banner), pal)
            y = top + banner + int(20 * s)
            ncol = rng.randrange(6, 10)
            cw = (W - int(60 * s)) // ncol
            d.rectangle([int(30 * s), y, W - int(30 * s), y + int(36 * s)], fill=_mix(acc, (255, 255, 255), 0.85))
            for c in range(ncol):
                _text(d, (int(40 * s) + c * cw, y + int(8 * s)), rng.choice(WORDS), fill=acc, font=_font(int(16 * s)))
            y += int(40 * s)
            r = 0
            while y < H - int(40 * s):
                if r % 2:
                    d.rectangle([int(30 * s), y, W - int(30 * s), y + int(30 * s)], fill=(255, 255, 255))
                for c in range(ncol):
                    cell = (f"{rng.uniform(0, 10000):.2f}" if rng.random() < 0.5 else _words(rng, rng.randrange(1, 3)))
                    _text(d, (int(40 * s) + c * cw, y + int(6 * s)), cell[: max(4, cw // int(9 * s))], fill=(60, 64, 72), font=_font(int(15 * s)))
                y += int(30 * s)
                r += 1
        return img

    # encoding ----------------------------------------------------------------------------------
    def render(self, amplitude: float) -> Image.Image:
        img = self.base.copy()
        if amplitude > 0:
            lut = [max(0, min(255, int(round(128 + (v - 128) * amplitude / 128)))) for v in range(256)] * 3
            for box, grain in zip(self.photos, self.grain_rgb):
                region = img.crop(box)
                # region + (grain - 128) * amplitude / 128, per channel
                region = ImageChops.add(region, grain.point(lut), scale=1.0, offset=-128)
                img.paste(region, box[:2])
        for item in getattr(self, "overlay", []):
            d = ImageDraw.Draw(img)
            if item[0] == "line":
                d.line(item[1], fill=item[2], width=item[3], joint="curve")
            else:
                d.ellipse(item[1], fill=item[2], outline=(255, 255, 255), width=3)
        return img


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, "PNG", compress_level=3)
    else:
        img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


# Each kind of page, its format and the sizes (pixels) where it lands near 0.5–2 MB.
_SHOT_KINDS = [
    ("portail", "png", [(1920, 1080), (1680, 1050), (2304, 1296)]),
    ("dashboard", "png", [(2560, 1440), (2880, 1800)]),
    ("carte", "png", [(1680, 1050), (1920, 1080)]),
    ("tableur", "png", [(1920, 1080), (1920, 1200)]),
    ("portail", "jpg", [(2880, 1800), (3000, 2000)]),
    ("carte", "jpg", [(2560, 1440), (2880, 1800)]),
    ("tableur", "jpg", [(2880, 1800), (3000, 2000)]),
]


def _screenshot(seed: int, index: int) -> tuple[str, bytes]:
    """Screenshot ``index`` of the pool: (extension, bytes), 0.5–2 MB."""
    rng = random.Random(f"shot-{seed}-{index}")
    kind, fmt, sizes = _SHOT_KINDS[index % len(_SHOT_KINDS)]
    w, h = rng.choice(sizes)
    accent = rng.choice([p[1] for p in PROJECTS.values()] + ["#2b6f8f", "#b4572e"])
    low, high = MIN_IMAGE * 1.1, MAX_IMAGE * 0.95
    wanted = rng.uniform(low, high)  # JPEG: the size aimed at
    for attempt in range(6):
        shot = _Shot(random.Random(f"shot-{seed}-{index}-{attempt}"), kind, (w, h), accent)
        data = _encode(shot.render(0), fmt)
        if len(data) <= high:
            break
        factor = math.sqrt(high / len(data)) * 0.92
        w, h = int(w * factor), int(h * factor)
    # Too small (or, for a JPEG, below the size aimed at): add sensor grain to the photos.
    goal = wanted if fmt == "jpg" else low
    amp, lo, hi = 4.0, 0.0, None
    for _ in range(8):
        if len(data) >= goal and (fmt == "png" or len(data) <= high):
            if fmt == "png" or abs(len(data) - goal) < 0.25 * goal:
                break
        if len(data) < goal:
            lo = amp
        else:
            hi = amp
        amp = amp * 2 if hi is None else (lo + hi) / 2
        data = _encode(shot.render(amp), fmt)
    if not MIN_IMAGE <= len(data) <= MAX_IMAGE:
        raise RuntimeError(f"screenshot {index} ({kind}, {fmt}, {w}x{h}): {len(data)} bytes, outside 0.5–2 MB")
    return fmt, data


_POOLS: dict[int, list[tuple[str, bytes]]] = {}  # seed -> screenshots, made once per process


def _pool(seed: int) -> list[tuple[str, bytes]]:
    if seed not in _POOLS:
        pool = None
        if (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            try:  # PNG encoding dominates: one image per core
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(min(os.cpu_count() or 1, 8), mp_context=ctx) as ex:
                    pool = list(ex.map(_screenshot, [seed] * POOL_SIZE, range(POOL_SIZE)))
            except (OSError, BrokenProcessPool):
                pool = None
        _POOLS[seed] = pool or [_screenshot(seed, i) for i in range(POOL_SIZE)]
    return _POOLS[seed]


def _write_pool(static: Path, seed: int) -> list[str]:
    folder = static / "images" / "captures"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, (fmt, data) in enumerate(_pool(seed)):
        name = f"capture-{i + 1:02d}.{fmt}"
        (folder / name).write_bytes(data)
        names.append(f"/images/captures/{name}")
    return names


# --- case studies --------------------------------------------------------------------------------


def _slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


class _Case:
    def __init__(self, seed: int, index: int, logos: list[str], shots: list[str]):
        r = self.r = random.Random(f"case-{seed}-{index}")
        self.index = index
        self.projects = [r.choice(list(PROJECTS))]
        if r.random() < 0.25:
            self.projects.append(r.choice([p for p in PROJECTS if p != self.projects[0]]))
        short, long_ = r.choice(CLIENTS[self.projects[0]])
        fill = {"p": r.choice(PLACES), "d": r.choice(DEPT_OF), "v": r.choice(PLACES), "a": r.choice(ASSOC),
                "s": r.choice(STATE), "m": r.choice(MINISTRY)}
        self.client = short.format(**fill)
        self.client_long = long_.format(**fill)
        self.logo = r.choice(logos)
        self.shots = r.sample(shots, 1 if r.random() < 0.6 else 2)
        self.slug = f"{_slugify(self.client)[:48]}-{index + 1:04d}"
        self.long = r.random() < 0.1
        self.target = r.randrange(900, 1400) if self.long else r.randrange(250, 600)

    def fill(self, template: str) -> str:
        r = self.r
        lt, lu = r.choice(LINKS)
        aud = r.sample(AUDIENCES, 2)
        text = template.format(c=self.client_long, C=self.client_long[0].upper() + self.client_long[1:],
                               data=r.choice(DATA), tool=r.choice(TOOLS), aud=aud[0], aud2=aud[1],
                               dur=r.choice(DURATIONS), n=r.randrange(4, 80), n3=r.randrange(40, 400),
                               pct=r.randrange(82, 99), k=r.randrange(2, 5), month=r.choice(MONTHS),
                               year=r.randrange(2016, 2025), lt=lt, lu=lu)
        return text

    def paragraph(self, k: int) -> str:
        return " ".join(self.fill(s) for s in self.r.sample(SENTENCES, k))

    def items(self, pool: list[str], k: int) -> list[str]:
        return [self.fill(t) for t in self.r.sample(pool, min(k, len(pool)))]

    def front_matter(self) -> str:
        r = self.r
        title = f"{self.client} : {r.choice(['stratégie', 'gouvernance', 'ouverture', 'qualité', 'valorisation', 'diffusion'])} des {r.choice(DATA)}"
        long_title = (f"{r.choice(['Assistance à maîtrise d’ouvrage de', 'Accompagnement de', 'Mission de conseil auprès de'])} "
                      f"{self.client_long} pour {r.choice(['l’ouverture', 'la gouvernance', 'la qualité', 'la diffusion'])} "
                      f"de ses {r.choice(DATA)} et {r.choice(['l’animation territoriale', 'la formation des agents', 'le choix d’un portail', 'la mise en place d’API'])}")
        date = datetime(2016, 1, 1, tzinfo=timezone.utc) + timedelta(days=r.randrange(0, 9 * 365), minutes=r.randrange(0, 1440))
        question, picto, answer = r.choice(QUESTIONS)
        answer = answer(r)
        w = r.random()
        weight = None if w < 0.15 else ("" if w < 0.18 else (0 if w < 0.2 else r.randrange(1, 200)))
        arrow = "![Fleche vers la droite](/images/white-dotted-arrow.svg)"
        if r.random() < 0.6:  # YAML
            lines = ["---", f'title: "{title}"', "longTitle: " + long_title, f'image: "{self.logo}"',
                     "date: " + date.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"), "projects:"]
            lines += [f"- {p}" for p in self.projects]
            if weight is not None:
                lines.append(f"weight: {weight!r}" if weight == "" else (f'weight: "{weight}"' if r.random() < 0.3 else f"weight: {weight}"))
            lines += [f"topQuestion: {question} {arrow}", f'topAnswer: "{answer}"', f'topPicto: "/images/{picto}.svg"', "---"]
        else:  # TOML
            lines = ["+++", f'title = "{title}"', f'longTitle = "{long_title}"', f'image = "{self.logo}"',
                     "date = " + (date.strftime("%Y-%m-%d") if r.random() < 0.5 else date.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
                     "projects = [" + ", ".join(f'"{p}"' for p in self.projects) + "]"]
            if weight is not None:
                lines.append(f'weight = "{weight}"' if isinstance(weight, str) else f"weight = {weight}")
            lines += [f'topQuestion = "{question} {arrow}"', f'topAnswer = "{answer}"', f'topPicto = "/images/{picto}.svg"', "+++"]
        return "\n".join(lines) + "\n"

    def body(self) -> str:
        r = self.r
        blocks: list[str] = []
        words = 0

        def add(text: str, counted: bool = True):
            nonlocal words
            blocks.append(text)
            if counted:
                words += len(text.split())

        add("![Picto Cible](/images/target.svg)\n\n## Objectifs", False)
        add("\n".join("* " + t for t in self.items(OBJECTIVES, r.randrange(2, 5))))
        add("![Picto contexte](/images/context.svg)\n\n## Contexte", False)
        add(self.paragraph(r.randrange(2, 4)))
        shots = list(self.shots)
        if len(shots) > 1:
            add(f"![{self.fill(r.choice(CAPTIONS)).split(' :')[0]}]({shots.pop()})", False)
            add("*" + self.fill(r.choice(CAPTIONS)) + "*")
        add("![Picto outils](/images/tools.svg)\n\n## Approche adoptée", False)
        add("\n".join("* " + t for t in self.items(APPROACH, r.randrange(4, 8))))
        add(f"![Capture d'écran]({shots.pop()})", False)
        add(self.paragraph(r.randrange(1, 3)))
        results = "\n".join("> * " + t for t in self.items(RESULTS, r.randrange(3, 5)))
        results_words = len(results.split())
        # Long case studies: phases with subsections, a table and numbered deliverables.
        phase = 1
        while words + results_words < self.target:
            room = self.target - words - results_words
            if self.long and phase <= 3 and room > 120:
                if phase == 1:
                    add("![Picto calendrier](/images/clock.svg)\n\n## Déroulement de la mission", False)
                add(f"### Phase {phase} -- {r.choice(['Diagnostic', 'Gouvernance et feuille de route', 'Mise en œuvre', 'Accompagnement au changement', 'Évaluation'])}", False)
                add("\n".join("* " + t for t in self.items(APPROACH, r.randrange(3, 6))))
                add(self.paragraph(r.randrange(2, 4)))
                phase += 1
            elif self.long and phase == 4:
                add("Le tableau ci-dessous résume les principaux jeux de données publiés :")
                rows = ["| Jeu de données | Format | Mise à jour |", "|---|---|---|"]
                for d in r.sample(DATA, 4):
                    rows.append(f"| {d[0].upper() + d[1:]} | {r.choice(['CSV', 'GeoJSON', 'API REST', 'GTFS', 'Parquet'])} | "
                                f"{r.choice(['Quotidienne', 'Hebdomadaire', 'Mensuelle', 'Annuelle', 'En continu'])} |")
                add("\n".join(rows))
                add("![Picto livrables](/images/database.svg)\n\n## Livrables", False)
                add("\n".join(f"{k + 1}. " + t for k, t in enumerate(self.items(APPROACH, r.randrange(3, 6)))))
                phase += 1
            else:
                add(self.paragraph(min(len(SENTENCES), max(1, min(4, room // 22 + 1)))))
        add(f"> ![Picto Soleil loupe](/images/search-sun.svg)\n>\n> ## Résultats obtenus\n>\n{results}", False)
        words += results_words
        self.words = words
        return "\n\n".join(blocks) + "\n"

    def text(self) -> str:
        return self.front_matter() + self.body()


def generate(root: Path, n: int, seed: int = 1, *, force: bool = False) -> Path:
    """Write a synthetic site with ``n`` case studies at ``root``; returns ``root``.

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
    logos = _write_svgs(static)
    shots = _write_pool(static, seed)
    refs = root / "content" / "references"
    refs.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        case = _Case(seed, i, logos, shots)
        (refs / f"{case.slug}.md").write_text(case.text(), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic brochure site for benchmarks.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--n", type=int, default=100, help="number of case studies (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace content/ and static/ if root is not empty")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.root, args.n, args.seed, force=args.force)
    shots = sorted((args.root / "static" / "images" / "captures").iterdir())
    sizes = [p.stat().st_size for p in shots]
    print(f"wrote {args.n} case studies and {len(shots)} screenshots "
          f"({min(sizes) / 1e6:.2f}–{max(sizes) / 1e6:.2f} MB) to {args.root} in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
