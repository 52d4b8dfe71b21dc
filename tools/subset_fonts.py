"""Rebuild resources/fonts/NotoSerif-*.ttf from Debian's fonts-noto-core.

The shipped fonts are subsets (Latin, Vietnamese, combining marks, punctuation,
currency signs) of Noto Serif without OpenType layout tables (GSUB/GPOS/GDEF): the text
we write is NFC, whose Vietnamese letters are precomposed glyphs, so no shaping is
needed. That keeps the repository and installer small and makes pyHanko subset the stamp
font about ten times faster (it decompiles every layout table at each signature).
Run: python tools/subset_fonts.py [SOURCE_DIR]
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

KEEP = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x250),  # Latin-1, Latin Extended-A/B
    *range(0x300, 0x370),  # combining diacritical marks
    *range(0x1EA0, 0x1F00),  # Latin Extended Additional: Vietnamese precomposed letters
    *range(0x2000, 0x2070),  # general punctuation
    0x20AB,  # ₫
    0x20AC,
    0x2116,
    0x2122,
    0x2212,
    0x25CF,
    0xFEFF,
]


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/noto")
    target = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    for style in ("Regular", "Bold"):
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        font = TTFont(source / f"NotoSerif-{style}.ttf")
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=KEEP)
        subsetter.subset(font)
        font.save(target / f"NotoSerif-{style}.ttf")


if __name__ == "__main__":
    main()
