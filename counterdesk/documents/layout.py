"""Writing lines of Vietnamese text on a PDF page with the embedded Noto Serif fonts."""

from dataclasses import dataclass, field
from enum import Enum

import pymupdf

from counterdesk.documents.fonts import font

A4 = pymupdf.paper_rect("a4")
MARGIN = 42.5  # 15 mm

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass
class PageWriter:
    """Places single lines of text; y is the baseline, from the top of the page.

    Text is collected in one pymupdf.TextWriter and put on the page when the `with` ends:
    page.insert_text() recomputes the font's glyph widths on every call, which made a
    receipt cost 150 ms.
    """

    page: pymupdf.Page
    _text: pymupdf.TextWriter = field(init=False)

    def __post_init__(self) -> None:
        self._text = pymupdf.TextWriter(self.page.rect)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return font(bold).text_length(text, fontsize=size)

    def fit_size(self, text: str, size: float, max_width: float, bold: bool = False) -> float:
        """The largest size up to `size` at which `text` fits in `max_width`."""
        width = self.width(text, size, bold)
        return size if width <= max_width else size * max_width / width

    def line(
        self,
        text: str,
        x: float,
        y: float,
        size: float = 11,
        bold: bool = False,
        align: Align = Align.LEFT,
    ) -> None:
        """Write `text` with its left edge, centre or right edge at `x`."""
        width = self.width(text, size, bold)
        if align is Align.CENTER:
            x -= width / 2
        elif align is Align.RIGHT:
            x -= width
        self._text.append((x, y), text, font=font(bold), fontsize=size)

    def __enter__(self) -> "PageWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        # Put the collected text on the page.
        self._text.write_text(self.page, color=(0, 0, 0))

    def rule(self, x0: float, x1: float, y: float) -> None:
        self.page.draw_line((x0, y), (x1, y), color=(0, 0, 0), width=0.6)

    def national_header(self, left_lines: list[str], y: float) -> float:
        """Issuing body on the left, the national name and motto on the right.

        Returns the y below the header. Layout as Decree 30/2020/NĐ-CP, Annex I.
        """
        left_centre = MARGIN + 105
        right_centre = A4.width - MARGIN - 135
        for i, text in enumerate(left_lines):
            self.line(
                text, left_centre, y + 14 * i, 11, bold=i == len(left_lines) - 1, align=Align.CENTER
            )
        if left_lines:
            last = left_lines[-1]
            half = self.width(last, 11, bold=True) / 2
            self.rule(left_centre - half / 2, left_centre + half / 2, y + 14 * len(left_lines) - 9)
        self.line(NATIONAL_NAME, right_centre, y, 11, bold=True, align=Align.CENTER)
        self.line(NATIONAL_MOTTO, right_centre, y + 14, 12, bold=True, align=Align.CENTER)
        half = self.width(NATIONAL_MOTTO, 12, bold=True) / 2
        self.rule(right_centre - half, right_centre + half, y + 18)
        return y + 14 * max(len(left_lines), 2) + 20
