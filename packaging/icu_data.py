"""Linux: ICU's data cut down to what the desk's Qt can use, Vietnamese and English.

PySide6's Linux wheels link Qt against ICU 73 and ship its whole data library,
libicudata.so.73: 32 MB for every locale's collation, calendars, unit and zone names,
the CJK and Thai word-break dictionaries and 230 legacy code-page tables. Qt reaches ICU
for locale-aware comparison (QCollator), case mapping by locale and code pages other than
UTF-8/16/32 and Latin-1; the window uses none of them, and the desk's strings are Unicode
throughout. What stays:

- everything that is not one locale's data: the normalization, properties and converter
  alias tables (.nrm, .icu, .spp, .cfu), pool.res, res_index.res, supplementalData,
  likelySubtags, zoneinfo64, metaZones, plurals and the like;
- the locale data of root, English and Vietnamese (vi, vi_VN, en, en_US, en_001, ...),
  in every tree (collation, calendars, currencies, units, zones, languages, regions);
- the transliteration rules.

What goes: other locales' data, the word-break dictionaries (.dict), the code-page tables
(.cnv). A request for a locale that is gone falls back to root, as ICU does for any locale
it lacks; a code page that is gone cannot be opened, which only a QStringConverter made by
name would notice.

The data is taken out of the library (the icudtNN_dat symbol), cut with ICU's own
`icupkg` (Debian's icu-devtools), and linked again into a library of the same name and
symbol with the C compiler: the blob is included whole (.incbin), not regenerated.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KEPT_LANGUAGES = {"en", "vi"}
# One locale's resource: its language, then script, region or variant (zh_Hant_TW,
# en_US_POSIX, es_419, de__PHONEBOOK); "root", the parent of all, is not one of them.
LOCALE = re.compile(r"(?P<language>[a-z]{2,3})(_\w*)?")
NOT_A_LOCALE = {"res_index"}  # each tree's list of its locales


class IcuTrimError(Exception):
    """The data library could not be cut down; the message says what to do."""


def unused(item: str) -> bool:
    """Whether an item of the data package (as icupkg lists it: "coll/vi.res",
    "ibm-1258_P100-1997.cnv") goes."""
    name = item.rsplit("/", 1)[-1]
    stem, _, extension = name.rpartition(".")
    if extension in ("cnv", "dict"):
        return True
    if item.startswith("translit/"):
        return False
    match = LOCALE.fullmatch(stem)
    if extension != "res" or match is None or stem in NOT_A_LOCALE:
        return False
    return match["language"] not in KEPT_LANGUAGES


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data's symbol (icudt73_dat), and its file offset and size in the library."""
    symbols = readelf("--dyn-syms", library)
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", symbols
    )
    if found is None:
        raise IcuTrimError(f"{library.name} holds no icudtNN_dat symbol.")
    address, size, name = int(found[1], 16), int(found[2], 0), found[3]
    for line in readelf("-SW", library).splitlines():
        fields = line.split("]", 1)[-1].split()
        if len(fields) >= 5 and fields[1] == "PROGBITS":
            start, offset, length = int(fields[2], 16), int(fields[3], 16), int(fields[4], 16)
            if start <= address and address + size <= start + length:
                return name, offset + address - start, size
    raise IcuTrimError(f"{library.name}: {name} lies in no section.")


def soname(library: Path) -> str:
    found = re.search(r"\(SONAME\)\s+Library soname: \[(.+?)\]", readelf("-d", library))
    return found[1] if found else library.name


def readelf(option: str, library: Path) -> str:
    return subprocess.run(
        ["readelf", "-W", option, str(library)], capture_output=True, text=True, check=True
    ).stdout


def trim(library: Path) -> int:
    """Replace `library` (libicudataNN.so.NN) with one holding only the data kept; returns
    the bytes saved."""
    for tool in ("icupkg", "readelf", "cc"):
        if shutil.which(tool) is None:
            raise IcuTrimError(f"{tool} is missing: run scripts/setup (icu-devtools, gcc).")
    symbol, offset, size = data_symbol(library)
    before = library.stat().st_size
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        # icupkg names a package, and prefixes its items, by the file's name: icudt73l.
        package = symbol.removesuffix("_dat") + ("l" if sys.byteorder == "little" else "b")
        (work / "in").mkdir()
        (work / "out").mkdir()
        whole, cut = work / "in" / f"{package}.dat", work / "out" / f"{package}.dat"
        with library.open("rb") as f:
            f.seek(offset)
            whole.write_bytes(f.read(size))
        listed = subprocess.run(
            ["icupkg", "-l", str(whole)], capture_output=True, text=True, check=True
        ).stdout.split()
        going = [item for item in listed if unused(item)]
        (work / "going.txt").write_text("\n".join(going) + "\n", encoding="utf-8")
        subprocess.run(
            # The break rules name the dictionaries; ICU does without one it cannot open.
            ["icupkg", "--ignore-deps", "-r", str(work / "going.txt"), str(whole), str(cut)],
            capture_output=True,
            check=True,
        )
        assembly = work / "data.S"
        assembly.write_text(
            "\n".join(
                [
                    "\t.section .rodata",
                    f"\t.globl {symbol}",
                    f"\t.type {symbol}, @object",
                    "\t.balign 16",
                    f"{symbol}:",
                    f'\t.incbin "{cut}"',
                    f"\t.size {symbol}, .-{symbol}",
                    '\t.section .note.GNU-stack,"",@progbits',
                    "",
                ]
            ),
            encoding="utf-8",
        )
        built = library.with_name(library.name + ".new")
        link = ["cc", "-shared", "-nostdlib", f"-Wl,-soname,{soname(library)}"]
        subprocess.run([*link, "-o", str(built), str(assembly)], check=True)
        shutil.copymode(library, built)
        built.replace(library)
    return before - library.stat().st_size
