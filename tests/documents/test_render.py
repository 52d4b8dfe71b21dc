"""Pages rendered for printing: size in points as seen, pixels at the asked resolution."""

import pymupdf
import pytest

from counterdesk.documents.render import render_pages
from counterdesk.errors import BadInputError


def three_pages() -> bytes:
    """A4 portrait, A4 landscape, and an A4 portrait page turned by /Rotate 90."""
    doc = pymupdf.open()
    a4 = pymupdf.paper_rect("a4")
    doc.new_page(width=a4.width, height=a4.height).insert_text((72, 72), "one")
    doc.new_page(width=a4.height, height=a4.width).draw_rect(
        pymupdf.Rect(0, 0, 100, 50), fill=(1, 0, 0)
    )
    doc.new_page(width=a4.width, height=a4.height).set_rotation(90)
    return doc.tobytes()


def test_pages_come_in_order_with_their_size_and_resolution() -> None:
    pages = render_pages(three_pages(), 144)
    assert [(round(p.width_pt), round(p.height_pt)) for p in pages] == [
        (595, 842),
        (842, 595),
        (842, 595),
    ]
    for page in pages:
        pix = pymupdf.Pixmap(page.png)
        assert (pix.width, pix.height) == (round(page.width_pt * 2), round(page.height_pt * 2))
        assert pix.alpha == 0
    # The red box is in the top left corner of the landscape page, on white.
    landscape = pymupdf.Pixmap(pages[1].png)
    assert landscape.pixel(20, 20) == (255, 0, 0)
    assert landscape.pixel(landscape.width - 5, landscape.height - 5) == (255, 255, 255)


def test_damaged_and_out_of_range_inputs_are_refused() -> None:
    with pytest.raises(BadInputError, match="damaged"):
        render_pages(b"%PDF-1.7 not really", 300)
    with pytest.raises(ValueError, match="dpi"):
        render_pages(three_pages(), 5000)
