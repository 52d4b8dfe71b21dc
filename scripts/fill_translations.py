"""Fill a Qt Linguist .ts file's unfinished messages from a TOML table of translations.

Usage: .venv/bin/python scripts/fill_translations.py resources/i18n/X_vi.ts table.toml
The table maps English source text to Vietnamese; plural messages (%n) take one form.
Messages without an entry stay unfinished, and are listed.
"""

import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_path: Path, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source not in table:
            missing.append(source)
            continue
        del translation.attrib["type"]
        if message.get("numerus") == "yes":
            for form in list(translation):
                translation.remove(form)
            ET.SubElement(translation, "numerusform").text = table[source]
        else:
            translation.text = table[source]
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    ts, toml = Path(sys.argv[1]), Path(sys.argv[2])
    left = fill(ts, tomllib.loads(toml.read_text(encoding="utf-8")))
    for source in left:
        print(f"untranslated: {source}")
    sys.exit(1 if left else 0)
