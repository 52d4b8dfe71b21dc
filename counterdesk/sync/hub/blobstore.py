"""Where the hub keeps blobs: content-addressed, uploaded in chunks that can resume.

`BlobStore` is what the app needs; `FilesystemBlobStore` keeps them in a folder, laid out
like the desk's store (`<root>/<sha[:2]>/<sha>`), with uploads in progress under
`<root>/partial/`. An object store could replace it behind the same four methods.

An append is written and fsynced before it is acknowledged, so `received` never counts a
byte a crash could lose. The last chunk completes the blob: its SHA-256 is checked, then
the partial file is renamed into place (atomic), or discarded when the hash differs.
Appends to one blob are serialized with a lock on its partial file, which holds across
threads and processes. A blob that comes whole in one chunk (most scanned copies) skips
the partial file: it is hashed in memory, then written to a temporary file renamed into
place, so two uploads of it at once both end with the same complete file (a crash may leave a
`.tmp` file beside it, never a wrong blob).
"""

import fcntl
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from counterdesk.errors import StorageError
from counterdesk.sync.protocol import SHA256_PATTERN


@dataclass(frozen=True)
class BlobStatus:
    received: int
    complete: bool


class BlobOffsetError(Exception):
    """The chunk does not start where the upload stands; `received` is where it does."""

    def __init__(self, received: int) -> None:
        super().__init__(f"upload stands at {received} bytes")
        self.received = received


class BlobHashError(Exception):
    """The completed upload does not hash to its name; its bytes were discarded."""

    def __init__(self, actual: str) -> None:
        super().__init__(f"the bytes hash to {actual}")
        self.actual = actual


class BlobStore(Protocol):
    def status(self, sha256: str) -> BlobStatus: ...

    def append(self, sha256: str, offset: int, chunk: bytes, total: int) -> BlobStatus:
        """Add `chunk` at `offset` (which must equal the bytes received so far).

        BlobOffsetError when it does not; BlobHashError when this chunk completes the
        blob (`received == total`) and the bytes do not hash to `sha256`. A blob
        already complete answers its status and writes nothing.
        """
        ...

    def open(self, sha256: str) -> BinaryIO:
        """The complete blob's bytes; FileNotFoundError when it is not complete."""
        ...


def check_sha256(sha256: str) -> str:
    if not SHA256_PATTERN.fullmatch(sha256):
        raise ValueError(f"{sha256!r} is not a SHA-256 in lowercase hex")
    return sha256


class FilesystemBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / check_sha256(sha256)[:2] / sha256

    def partial_path(self, sha256: str) -> Path:
        return self.root / "partial" / check_sha256(sha256)

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def status(self, sha256: str) -> BlobStatus:
        size = self.size(sha256)
        if size is not None:
            return BlobStatus(size, complete=True)
        try:
            return BlobStatus(self.partial_path(sha256).stat().st_size, complete=False)
        except FileNotFoundError:
            return BlobStatus(0, complete=False)

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def append(self, sha256: str, offset: int, chunk: bytes, total: int) -> BlobStatus:
        size = self.size(sha256)
        if size is not None:
            return BlobStatus(size, complete=True)
        partial = self.partial_path(sha256)
        try:
            if offset == 0 and len(chunk) == total:
                return self._write_whole(sha256, chunk)
            partial.parent.mkdir(parents=True, exist_ok=True)
            while True:
                with partial.open("ab") as f:
                    fcntl.flock(f.fileno(), fcntl.LOCK_EX)
                    # While this request waited for the lock, another may have completed
                    # the blob (the file opened is now the blob) or discarded it.
                    size = self.size(sha256)
                    if size is not None:
                        return BlobStatus(size, complete=True)
                    if not _same_file(f, partial):
                        continue
                    return self._append_locked(sha256, partial, f, offset, chunk, total)
        except OSError as exc:
            raise StorageError(
                f"The hub cannot write blobs under {self.root} ({exc.strerror or exc}). "
                "Check the disk has space and the folder is writable."
            ) from exc

    def _append_locked(
        self, sha256: str, partial: Path, f: BinaryIO, offset: int, chunk: bytes, total: int
    ) -> BlobStatus:
        received = os.fstat(f.fileno()).st_size
        if offset != received:
            raise BlobOffsetError(received)
        try:
            f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            # A chunk is kept whole or not at all: `received` only counts synced bytes.
            f.truncate(received)
            raise
        received += len(chunk)
        if received < total:
            return BlobStatus(received, complete=False)
        self._complete(sha256, partial)
        return BlobStatus(received, complete=True)

    def _write_whole(self, sha256: str, data: bytes) -> BlobStatus:
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise BlobHashError(actual)
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{sha256}.{secrets.token_hex(8)}.tmp")
        try:
            with temporary.open("xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        _fsync_dir(target.parent)
        return BlobStatus(len(data), complete=True)

    def _complete(self, sha256: str, partial: Path) -> None:
        digest = hashlib.sha256()
        with partial.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        actual = digest.hexdigest()
        if actual != sha256:
            partial.unlink()
            raise BlobHashError(actual)
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.replace(target)
        _fsync_dir(target.parent)
        _fsync_dir(partial.parent)


def _same_file(f: BinaryIO, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(f.fileno()), path.stat())
    except FileNotFoundError:
        return False


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
