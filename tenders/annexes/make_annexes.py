"""Regenerate the sample annexes (fictional content) with WeasyPrint.

Run from anywhere: ``python tenders/annexes/make_annexes.py``.
"""

from pathlib import Path

from weasyprint import HTML

HERE = Path(__file__).resolve().parent

STYLE = """
@page { size: A4; margin: 25mm 22mm; }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.45; color: #222; }
h1 { font-size: 17pt; color: #2f4858; margin: 0 0 6mm; }
.stamp { border: 2px solid #b03030; color: #b03030; font-weight: bold; padding: 2mm 4mm;
         display: inline-block; margin-bottom: 8mm; }
.break { break-before: page; }
td { padding: 1mm 4mm 1mm 0; vertical-align: top; }
"""

STAMP = '<p class="stamp">EXEMPLE – document fictif, sans valeur</p>'

DOCUMENTS = {
    "attestation-assurance.pdf": f"""
<h1>Attestation d'assurance responsabilité civile professionnelle</h1>
{STAMP}
<p>La compagnie Assurances Exemple certifie que la société <b>Open Territoires Conseil</b>
est titulaire d'un contrat d'assurance responsabilité civile professionnelle
n° EX-0000-0000, en vigueur du 1er janvier 2026 au 31 décembre 2026.</p>
<table>
<tr><td>Activités garanties</td><td>Conseil et assistance à maîtrise d'ouvrage en données et numérique</td></tr>
<tr><td>Plafond par sinistre</td><td>1 500 000 €</td></tr>
<tr><td>Franchise</td><td>1 000 €</td></tr>
</table>
<p>Fait à Exempleville, le 5 janvier 2026.</p>
""",
    "kbis.pdf": f"""
<h1>Extrait d'immatriculation au registre du commerce</h1>
{STAMP}
<table>
<tr><td>Dénomination</td><td>Open Territoires Conseil</td></tr>
<tr><td>Forme juridique</td><td>Société par actions simplifiée</td></tr>
<tr><td>Immatriculation</td><td>RCS Exempleville 000 000 000</td></tr>
<tr><td>Siège</td><td>1 rue de l'Exemple, 00000 Exempleville</td></tr>
<tr><td>Activité</td><td>Conseil en systèmes et logiciels informatiques</td></tr>
</table>
<div class="break">
<h1>Dirigeants et établissements</h1>
{STAMP}
<table>
<tr><td>Présidente</td><td>Camille Exemple</td></tr>
<tr><td>Établissement principal</td><td>1 rue de l'Exemple, 00000 Exempleville</td></tr>
</table>
<p>Extrait délivré le 5 janvier 2026. Document d'exemple, sans valeur juridique.</p>
</div>
""",
}


def main() -> None:
    for name, body in DOCUMENTS.items():
        html = f'<html lang="fr"><head><meta charset="utf-8"><title>{name}</title><style>{STYLE}</style></head><body>{body}</body></html>'
        HTML(string=html).write_pdf(HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main()
