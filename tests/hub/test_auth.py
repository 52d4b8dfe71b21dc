"""Signed requests: anything not signed by an enrolled desk gets 401 and no data."""

import base64
import json
import secrets
import time
from datetime import UTC, datetime

from counterdesk.sync.hub import db, enrolment
from counterdesk.sync.protocol import (
    API,
    HEADER_DESK,
    HEADER_HUB_TIME,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIME,
    MAX_SKEW_SECONDS,
    signed_text,
)
from tests.hub.events import dossier_event
from tests.hub.fixtures import RunningHub

HUB_TIME = HEADER_HUB_TIME.lower()


def events_held(hub: RunningHub) -> int:
    return hub.sql("SELECT count(*) AS n FROM events")[0]["n"]


def test_a_signed_request_is_answered(hub: RunningHub) -> None:
    client = hub.enrolled_client()

    answer = client.state()

    assert answer.status == 200
    assert answer.json == {
        "desk_id": client.desk_id,
        "office_code": "H38.12",
        "last_seq": 0,
        "gaps": [],
    }
    assert abs(int(answer.headers[HUB_TIME]) - time.time()) < 5


def test_an_unsigned_request_gets_401_and_nothing_else(hub: RunningHub) -> None:
    hub.enrolled_client().send_events([dossier_event(1, "H38.12")])

    for method, path in [
        ("GET", f"{API}/state"),
        ("GET", f"{API}/changes?since=0"),
        ("POST", f"{API}/events"),
        ("GET", f"{API}/blobs/{'0' * 64}"),
    ]:
        answer = hub.client().send(method, path)

        assert answer.status == 401, path
        assert list(answer.json) == ["error"]
        assert "not signed" in answer.json["error"]
        assert HUB_TIME in answer.headers


def test_an_unknown_desk_gets_401(hub: RunningHub) -> None:
    stranger = hub.client()
    stranger.desk_id = "0190d0a2-5c1e-7000-8000-000000000001"

    answer = stranger.state()

    assert answer.status == 401
    assert list(answer.json) == ["error"]
    assert "does not know this desk" in answer.json["error"]


def test_a_desk_signing_with_another_key_gets_401(hub: RunningHub) -> None:
    enrolled = hub.enrolled_client()
    impostor = hub.client()
    impostor.desk_id = enrolled.desk_id

    answer = impostor.state()

    assert answer.status == 401
    assert "signature does not match" in answer.json["error"]


def test_a_replayed_request_gets_401_and_is_not_applied_again(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    path = f"{API}/events"
    body = json.dumps({"events": [dossier_event(1, "H38.12")]}).encode()
    headers = client.signed_headers("POST", path, body)
    assert client.send("POST", path, body, headers).status == 200
    hub.sql("DELETE FROM records")
    hub.sql("DELETE FROM events")

    replay = client.send("POST", path, body, headers)

    assert replay.status == 401
    assert "already received this exact request" in replay.json["error"]
    assert events_held(hub) == 0


def test_a_tampered_body_gets_401_and_nothing_is_stored(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    path = f"{API}/events"
    signed_body = json.dumps({"events": [dossier_event(1, "H38.12")]}).encode()
    other_body = json.dumps({"events": [dossier_event(1, "H38.12", state="finished")]}).encode()

    answer = client.send("POST", path, other_body, client.signed_headers("POST", path, signed_body))

    assert answer.status == 401
    assert "signature does not match" in answer.json["error"]
    assert events_held(hub) == 0


def test_a_signature_for_another_path_gets_401(hub: RunningHub) -> None:
    client = hub.enrolled_client()

    answer = client.send(
        "GET", f"{API}/changes?since=0", headers=client.signed_headers("GET", f"{API}/state")
    )

    assert answer.status == 401


def test_a_desk_clock_off_by_more_than_the_skew_gets_401_with_the_hub_time(
    hub: RunningHub,
) -> None:
    client = hub.enrolled_client()
    path = f"{API}/state"
    desk_time = int(time.time()) - MAX_SKEW_SECONDS - 120
    nonce = secrets.token_hex(16)
    signature = client.key.sign(signed_text("GET", path, desk_time, nonce, b""))
    headers = {
        HEADER_DESK: client.desk_id,
        HEADER_TIME: str(desk_time),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: base64.b64encode(signature).decode(),
    }

    answer = client.send("GET", path, headers=headers)

    assert answer.status == 401
    assert "minutes behind the hub's" in answer.json["error"]
    assert abs(int(answer.headers[HUB_TIME]) - time.time()) < 5


def test_a_revoked_desk_gets_401(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    with db.connection(hub.db_url) as conn:
        assert enrolment.revoke_desk(conn, client.desk_id, datetime.now(UTC))

    answer = client.state()

    assert answer.status == 401
    assert "revoked" in answer.json["error"]
