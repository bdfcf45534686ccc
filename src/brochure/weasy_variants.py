"""brochure's PDF variants as WeasyPrint 70 options, and the one WeasyPrint lacks: PDF/A-2b and
PDF/UA-1 in one file (``pdf/a-2b+ua-1``).

Part of :mod:`brochure.weasy`, which imports it once the installed WeasyPrint is checked (it
relies on WeasyPrint 70's variants and XMP, ``weasyprint/pdf/pdfa.py`` and ``metadata.py``).
WeasyPrint writes one standard's identification: ``pdf/a-2b`` its PDF/A XMP (``pdfaid``) and
output intent, ``pdf/ua-1`` its tags and PDF/UA XMP (``pdfuaid``). Tags do not depend on the
variant (``pdf_tags=True`` tags a PDF/A-2b exactly as a PDF/UA-1), so ``pdf/a-2b+ua-1`` is
WeasyPrint's ``pdf/a-2b`` with ``pdf_tags``, and :func:`identify_ua` adds ``pdfuaid:part="1"``
to the PDF/A XMP WeasyPrint wrote, beside ``pdfaid``, with the PDF/A extension schema that
declares ``pdfuaid`` (PDF/A-2 rejects XMP properties it does not know: veraPDF rule 6.6.2.3.1).
veraPDF finds 0 failed checks in such a file for both standards.

A file that cannot meet PDF/UA (a bid with annexes: they are copied as they are, untagged) is
written with ``claim_ua=False``: tagged all the same, without the PDF/UA identification.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_PACKET = re.compile(rb"(<rdf:RDF\b.*</rdf:RDF>)", re.DOTALL)
# PDF/A-2 accepts XMP properties of its predefined schemas only, or of schemas the file declares
# (ISO 19005-2 6.6.2.3): ``pdfuaid`` is declared so
_EXTENSION = f"""<rdf:Description xmlns:rdf="{_RDF}" rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>{_PDFUAID}</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def parts(variant: str | None) -> tuple[str | None, bool]:
    """(WeasyPrint's variant, whether the file is tagged) for one of brochure's variants."""
    if variant in (None, "", "none"):  # no standard, untagged
        return None, False
    archive, _, access = variant.partition("+")
    return archive, bool(access) or archive.startswith("pdf/ua")


def tagged(variant: str | None) -> bool:
    return parts(variant)[1]


def archive(variant: str | None) -> bool:
    return (parts(variant)[0] or "").startswith("pdf/a")


def layout_options(variant: str | None) -> dict:
    """WeasyPrint's options to lay out a document in ``variant`` (PDF/A's output intent is chosen there)."""
    own = parts(variant)[0]
    return {"pdf_variant": own} if own else {}


def write_options(variant: str | None, claim_ua: bool = True) -> dict:
    """WeasyPrint's ``write_pdf`` options for ``variant``; ``claim_ua=False``: tagged, without
    PDF/UA's identification (plain ``pdf/ua-1`` then names no variant, since it is all WeasyPrint's
    ``pdf/ua-1`` adds)."""
    own, tags = parts(variant)
    if own is None or (own.startswith("pdf/ua") and not claim_ua):
        return {"pdf_tags": True} if tags else {}
    options = {"pdf_variant": own, "pdf_identifier": True}
    if tags and not own.startswith("pdf/ua"):
        options["pdf_tags"] = True
    return options


def claims_ua(variant: str | None, claim_ua: bool = True) -> bool:
    """Whether :func:`identify_ua` must add PDF/UA's identification to WeasyPrint's PDF/A XMP."""
    own, tags = parts(variant)
    return claim_ua and tags and own is not None and own.startswith("pdf/a")


def identify_ua(_document, pdf) -> None:
    """A ``write_pdf`` finisher: ``pdfuaid:part="1"`` in the description holding ``pdfaid:part``."""
    metadata = pdf.catalog.get("Metadata")
    number = int(metadata.split()[0]) if isinstance(metadata, bytes) else 0
    stream = pdf.objects[number] if 0 < number < len(pdf.objects) else None
    pieces = getattr(stream, "stream", None) or []
    content = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in pieces)
    found = _PACKET.search(content)
    if not found:
        return
    root = ElementTree.fromstring(found.group(1))
    for description in root.iter(f"{{{_RDF}}}Description"):
        if f"{{{_PDFAID}}}part" in description.attrib:
            description.set(f"{{{_PDFUAID}}}part", "1")
            break
    else:
        return
    root.append(ElementTree.fromstring(_EXTENSION))
    for prefix, uri in (("pdfuaid", _PDFUAID), ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
                        ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
                        ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#")):
        ElementTree.register_namespace(prefix, uri)
    rdf = ElementTree.tostring(root, encoding="unicode").encode()
    stream.stream = [content[:found.start()] + rdf + content[found.end():]]
