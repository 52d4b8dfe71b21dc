"""The data folder: where it is, and what it holds.

The folder holds citizens' personal data (Law 91/2025/QH15), so it is made readable by the
desk's OS user only: mode 0700 on POSIX. On Windows, Python 3.13+ turns mode 0700 into an
owner-only ACL when it creates the folder; older Pythons rely on the default location, the
user's own AppData, whose ACL already excludes other users (tested on Linux only).
"""

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from counterdesk.errors import StorageError
from counterdesk.store.blobs import BlobStore
from counterdesk.store.db import Database
from counterdesk.store.files import storage_error

HOME_ENV = "COUNTERDESK_HOME"
DATABASE_NAME = "counterdesk.sqlite3"
AUDIT_KEY_BYTES = 32
OWNER_ONLY = 0o700


def default_home() -> Path:
    """$COUNTERDESK_HOME, else the platform's per-user data folder."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured)
    return Path(platformdirs.user_data_dir("CounterDesk", appauthor=False))


@dataclass
class Home:
    root: Path
    db: Database
    blobs: BlobStore
    # Read once per process: the key never changes, and every change digests its inputs.
    _audit_key: bytes | None = field(default=None, repr=False)

    @property
    def identities_dir(self) -> Path:
        return self.root / "identities"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    def audit_key(self) -> bytes:
        """The office's secret for keyed input digests (domain/audit.py), made on first use.

        It lives outside the database so that a copy of the database alone does not allow
        ID numbers to be guessed back from the trail. Created exclusively: two desks
        starting at once agree on one key.
        """
        if self._audit_key is not None:
            return self._audit_key
        path = self.root / "keys" / "audit.key"
        try:
            path.parent.mkdir(mode=OWNER_ONLY, exist_ok=True)
            try:
                with path.open("xb") as f:
                    f.write(secrets.token_bytes(AUDIT_KEY_BYTES))
                    f.flush()
                    os.fsync(f.fileno())
            except FileExistsError:
                pass
            key = path.read_bytes()
        except OSError as exc:
            raise storage_error(exc, path.parent) from exc
        if len(key) != AUDIT_KEY_BYTES:
            raise StorageError(
                f"The audit key {path} is damaged; restore the data folder's keys folder "
                "from its backup."
            )
        self._audit_key = key
        return key

    @classmethod
    def open(cls, root: Path) -> "Home":
        root = root.expanduser().resolve()
        try:
            root.mkdir(mode=OWNER_ONLY, parents=True, exist_ok=True)
            _owner_only(root)
        except OSError as exc:
            raise storage_error(exc, root) from exc
        blobs = BlobStore(root / "blobs")
        blobs.remove_stale_temp_files()
        return cls(root=root, db=Database(root / DATABASE_NAME), blobs=blobs)

    def close(self) -> None:
        self.db.close()


def _owner_only(root: Path) -> None:
    """Make an existing data folder owner-only too (one made by an older version, say)."""
    if os.name != "posix":
        return
    status = root.stat()
    if status.st_uid == os.geteuid() and status.st_mode & 0o077:
        # A read-only mount refuses: nothing can be written to it by this desk either.
        with contextlib.suppress(OSError):
            root.chmod(OWNER_ONLY)
