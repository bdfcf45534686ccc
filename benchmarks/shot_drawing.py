"""Drawing one screenshot of the synthetic library (``generate.py``) with Pillow: browser
chrome, a site header and one of four page layouts (portal, dashboard, map, spreadsheet),
with 'photo' areas whose sensor grain, added when encoding, sets the file size."""

from __future__ import annotations

import random
import unicodedata

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from vocabulary import WORDS

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



# Photo palettes (dark, middle, light); the page's palette is drawn from them, as are the
# portal's thumbnails.
PALETTES = [((20, 40, 60), (90, 130, 110), (220, 210, 180)), ((30, 30, 50), (160, 90, 70), (240, 220, 200)),
            ((10, 50, 80), (60, 140, 170), (230, 240, 235)), ((40, 60, 20), (120, 150, 80), (235, 230, 200))]
CARD = {"fill": (255, 255, 255), "outline": (225, 228, 233)}  # a white card with a grey border


class Shot:
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

    @property
    def _scale(self) -> float:
        return self.size[0] / 1920  # scale factor for retina-sized shots

    def _draw(self) -> Image.Image:
        W, H = self.size
        img = Image.new("RGB", (W, H), (247, 248, 250))
        d = ImageDraw.Draw(img)
        top = self._chrome(img, d)
        pal = self.rng.choice(PALETTES)
        layouts = {"portail": self._portail, "dashboard": self._dashboard, "carte": self._carte}
        # "tableur": a data preview table, with a photo banner of the dataset's theme
        layouts.get(self.kind, self._tableur)(img, d, top, pal)
        return img

    def _chrome(self, img, d) -> int:
        """Browser chrome and the site's header (a gradient); returns the page's top."""
        rng, W, s, acc = self.rng, self.size[0], self._scale, self.accent
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
        return int(108 * s)

    def _portail(self, img, d, top, pal) -> None:
        """A portal: a hero photo with a search box, then rows of cards."""
        rng, (W, H), s = self.rng, self.size, self._scale
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
                self._card(img, d, gap + c * (cw + gap), y, cw, ch)
            y += ch + gap

    def _card(self, img, d, x, y, cw, ch) -> None:
        """One portal card: a thumbnail photo, a title, text rows and one to three tags."""
        rng, s, acc = self.rng, self._scale, self.accent
        d.rounded_rectangle([x, y, x + cw, y + ch], radius=int(10 * s), **CARD)
        tw = int(ch * 0.55)
        self._photo(img, (x + int(12 * s), y + int(12 * s), x + int(12 * s) + tw, y + int(12 * s) + tw), rng.choice(PALETTES))
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

    def _dashboard(self, img, d, top, pal) -> None:
        """A dashboard: a side menu, four key figures, a line chart and a map, a bar chart and a table."""
        rng, (W, H), s, acc = self.rng, self.size, self._scale, self.accent
        side = int(250 * s)
        d.rectangle([0, top, side, H], fill=_mix(acc, (0, 0, 0), 0.3))
        for i in range(12):
            _text(d, (int(24 * s), top + int((30 + 46 * i) * s)), _words(rng, 2).capitalize(),
                   fill=(220, 228, 235), font=_font(int(17 * s)))
        x0, y = side + int(30 * s), top + int(30 * s)
        kw = (W - x0 - int(30 * s) * 4) // 4
        for i in range(4):
            x = x0 + i * (kw + int(30 * s))
            d.rounded_rectangle([x, y, x + kw, y + int(120 * s)], radius=int(10 * s), **CARD)
            _text(d, (x + int(18 * s), y + int(16 * s)), _words(rng, 2), fill=(110, 115, 125), font=_font(int(16 * s)))
            _text(d, (x + int(18 * s), y + int(48 * s)), f"{rng.randrange(10, 9999):,}".replace(",", " "), fill=acc, font=_font(int(40 * s)))
        y += int(150 * s)
        half = (W - x0 - int(60 * s)) // 2
        ch = int(H * 0.33)
        self._line_chart(d, x0, y, half, ch)
        # map with grain
        self._photo(img, (x0 + half + int(30 * s), y, W - int(30 * s), y + ch), ((30, 80, 120), (140, 180, 120), (240, 235, 210)))
        y += ch + int(30 * s)
        self._bars_and_table(d, x0, y, half)

    def _line_chart(self, d, x0, y, half, ch) -> None:
        rng, s, acc = self.rng, self._scale, self.accent
        d.rounded_rectangle([x0, y, x0 + half, y + ch], radius=int(10 * s), **CARD)
        for g in range(6):
            gy = y + int(40 * s) + g * (ch - int(60 * s)) // 5
            d.line([x0 + int(40 * s), gy, x0 + half - int(20 * s), gy], fill=(235, 237, 240), width=max(1, int(s)))
        for series in range(3):
            pts, v = [], rng.uniform(0.3, 0.7)
            for k in range(40):
                v = min(0.95, max(0.05, v + rng.uniform(-0.08, 0.08)))
                pts.append((x0 + int(40 * s) + k * (half - int(60 * s)) // 39, y + ch - int(20 * s) - int(v * (ch - int(60 * s)))))
            d.line(pts, fill=[acc, (230, 140, 60), (90, 160, 120)][series], width=max(2, int(3 * s)), joint="curve")

    def _bars_and_table(self, d, x0, y, half) -> None:
        rng, (W, H), s, acc = self.rng, self.size, self._scale, self.accent
        d.rounded_rectangle([x0, y, x0 + half, H - int(30 * s)], radius=int(10 * s), **CARD)
        nb = 14
        bw = (half - int(80 * s)) // nb
        for k in range(nb):
            bh = int(rng.uniform(0.15, 0.9) * (H - int(90 * s) - y))
            d.rectangle([x0 + int(40 * s) + k * bw, H - int(60 * s) - bh, x0 + int(40 * s) + k * bw + bw - int(8 * s), H - int(60 * s)],
                        fill=_mix(acc, (255, 255, 255), rng.uniform(0, 0.5)))
        tx = x0 + half + int(30 * s)
        d.rounded_rectangle([tx, y, W - int(30 * s), H - int(30 * s)], radius=int(10 * s), **CARD)
        ry = y + int(16 * s)
        while ry < H - int(60 * s):
            _text(d, (tx + int(16 * s), ry), _words(rng, 3), fill=(60, 64, 72), font=_font(int(15 * s)))
            _text(d, (W - int(200 * s), ry), f"{rng.uniform(0, 100):.1f} %", fill=(60, 64, 72), font=_font(int(15 * s)))
            ry += int(30 * s)
            d.line([tx + int(10 * s), ry - int(6 * s), W - int(40 * s), ry - int(6 * s)], fill=(238, 240, 243))

    def _carte(self, img, d, top, pal) -> None:
        """A map: a list of places on the left, the map (a photo) with roads and markers."""
        rng, (W, H), s, acc = self.rng, self.size, self._scale, self.accent
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

    def _tableur(self, img, d, top, pal) -> None:
        """A spreadsheet preview: a photo banner of the dataset's theme, then a striped table."""
        rng, (W, H), s, acc = self.rng, self.size, self._scale, self.accent
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
