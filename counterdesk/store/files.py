"""Crash-safe file writes: temp file in the same folder, fsync, atomic rename.

os.replace is atomic on POSIX and on Windows (MoveFileEx with REPLACE_EXISTING) when
source and target are on one volume, which a temp file beside the target guarantees.
"""

import errno
import hashlib
import os
import uuid
from pathlib import Path

from counterdesk.errors import BadInputError, StorageError

TEMP_SUFFIX = ".partial"


def folder_full(folder: Path) -> StorageError:
    return StorageError(
        f"The data folder {folder} is full. Free some disk space, then try again; "
        "nothing was recorded."
    )


def folder_read_only(folder: Path) -> StorageError:
    return StorageError(
        f"Cannot write to the data folder {folder} (read-only or no permission). "
        "Choose a writable folder with --home, or fix its permissions."
    )


def storage_error(exc: OSError, folder: Path) -> StorageError:
    """Turn an OS error on the data folder into a message a clerk can act on."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return folder_full(folder)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return folder_read_only(folder)
    return StorageError(f"Cannot write to the data folder {folder}: {exc.strerror or exc}.")


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a directory this way
    # and NTFS journals the rename.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that readers see either nothing or the whole file."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        temp.replace(target)
        _fsync_dir(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise storage_error(exc, target.parent) from exc


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file the clerk gave; BadInputError naming it when unreadable."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise BadInputError(f"{path} cannot be read ({exc.strerror}).") from exc
