"""A watched folder: the "scan to folder" of any scanner's own software.

Files are taken when finished (size and modification time unchanged for
`settle_seconds`, and the file can be opened: on Windows a scanner still writing holds
it locked), in order of modification time, each once (the caller records what it took).
Polling, not file-system events: it behaves the same on Windows, Linux and network
shares, and a folder that disappears for a while (a USB stick, a share) just comes back.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from counterdesk.capture.sources.files import IMAGE_SUFFIXES

# Names scanner software and browsers use while a file is still being written.
_PARTIAL = (".tmp", ".part", ".partial", ".crdownload", ".download")


@dataclass
class FolderWatcher:
    folder: Path
    already_taken: Callable[[Path], bool]
    settle_seconds: float = 2.0
    _seen: dict[str, tuple[int, int, float]] = field(default_factory=dict)
    # Files handed out by this watcher (name, size, mtime): the stored record is only
    # consulted once per file, not at every poll.
    _handed_out: set[tuple[str, int, int]] = field(default_factory=set)

    def _candidates(self) -> list[Path]:
        names = []
        try:
            listing = list(self.folder.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            # Gone (unplugged, renamed): when it is back, every file is looked at afresh;
            # those already taken are known to the caller.
            self._seen.clear()
            self._handed_out.clear()
            raise
        for path in listing:
            name = path.name
            if name.startswith((".", "~")) or name.lower().endswith(_PARTIAL):
                continue
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                names.append(path)
        return names

    @staticmethod
    def _readable(path: Path) -> bool:
        try:
            with path.open("rb") as f:
                f.read(1)
        except OSError:
            return False
        return True

    def finished_files(self) -> list[Path]:
        """New files that have stopped changing, oldest first.

        Raises FileNotFoundError when the folder is gone; the caller keeps polling.
        """
        now = time.monotonic()
        ready = []
        current = set()
        for path in self._candidates():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            key = str(path)
            current.add(key)
            signature = (stat.st_size, stat.st_mtime_ns)
            seen = self._seen.get(key)
            if seen is None or seen[:2] != signature:
                self._seen[key] = (*signature, now)
                continue
            if now - seen[2] < self.settle_seconds:
                continue
            handed = (key, *signature)
            if handed in self._handed_out or not self._readable(path):
                continue
            self._handed_out.add(handed)
            if not self.already_taken(path):
                ready.append((stat.st_mtime_ns, path.name, path))
        for key in set(self._seen) - current:
            del self._seen[key]
        return [path for _, _, path in sorted(ready)]
