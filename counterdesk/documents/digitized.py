"""The digitized copy: one PDF/A-2b per document, every page image at its true size.

Page images arrive encoded and go in as they are: JPEG (colour), CCITT Group 4 (black and
white), or mixed raster content for grey pages (a JPEG background under a Group 4 stencil
of the text, painted black). Each page can carry an invisible text layer (a one-page PDF
from Tesseract) laid over the image.

PDF/A-2b needs: XMP metadata declaring part 2 / conformance B and matching the Info
dictionary, an sRGB output intent with its ICC profile embedded, embedded fonts (the
text layer's GlyphLessFont is), no encryption.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from xml.sax.saxutils import escape

import pymupdf

ICC_PROFILE = "sRGB2014.icc"  # ICC's own sRGB profile, freely distributable
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@dataclass(frozen=True)
class PageForPdf:
    image: bytes  # JPEG ("jpeg", and the background of "mrc"), or Group 4 ("g4")
    kind: str  # "jpeg" | "g4" | "mrc"
    width_px: int
    height_px: int
    dpi: int
    text_layer: bytes | None  # one-page PDF with the page's invisible text
    mask: bytes | None = None  # "mrc": Group 4 stencil of the text, width_px x height_px


@dataclass(frozen=True)
class DigitizedDetails:
    title: str
    created_at: datetime
    dossier_code: str | None


def _insert_group4(page: pymupdf.Page, data: bytes, width: int, height: int, stencil: bool) -> None:
    """Place a Group 4 image over the page: an image in its own right, or a stencil
    painting the current fill colour (black) where its pixels are black."""
    doc = page.parent
    xref = doc.get_new_xref()
    kind = "/ImageMask true" if stencil else "/ColorSpace/DeviceGray"
    doc.update_object(
        xref,
        f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}{kind}/BitsPerComponent 1>>",
    )
    # update_stream() drops the filter keys: set them after the data.
    doc.update_stream(xref, data, compress=False)
    doc.xref_set_key(xref, "Filter", "/CCITTFaxDecode")
    doc.xref_set_key(xref, "DecodeParms", f"<</K -1/Columns {width}/Rows {height}/BlackIs1 true>>")
    page.insert_image(page.rect, xref=xref)


def _place_image(page: pymupdf.Page, item: PageForPdf) -> None:
    if item.kind == "g4":
        _insert_group4(page, item.image, item.width_px, item.height_px, stencil=False)
        return
    page.insert_image(page.rect, stream=item.image)
    if item.kind == "mrc":
        assert item.mask is not None
        _insert_group4(page, item.mask, item.width_px, item.height_px, stencil=True)


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(details: DigitizedDetails) -> str:
    stamp = details.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    title = escape(details.title)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>CounterDesk</xmp:CreatorTool>
   <pdf:Producer>CounterDesk</pdf:Producer>
   <pdf:Keywords>{escape(details.dossier_code or "")}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _add_output_intent(doc: pymupdf.Document) -> None:
    icc = (files("counterdesk.resources") / "color" / ICC_PROFILE).read_bytes()
    icc_xref = doc.get_new_xref()
    doc.update_object(icc_xref, "<</N 3>>")
    doc.update_stream(icc_xref, icc)
    intent_xref = doc.get_new_xref()
    doc.update_object(
        intent_xref,
        f"<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier({OUTPUT_CONDITION})"
        f"/Info({OUTPUT_CONDITION})/DestOutputProfile {icc_xref} 0 R>>",
    )
    doc.xref_set_key(doc.pdf_catalog(), "OutputIntents", f"[{intent_xref} 0 R]")


def build_digitized_pdf(pages: list[PageForPdf], details: DigitizedDetails) -> bytes:
    doc = pymupdf.open()
    for item in pages:
        page = doc.new_page(
            width=item.width_px / item.dpi * 72, height=item.height_px / item.dpi * 72
        )
        _place_image(page, item)
        if item.text_layer:
            with pymupdf.open("pdf", item.text_layer) as layer:
                page.show_pdf_page(page.rect, layer, 0, overlay=True)
    _add_output_intent(doc)
    stamp = _pdf_date(details.created_at)
    doc.set_metadata(
        {
            "title": details.title,
            "keywords": details.dossier_code or "",
            "creator": "CounterDesk",
            "producer": "CounterDesk",
            "creationDate": stamp,
            "modDate": stamp,
        }
    )
    doc.set_xml_metadata(_xmp(details))
    return doc.tobytes(garbage=3, deflate=True)
