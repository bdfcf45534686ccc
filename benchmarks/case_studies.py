"""The case studies of the synthetic library (``generate.py``): ``Case(seed, index, logos,
shots).text()`` is one Markdown file, front matter (YAML or TOML) and body, in French."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta, timezone

from vocabulary import (APPROACH, ASSOC, AUDIENCES, CAPTIONS, CLIENTS, DATA, DEPT_OF, DURATIONS, LINKS,
                        MINISTRY, MONTHS, OBJECTIVES, PLACES, PROJECTS, QUESTIONS, RESULTS, SENTENCES,
                        STATE, TOOLS)


def _slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


class Case:
    """Case study ``index``; ``text_only``: a short one of the text-heavy library (about a page,
    no screenshot but in one case study of ten), drawn from its own random sequence."""

    def __init__(self, seed: int, index: int, logos: list[str], shots: list[str], text_only: bool = False):
        r = self.r = random.Random(f"{'text' if text_only else 'case'}-{seed}-{index}")
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
        if text_only:
            self.shots = self.shots[:1] if index % 10 == 3 else []
            self.long, self.target = False, r.randrange(300, 480)

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
        if shots:
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

