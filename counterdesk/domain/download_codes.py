"""The one-time code printed on a citizen's receipt to download their e-copy from the hub.

Twelve characters of Crockford's base32 (no I, L, O, U: nothing to misread), printed in
groups of four: 60 random bits, and the hub limits wrong tries, so guessing is hopeless.
The desk keeps only a hash of the code (it travels to the hub with the dossier); the
code itself is on the paper in the citizen's hands. Typed codes are normalised the
Crockford way: case, spaces and dashes ignored, O read as 0, I and L as 1.
"""

import hashlib
import secrets
from datetime import timedelta

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
# How long a citizen may download: the e-copy is also kept at the office, and a code
# lying around for years is a code someone else may find.
VALID_FOR = timedelta(days=30)
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh code, as printed: 'ABCD-EFGH-JKMN'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(text: str) -> str:
    """The code as typed or scanned, in its canonical 12 characters ('' if malformed)."""
    code = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    return code if len(code) == LENGTH and all(ch in ALPHABET for ch in code) else ""


def code_sha256(code: str) -> str:
    """What the desk and the hub keep and compare: never the code itself."""
    return hashlib.sha256(f"CD-DL|{normalise(code)}".encode()).hexdigest()
