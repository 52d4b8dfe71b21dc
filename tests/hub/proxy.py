"""A loopback TCP proxy that breaks the link on purpose, for sync tests and benchmarks.

`FaultyProxy` accepts on a free loopback port and forwards each connection to the hub
byte for byte, unless its seeded RNG picks a fault for that connection:

- refuse: reset as soon as accepted, before a byte reaches the hub;
- cut the request: after a random number of bytes from the desk both sides are reset, so
  the hub sees a request (a JSON batch, a blob chunk) end in the middle of its body;
- cut the response: likewise after a random number of bytes from the hub, so the desk
  loses an answer the hub may already have acted on.

Cut points are log-uniform between `Faults.shortest_cut` and `Faults.longest_cut`, so
they fall in headers, small JSON bodies and 4 MiB chunks alike; a cut beyond what the
connection carries changes nothing. Connection n draws from `Random(f"{seed}:{n}")`:
the same seed makes the same choices for the nth connection.

`upstream_bytes_per_second` makes the link a slow uplink (a commune's ADSL or 3G).
`at_upstream_byte(mark, action)` runs `action` once, as soon as the desk's bytes
forwarded over all connections reach `mark` (a SIGKILL of the sync at a chosen point of
its upload); `cut_at_upstream_byte(mark)` resets the connection carrying byte `mark`
right after forwarding it (a link cut at a known offset of a blob's upload).
"""

import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

READ_BYTES = 256 * 1024
SLOW_LINK_BUFFER_BYTES = 16 * 1024


@dataclass(frozen=True)
class Faults:
    """Chances, per connection, of each fault (their sum at most 1)."""

    refuse: float = 0.0
    cut_request: float = 0.0
    cut_response: float = 0.0
    shortest_cut: int = 64
    longest_cut: int = 16 * 1024 * 1024


NO_FAULTS = Faults()


@dataclass
class ProxyStats:
    connections: int = 0
    refused: int = 0
    cut_requests: int = 0  # connections actually cut in the desk's direction
    cut_responses: int = 0  # ... in the hub's direction
    bytes_up: int = 0  # forwarded from desks to the hub
    bytes_down: int = 0


@dataclass
class _Trigger:
    mark: int
    action: Callable[[], None] | None  # None: cut the connection carrying the mark


class _Link:
    """One proxied connection: both sockets, and whether it was cut."""

    def __init__(self, desk: socket.socket, hub: socket.socket) -> None:
        self.desk = desk
        self.hub = hub
        self.cut = False

    def reset(self) -> None:
        """Abort both sides: a reset, not an orderly close, and wake the other pump."""
        self.cut = True
        for sock in (self.desk, self.hub):
            _abort(sock)


def _abort(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)


class FaultyProxy:
    def __init__(self, upstream_url: str, faults: Faults = NO_FAULTS, seed: int = 0) -> None:
        parts = urlsplit(upstream_url)
        assert parts.hostname and parts.port, upstream_url
        self._upstream = (parts.hostname, parts.port)
        self.faults = faults  # may be changed while the proxy runs
        # A slow uplink: the desk's bytes are forwarded at this rate (None: at once).
        self.upstream_bytes_per_second: float | None = None
        self.seed = seed
        self.stats = ProxyStats()
        self._lock = threading.Lock()
        self._links: set[_Link] = set()
        self._triggers: list[_Trigger] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> "FaultyProxy":
        self._acceptor.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with suppress(OSError):  # wakes the accepting thread (closing alone does not)
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            links = list(self._links)
        for link in links:
            link.reset()
        self._acceptor.join(timeout=10)

    def at_upstream_byte(self, mark: int, action: Callable[[], None]) -> None:
        with self._lock:
            self._triggers.append(_Trigger(mark, action))

    def cut_at_upstream_byte(self, mark: int) -> None:
        with self._lock:
            self._triggers.append(_Trigger(mark, None))

    def cancel_triggers(self) -> None:
        with self._lock:
            self._triggers.clear()

    def _accept(self) -> None:
        while True:
            try:
                desk, _ = self._listener.accept()
            except OSError:  # closed
                return
            with self._lock:
                number = self.stats.connections
                self.stats.connections += 1
            threading.Thread(target=self._serve, args=(desk, number), daemon=True).start()

    def _serve(self, desk: socket.socket, number: int) -> None:
        rng = random.Random(f"{self.seed}:{number}")
        faults = self.faults
        roll = rng.random()
        if roll < faults.refuse:
            with self._lock:
                self.stats.refused += 1
            _abort(desk)
            desk.close()
            return
        cut = round(
            faults.shortest_cut * (faults.longest_cut / faults.shortest_cut) ** rng.random()
        )
        roll -= faults.refuse
        cut_up = cut if roll < faults.cut_request else None
        roll -= faults.cut_request
        cut_down = cut if 0 <= roll < faults.cut_response else None
        if self.upstream_bytes_per_second:
            # A slow link holds little in flight: the desk cannot hand it megabytes at once.
            desk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SLOW_LINK_BUFFER_BYTES)
        try:
            hub = socket.create_connection(self._upstream, timeout=10)
            hub.settimeout(None)
        except OSError:
            _abort(desk)
            desk.close()
            return
        link = _Link(desk, hub)
        with self._lock:
            self._links.add(link)
        up = threading.Thread(target=self._pump, args=(link, True, cut_up), daemon=True)
        up.start()
        self._pump(link, False, cut_down)
        up.join()
        with self._lock:
            self._links.discard(link)
        desk.close()
        hub.close()

    def _pump(self, link: _Link, upstream: bool, cut: int | None) -> None:
        """Forward one direction until it closes, or cut it at byte `cut`."""
        source, target = (link.desk, link.hub) if upstream else (link.hub, link.desk)
        forwarded = 0
        began = time.monotonic()
        while data := _receive(link, source, target):
            data, stop, actions = self._account(data, upstream, cut, forwarded)
            if upstream and self.upstream_bytes_per_second:
                due = began + (forwarded + len(data)) / self.upstream_bytes_per_second
                time.sleep(max(0.0, due - time.monotonic()))
            try:
                target.sendall(data)
            except OSError:
                stop = True
            forwarded += len(data)
            for action in actions:
                action()
            if stop:
                link.reset()
                return

    def _account(
        self, data: bytes, upstream: bool, cut: int | None, forwarded: int
    ) -> tuple[bytes, bool, list[Callable[[], None]]]:
        """The part of `data` to forward, whether to cut after it, and the actions due."""
        stop = cut is not None and forwarded + len(data) >= cut
        if cut is not None and stop:
            data = data[: cut - forwarded]
        actions: list[Callable[[], None]] = []
        with self._lock:
            if upstream:
                data, actions, triggered = self._due_triggers(data)
                stop = stop or triggered
                self.stats.bytes_up += len(data)
                self.stats.cut_requests += stop
            else:
                self.stats.bytes_down += len(data)
                self.stats.cut_responses += stop
        return data, stop, actions

    def _due_triggers(self, data: bytes) -> tuple[bytes, list[Callable[[], None]], bool]:
        """Under the lock: the data to forward (shortened by a cut trigger), the actions
        to run once it is forwarded, and whether a cut trigger fired."""
        start = self.stats.bytes_up
        actions, cut = [], False
        for trigger in sorted(self._triggers, key=lambda t: t.mark):
            if trigger.mark > start + len(data):
                break
            self._triggers.remove(trigger)
            if trigger.action is not None:
                actions.append(trigger.action)
            elif not cut:
                data, cut = data[: max(0, trigger.mark - start)], True
        return data, actions, cut


def _receive(link: _Link, source: socket.socket, target: socket.socket) -> bytes:
    """The next bytes from `source`; b"" once it is closed or the link is cut."""
    try:
        data = source.recv(READ_BYTES)
    except OSError:  # reset by a killed process, or woken by a cut
        link.reset()
        return b""
    if not data and not link.cut:
        with suppress(OSError):  # pass the orderly close on; the other way may go on
            target.shutdown(socket.SHUT_WR)
    return data
