"""The data folder: where it is, and what it holds."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from counterdesk.store.blobs import BlobStore
from counterdesk.store.db import Database
from counterdesk.store.files import storage_error

HOME_ENV = "COUNTERDESK_HOME"
DATABASE_NAME = "counterdesk.sqlite3"


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

    @property
    def identities_dir(self) -> Path:
        return self.root / "identities"

    @classmethod
    def open(cls, root: Path) -> "Home":
        root = root.expanduser().resolve()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, root) from exc
        blobs = BlobStore(root / "blobs")
        blobs.remove_stale_temp_files()
        return cls(root=root, db=Database(root / DATABASE_NAME), blobs=blobs)

    def close(self) -> None:
        self.db.close()
