"""What a site's stylesheets say about its brand (part of stage 0, for ``brand.py``): the
``@font-face`` rules, the custom properties and SCSS variables, and the colours and families of
the rules for the text (``html``, ``body``), the headings (``h1``–``h3``), the links and the
buttons, each with where it was written. CSS is parsed with tinycss2; nothing here reads a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
import tinycss2.color4

# the selectors a brand is read from, and what each stands for
ROLES = {":root": "root", "html": "html", "body": "body", "h1": "h1", "h2": "h2", "h3": "h3", "a": "link",
         "button": "button", ".btn": "button", ".button": "button", ".btn-primary": "button",
         ".button-primary": "button", ".btn-default": "button"}
ICON_FAMILIES = re.compile(r"(?i)awesome|icon|glyph|socicon|themify|\blg\b|slick|fa-|symbol|emoji|mono|interface")
REMOTE_FONT_HOSTS = ("fonts.googleapis.com", "fonts.bunny.net", "use.typekit.net", "fonts.cdnfonts.com")
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial",
           "-apple-system", "blinkmacsystemfont", "ui-sans-serif", "ui-serif", "ui-monospace", "unset"}


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str
    urls: tuple[str, ...]
    origin: str  # "<file>: @font-face"
    sheet: int  # index of the stylesheet it was written in


@dataclass
class Rules:
    """What every stylesheet read so far says; later stylesheets override earlier ones (the cascade)."""

    faces: list[Face] = field(default_factory=list)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)  # "--x" or "$x" -> (value, origin)
    values: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (role, property) -> (value, origin)
    imports: list[tuple[str, str]] = field(default_factory=list)  # remote font URLs -> origin


def _text(tokens: list) -> str:
    return " ".join(tinycss2.serialize(tokens).split())


def _declarations(content: list) -> list[tuple[str, str]]:
    found = []
    for item in tinycss2.parse_declaration_list(content or [], skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found.append((item.name if item.name.startswith("--") else item.lower_name, _text(item.value)))
    return found


def _urls(tokens: list) -> list[str]:
    urls = []
    for token in tokens:
        if token.type == "url":
            urls.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            urls += [t.value for t in token.arguments if t.type == "string"]
    return urls


def _face(content: list, origin: str, sheet: int) -> Face | None:
    values: dict[str, str] = {}
    src: list[str] = []
    for item in tinycss2.parse_declaration_list(content or [], skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            values[item.lower_name] = _text(item.value)
            if item.lower_name == "src":
                src += _urls(item.value)
    family = values.get("font-family", "").strip("'\" ")
    if not family or not src:
        return None
    written = values.get("font-weight", "400").lower()
    numbers = re.findall(r"\d+", written)
    # a range ("100 900") is a variable font's: weight 0, used only when its family has no other file
    weight = 0 if len(numbers) > 1 else int(numbers[0]) if numbers else 700 if "bold" in written else 400
    style = "italic" if values.get("font-style", "").lower() in ("italic", "oblique") else "normal"
    return Face(family, weight, style, tuple(src), f"{origin}: @font-face {family} {weight} {style}", sheet)


def read_css(text: str, origin: str, sheet: int, rules: Rules, depth: int = 0) -> None:
    """Add what the stylesheet ``text`` (written in ``origin``) says to ``rules`` (what is nested more
    than :data:`MAX_DEPTH` ``@supports``/``@layer`` deep is left out)."""
    try:
        parsed = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    except RecursionError:  # blocks nested so deep that tinycss2 itself cannot read them
        return
    for rule in parsed:
        try:
            _rule(rule, origin, sheet, rules, depth)
        except RecursionError:  # blocks nested so deep that tinycss2 cannot write them out: skipped
            continue


def _rule(rule, origin: str, sheet: int, rules: Rules, depth: int) -> None:
    if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
        face = _face(rule.content, origin, sheet)
        if face:
            rules.faces.append(face)
    elif rule.type == "at-rule" and rule.lower_at_keyword == "import":
        rules.imports += [(url, f"{origin}: @import") for url in _urls(rule.prelude) + [
            t.value for t in rule.prelude if t.type == "string"] if remote_font(url)]
    elif rule.type == "at-rule" and rule.lower_at_keyword in ("layer", "supports") and rule.content:
        if depth < MAX_DEPTH:
            read_css(tinycss2.serialize(rule.content), origin, sheet, rules, depth + 1)  # Tailwind's @layer base {…}
    elif rule.type == "at-rule" and rule.lower_at_keyword == "theme" and rule.content:
        _read_rule(rule.content, {"root"}, f"{origin}: @theme", rules)  # Tailwind 4's variables
    elif rule.type == "qualified-rule":
        _qualified(rule, origin, rules)


def _qualified(rule, origin: str, rules: Rules) -> None:
    """A rule for one of :data:`ROLES`; ``.content h2`` counts for ``h2`` when no rule is for ``h2`` alone."""
    selectors = {" ".join(s.split()).lower() for s in _text(rule.prelude).split(",")}
    roles = {ROLES[s] for s in selectors if s in ROLES}
    named = selectors & set(ROLES)
    if not roles:
        named = {s for s in selectors if s.rpartition(" ")[2] in ("h1", "h2", "h3")}
        roles = {s.rpartition(" ")[2] + "~" for s in named}  # a descendant's: used when nothing else says
    if roles:
        _read_rule(rule.content, roles, f"{origin}: {', '.join(sorted(named))}", rules)


def _read_rule(content: list, roles: set[str], origin: str, rules: Rules) -> None:
    for name, value in _declarations(content) + _applied(content, rules):
        if name.startswith("--") and roles & {"root", "html", "body"}:
            rules.variables[name] = (value, f"{origin} {{{name}}}")
        elif name in ("color", "background-color", "background", "font-family"):
            for role in roles:
                rules.values[(role, name)] = (value, f"{origin} {{{name}}}")


def _applied(content: list, rules: Rules) -> list[tuple[str, str]]:
    """What Tailwind's ``@apply text-brand font-serif`` sets, for the classes the theme's variables define."""
    found = []
    for item in tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True):
        if item.type != "at-rule" or item.lower_at_keyword != "apply":
            continue
        for name in _text(item.prelude).split():
            kind, _, rest = name.partition("-")
            variable = f"--{'font' if kind == 'font' else 'color'}-{rest}"
            prop = {"text": "color", "bg": "background-color", "font": "font-family"}.get(kind)
            if prop and variable in rules.variables:
                found.append((prop, f"var({variable})"))
    return found


_SCSS_VARIABLE = re.compile(r"^[ \t]*\$([\w-]+)[ \t]*:[ \t]*([^;{}\n]+?)[ \t]*(!default)?[ \t]*;", re.M)


def read_scss_variables(text: str, origin: str, rules: Rules) -> None:
    """The SCSS variables ``$name: value;`` written in ``text`` (a ``!default`` one does not override)."""
    for match in _SCSS_VARIABLE.finditer(text):
        name = "$" + match.group(1)
        if not (match.group(3) and name in rules.variables):
            rules.variables[name] = (match.group(2).strip(), f"{origin}: ${match.group(1)}")


def scss_as_css(text: str) -> str:
    """SCSS as tinycss2 can read its top-level rules: its ``//`` comments removed (nested rules
    and mixins are then errors tinycss2 skips)."""
    return re.sub(r"(^|[\s;{}])//[^\n]*", r"\1", text, flags=re.M)


def remote_font(url: str) -> bool:
    return any(host in url for host in REMOTE_FONT_HOSTS)


def remote_families(url: str) -> list[str]:
    """The families a Google Fonts-like URL asks for (``family=Open+Sans:wght@400|Montserrat``)."""
    names = []
    for part in re.findall(r"family=([^&]+)", url.replace("%7C", "|").replace("%7c", "|")):
        names += [name.split(":")[0].replace("+", " ").replace("%20", " ").strip() for name in part.split("|")]
    return [name for name in names if name]


MAX_RESOLVED = 2048  # characters of a resolved value (a colour, a family list, a gradient)
MAX_EXPANSIONS = 200  # variables replaced in one value, all levels together
MAX_DEPTH = 20  # levels of nested @supports/@layer, of gradients in gradients
_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\)[^()]*)?))?\)|\$([\w-]+)")


def resolve(value: str, variables: dict[str, tuple[str, str]]) -> str:
    """``value`` with its ``var(--x, fallback)`` and ``$x`` replaced by what the variables hold; a
    variable that refers to itself (through others or not) holds nothing; at most
    :data:`MAX_RESOLVED` characters, :data:`MAX_EXPANSIONS` replacements (a hostile stylesheet's
    ``--a: var(--a) var(--a)…`` would grow without end)."""
    return _expand(value, variables, (), [MAX_EXPANSIONS])


def _expand(value: str, variables: dict[str, tuple[str, str]], seen: tuple[str, ...], budget: list[int]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1) or "$" + match.group(3)
        found = variables.get(name)
        budget[0] -= 1
        if budget[0] < 0 or len(seen) > 8:
            return ""
        if found and name not in seen:
            return _expand(found[0], variables, (*seen, name), budget)
        if match.group(3):  # an SCSS variable not known: left as written
            return match.group(0)
        return _expand(match.group(2) or "", variables, seen, budget)  # a cycle or no such variable: its fallback

    return _REFERENCE.sub(replace, value[:MAX_RESOLVED])[:MAX_RESOLVED]


def colour(value: str) -> str | None:
    """The first opaque colour in a CSS value, as ``#rrggbb`` (a gradient's first stop); None without one."""
    found = colours(value)
    return found[0] if found else None


def colours(value: str, depth: int = 0) -> list[str]:
    """The opaque colours in a CSS value, in order, a gradient's stops included, as ``#rrggbb``
    (a gradient nested more than :data:`MAX_DEPTH` deep is left out)."""
    found: list[str] = []
    for token in tinycss2.parse_component_value_list(value):
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "function" and token.lower_name.endswith("gradient"):
            try:
                found += colours(tinycss2.serialize(token.arguments), depth + 1) if depth < MAX_DEPTH else []
            except RecursionError:  # gradients nested so deep tinycss2 cannot write them out
                pass
            continue
        try:
            parsed = tinycss2.color4.parse_color(token)
            srgb = parsed.to("srgb") if parsed is not None and not isinstance(parsed, str) else None
        except Exception:  # a malformed colour function; a space tinycss2 cannot convert (oklch)
            srgb = None
        if srgb is None:
            continue
        if srgb.alpha < 0.5:
            continue
        found.append("#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in srgb.coordinates))
    return found


def families(value: str) -> list[str]:
    """The families of a ``font-family`` value, without generic names and quotes."""
    names = [name.strip().strip("'\"").strip() for name in value.split(",")]
    return [name for name in names if name and name.lower() not in GENERIC and "$" not in name and "(" not in name]


def icon_family(name: str) -> bool:
    return bool(ICON_FAMILIES.search(name))


# custom properties and SCSS variables that name a brand's colours and families, by what they stand for
NAMED = {
    "accent": r"(?:primary|brand|accent|main|theme)[-_]?(?:colou?r)?|(?:colou?r)[-_]?(?:primary|brand|accent|main)",
    "heading": r"(?:heading|headings|title|h1|h2)[-_]?colou?r|colou?r[-_]?(?:heading|headings|title)",
    "text": r"(?:text|body|font|base)[-_]?colou?r|colou?r[-_]?(?:text|body)",
    "link": r"link[-_]?colou?r|colou?r[-_]?link",
    "secondary": r"(?:secondary|accent[-_]?2)[-_]?(?:colou?r)?|colou?r[-_]?secondary",
    "button": r"(?:btn|button)[-_]?(?:bg|background)?[-_]?colou?r",
    "background": r"(?:bg|background|body[-_]?bg)[-_]?colou?r?|colou?r[-_]?(?:bg|background)",
    "font": r"(?:body|base|text|primary|main)?[-_]?font[-_]?(?:family)?(?:[-_]?(?:base|body|sans|sans[-_]serif|primary|text))?",
    "heading_font": r"(?:heading|headings|title|display|secondary)[-_]?font[-_]?(?:family)?|font[-_]?(?:family)?[-_]?(?:heading|headings|title|display|secondary)",
}


def named(rules: Rules, what: str) -> tuple[str, str] | None:
    """The last variable whose name says it is ``what`` (``$primary-color``, ``--color-primary``,
    ``--brand-secondary``…), resolved; for the accent, one named primary first (``--brand-primary``
    before ``--brand-accent``)."""
    if what not in NAMED:  # the logo's colours: no variable names them
        return None
    pattern = re.compile(rf"^(?:--|\$)(?:bs-|color-|c-|brand-)?(?:{NAMED[what]})(?:-500|-600)?$", re.I)  # Tailwind's shades
    found = [(name, value, origin) for name, (value, origin) in reversed(list(rules.variables.items()))
             if pattern.match(name)]
    if what == "accent":
        found.sort(key=lambda item: "primary" not in item[0].lower())
    return (resolve(found[0][1], rules.variables), found[0][2]) if found else None


def gradient_end(rules: Rules, keys: list[tuple[str, str]], accent: str) -> tuple[str, str] | None:
    """The secondary colour the first of ``keys`` with a gradient gives: its last stop, when it
    is not a grey, the first stop or ``accent``; with its origin."""
    for key in keys:
        value, origin = rules.values.get(key, ("", ""))
        stops = [c for c in colours(resolve(value, rules.variables)) if not grey(c)]
        others = [c for c in stops[1:] if c not in (stops[0], accent)]
        if others:
            return others[-1], f"{origin} (gradient's last stop)"
    return None


def scss_partials(folder: Path, name: str) -> list[Path]:
    """The files an SCSS ``@import name`` may mean in ``folder``."""
    base = folder / name
    stem = base.name
    return [base.parent / f"{prefix}{stem}{suffix}" for prefix in ("", "_")
            for suffix in ("", ".scss", ".sass", ".css")] + [base / "_index.scss", base / "index.scss"]


def grey(hex_colour: str) -> bool:
    """Whether a colour is a grey, a bluish or warm grey (Tailwind's slates ``#94a3b8``,
    ``#64748b``), a near-black (``#0f172a``) or a near-white (a cream ``#fdfbf7``): no brand's accent."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    spread = max(r, g, b) - min(r, g, b)
    return spread < 24 or spread < max(r, g, b) / 3 or max(r, g, b) < 0x40 or min(r, g, b) > 0xf0


def near(one: str, other: str) -> bool:
    """Whether two colours are too close to tell apart (each channel within 8 of 255)."""
    return all(abs(int(one[i:i + 2], 16) - int(other[i:i + 2], 16)) <= 8 for i in (1, 3, 5))
