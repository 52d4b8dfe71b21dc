"""What the desk makes of answers that are not the hub's whole answer: a response cut in
its headers (which http.client takes for a whole one, with an empty body) and a proxy's
or captive portal's page are the link failing, never an answer to act on."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterdesk.errors import OfflineError
from counterdesk.sync.client import HubError, _Hub


@contextmanager
def answering(raw: bytes) -> Iterator[str]:
    """A loopback server that reads one request, writes `raw` and closes."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(raw)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        thread.join(timeout=10)
        server.close()


def request(url: str) -> dict:
    hub = _Hub(url, "desk", Ed25519PrivateKey.generate())
    try:
        return hub.request("POST", "/events", b'{"events": []}')
    finally:
        hub.close()


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n",  # cut in the headers
        b'HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n{"stored": 1',  # cut in the body
        b"HTTP/1.1 200 OK\r\ncontent-length: 28\r\n\r\n<html>Dang nhap Wi-Fi</html>",
        b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
    ],
)
def test_a_cut_or_foreign_answer_is_the_link_failing(raw: bytes) -> None:
    with answering(raw) as url, pytest.raises(OfflineError):
        request(url)


def test_the_hubs_refusal_keeps_its_reason_even_when_not_json() -> None:
    raw = b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 11\r\n\r\nbad gateway"
    with answering(raw) as url, pytest.raises(HubError) as refused:
        request(url)
    assert refused.value.status == 502 and refused.value.body == {"error": "bad gateway"}


def test_a_whole_answer_is_taken() -> None:
    body = b'{"stored": 1, "last_seq": 1, "gaps": []}'
    raw = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
    with answering(raw) as url:
        assert request(url) == {"stored": 1, "last_seq": 1, "gaps": []}
