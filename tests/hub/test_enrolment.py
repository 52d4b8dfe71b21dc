"""Enrolment: a one-time code, for one office, hashed at rest, expiring."""

import hashlib
from datetime import UTC, datetime, timedelta

from counterdesk.sync.protocol import API
from tests.hub.fixtures import RunningHub


def test_a_good_code_enrols_the_desk_for_its_office(hub: RunningHub) -> None:
    client = hub.client()
    answer = client.enrol(hub.issue_code("H38.12", "UBND xã Tân Phú"), "Quầy 2")

    assert answer.status == 200
    assert answer.json == {
        "desk_id": client.desk_id,
        "office_code": "H38.12",
        "office_name": "UBND xã Tân Phú",
    }
    [desk] = hub.sql("SELECT name, office_code, public_key FROM desks")
    assert (desk["name"], desk["office_code"]) == ("Quầy 2", "H38.12")
    assert bytes(desk["public_key"]) == client.key.public_key().public_bytes_raw()
    assert client.state().status == 200


def test_the_code_is_kept_only_as_its_hash(hub: RunningHub) -> None:
    code = hub.issue_code()

    [row] = hub.sql("SELECT code_hash FROM enrol_codes")
    typed = code.replace("-", "")
    assert row["code_hash"] == hashlib.sha256(typed.encode()).hexdigest()
    assert typed not in str(hub.sql("SELECT * FROM enrol_codes"))


def test_a_code_typed_in_lowercase_without_dashes_works(hub: RunningHub) -> None:
    code = hub.issue_code()

    assert hub.client().enrol(code.replace("-", " ").lower()).status == 200


def test_a_used_code_is_refused_to_another_desk(hub: RunningHub) -> None:
    code = hub.issue_code()
    assert hub.client().enrol(code).status == 200

    answer = hub.client().enrol(code)

    assert answer.status == 403
    assert "already used" in answer.json["error"]
    assert len(hub.sql("SELECT id FROM desks")) == 1


def test_the_same_desk_may_enrol_again_after_losing_the_answer(hub: RunningHub) -> None:
    code = hub.issue_code()
    client = hub.client()
    first = client.enrol(code).json

    again = client.enrol(code)

    assert again.status == 200
    assert again.json == first
    assert len(hub.sql("SELECT id FROM desks")) == 1


def test_an_expired_code_is_refused(hub: RunningHub) -> None:
    code = hub.issue_code(days=1, now=datetime.now(UTC) - timedelta(days=2))

    answer = hub.client().enrol(code)

    assert answer.status == 403
    assert "expired" in answer.json["error"]
    assert hub.sql("SELECT id FROM desks") == []


def test_a_wrong_code_is_refused(hub: RunningHub) -> None:
    hub.issue_code()

    answer = hub.client().enrol("ABCD-EFGH-JKLM-NPQR-STUV")

    assert answer.status == 401
    assert "does not know this enrolment code" in answer.json["error"]
    assert hub.sql("SELECT id FROM desks") == []


def test_a_malformed_public_key_is_refused(hub: RunningHub) -> None:
    client = hub.client()
    body = b'{"code": "%s", "public_key": "abcd"}' % hub.issue_code().encode()

    answer = client.send("POST", f"{API}/enrol", body)

    assert answer.status == 400
    assert "public_key" in answer.json["error"]
    assert hub.sql("SELECT used_at FROM enrol_codes") == [{"used_at": None}]
