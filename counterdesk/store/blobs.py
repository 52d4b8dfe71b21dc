"""Content-addressed blob store: each file is named by the SHA-256 of its bytes.

Layout: <root>/<first two hex digits>/<sha256><suffix>. The suffix (".pdf") only helps a
clerk open the file; the name's hash is the identity. A blob never changes once written,
so a second write of the same content is a no-op, and two processes may store the same
blob at once safely.
"""

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from counterdesk.store.files import TEMP_SUFFIX, write_atomic

# A temp file older than this belongs to a process that died mid-write.
STALE_TEMP_SECONDS = 3600


@dataclass(frozen=True)
class Blob:
    sha256: str
    suffix: str
    size: int
    path: Path
    created: bool  # False when the store already held these bytes


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix}"

    def put(self, data: bytes, suffix: str) -> Blob:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256, suffix)
        if target.exists() and target.stat().st_size == len(data):
            return Blob(sha256, suffix, len(data), target, created=False)
        write_atomic(target, data)
        return Blob(sha256, suffix, len(data), target, created=True)

    def discard(self, blobs: list[Blob]) -> None:
        """Remove blobs this process just created for a change that was not recorded."""
        for blob in blobs:
            if blob.created:
                blob.path.unlink(missing_ok=True)

    def remove(self, sha256: str, suffix: str) -> int:
        """Delete a stored file that no record uses any more; returns the bytes freed."""
        target = self.path(sha256, suffix)
        try:
            size = target.stat().st_size
            target.unlink()
        except FileNotFoundError:
            return 0
        return size

    def matches(self, sha256: str, suffix: str) -> bool:
        """Whether the stored file exists and still hashes to its name."""
        path = self.path(sha256, suffix)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    def remove_stale_temp_files(self) -> int:
        """Delete temp files left by processes killed mid-write; returns how many."""
        cutoff = time.time() - STALE_TEMP_SECONDS
        removed = 0
        for temp in self.root.glob(f"*/.*{TEMP_SUFFIX}"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed
