"""The embedded fonts: Noto Serif subsets with full Vietnamese coverage (resources/fonts)."""

from functools import cache
from importlib.resources import files
from pathlib import Path

import pymupdf


def font_path(bold: bool = False) -> Path:
    name = "NotoSerif-Bold.ttf" if bold else "NotoSerif-Regular.ttf"
    return Path(str(files("counterdesk.resources") / "fonts" / name))


@cache
def font(bold: bool = False) -> pymupdf.Font:
    return pymupdf.Font(fontfile=str(font_path(bold)))
