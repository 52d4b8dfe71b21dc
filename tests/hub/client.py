"""A small HTTP client of the hub for tests: signs requests as a desk does.

Plain http.client, so tests need nothing the desk does not ship. `HubClient.enrol` makes
a key and enrols it; `request` signs and sends; `send` sends with the headers given, for
tests that replay or tamper.
"""

import http.client
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterdesk.sync.protocol import API, CHUNK_BYTES, sign_request


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]  # names in lowercase

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HubClient:
    base_url: str
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    desk_id: str | None = None

    def public_key_hex(self) -> str:
        return self.key.public_key().public_bytes_raw().hex()

    def enrol(self, code: str, name: str = "Quầy 1") -> Answer:
        body = {"code": code, "public_key": self.public_key_hex(), "desk_name": name}
        answer = self.send("POST", f"{API}/enrol", json.dumps(body).encode())
        if answer.status == 200:
            self.desk_id = answer.json["desk_id"]
        return answer

    def signed_headers(self, method: str, path: str, body: bytes = b"") -> dict[str, str]:
        assert self.desk_id is not None, "enrol first"
        return sign_request(self.key, self.desk_id, method, path, body)

    def request(self, method: str, path: str, body: bytes = b"") -> Answer:
        return self.send(method, path, body, self.signed_headers(method, path, body))

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_json(self, path: str, payload: Any) -> Answer:
        return self.request("POST", path, json.dumps(payload).encode())

    def state(self) -> Answer:
        return self.get(f"{API}/state")

    def send_events(self, events: list[dict[str, Any]]) -> Answer:
        return self.post_json(f"{API}/events", {"events": events})

    def blob_status(self, sha256: str) -> Answer:
        return self.get(f"{API}/blobs/{sha256}")

    def put_chunk(self, sha256: str, offset: int, chunk: bytes, total: int) -> Answer:
        return self.request("PUT", f"{API}/blobs/{sha256}?offset={offset}&total={total}", chunk)

    def upload(self, sha256: str, data: bytes, chunk_bytes: int = CHUNK_BYTES) -> Answer:
        """Upload `data` from where the hub stands; the last answer."""
        offset = self.blob_status(sha256).json["received"]
        while True:
            chunk = data[offset : offset + chunk_bytes]
            answer = self.put_chunk(sha256, offset, chunk, len(data))
            if answer.status != 200 or answer.json["complete"]:
                return answer
            offset = answer.json["received"]

    def send(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        url = urlsplit(self.base_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, response.read(), headers)
        finally:
            conn.close()
