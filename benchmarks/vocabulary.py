"""The words of the synthetic library (``generate.py``): projects, clients, places and the
French sentences, objectives, approaches, results and captions its case studies are made of."""

from __future__ import annotations

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
