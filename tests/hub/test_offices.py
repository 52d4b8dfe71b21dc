"""One office's desk can neither write nor read another office's data."""

import hashlib
from datetime import date

from tests.hub.events import document_event, dossier_event, event
from tests.hub.fixtures import RunningHub


def snapshot(hub: RunningHub) -> list[dict]:
    return hub.sql(
        "SELECT d.office_code, r.table_name, r.row_id, r.row FROM records r"
        " JOIN desks d ON d.id = r.desk_id ORDER BY 1, 2, 3"
    )


def test_a_desk_writing_another_offices_dossier_is_refused_and_nothing_changes(
    hub: RunningHub,
) -> None:
    office_a = hub.enrolled_client("H38.12")
    office_b = hub.enrolled_client("H99.01", "UBND xã Khác")
    assert office_a.send_events([dossier_event(1, "H38.12", row_id=1)]).status == 200
    before = snapshot(hub)

    forged = dossier_event(2, "H38.12", row_id=1, state="returned")
    answer = office_b.send_events([dossier_event(1, "H99.01", row_id=5), forged])

    assert answer.status == 403
    assert "enrolled for office H99.01" in answer.json["error"]
    assert "Nothing of the batch was stored" in answer.json["error"]
    assert answer.json["refused"] == [
        {
            "seq": 2,
            "table": "dossiers",
            "row_id": 1,
            "reason": "dossier 'H38.12-261126-0001' is not numbered for this office",
        }
    ]
    assert snapshot(hub) == before
    assert office_b.state().json["last_seq"] == 0


def test_an_office_row_of_another_office_is_refused(hub: RunningHub) -> None:
    desk = hub.enrolled_client("H99.01", "UBND xã Khác")

    answer = desk.send_events([event(1, "office", 1, {"id": 1, "code": "H38.12"})])

    assert answer.status == 403
    assert hub.sql("SELECT count(*) AS n FROM events") == [{"n": 0}]


def test_a_prefix_of_the_office_code_is_not_the_office(hub: RunningHub) -> None:
    desk = hub.enrolled_client("H38.1")

    answer = desk.send_events([dossier_event(1, "H38.12")])

    assert answer.status == 403


def test_a_document_must_bring_its_own_file(hub: RunningHub) -> None:
    desk = hub.enrolled_client("H38.12")
    pdf = b"%PDF-1.7 a certified copy"
    document = document_event(1, pdf)
    desk.upload(hashlib.sha256(pdf).hexdigest(), pdf)

    answer = desk.send_events([{**document, "blobs": []}])

    assert answer.status == 403
    assert "not among the event's blobs" in answer.json["refused"][0]["reason"]
    assert desk.send_events([document]).status == 200


def test_state_and_changes_are_only_the_desks_own(hub: RunningHub) -> None:
    office_a = hub.enrolled_client("H38.12")
    office_b = hub.enrolled_client("H99.01", "UBND xã Khác")
    office_a.send_events([dossier_event(seq, "H38.12", row_id=seq) for seq in (1, 2, 4)])
    for_all = hub.publish("holidays", date(2027, 1, 1), {"add": ["2027-02-05"]})
    for_a = hub.publish("tariff", date(2027, 1, 1), {"per_page": 2000}, "H38.12")
    for_b = hub.publish("office", date(2026, 12, 1), {"hours": "07:00-11:00"}, "H99.01")

    assert office_b.state().json == {
        "desk_id": office_b.desk_id,
        "office_code": "H99.01",
        "last_seq": 0,
        "gaps": [],
    }
    assert office_a.state().json["gaps"] == [[3, 3]]
    seen_by_b = office_b.get("/api/v1/changes?since=0").json
    assert [change["seq"] for change in seen_by_b["changes"]] == [for_all, for_b]
    assert seen_by_b["last"] == for_b
    seen_by_a = office_a.get("/api/v1/changes?since=0").json
    assert seen_by_a["changes"] == [
        {
            "seq": for_all,
            "kind": "holidays",
            "effective_from": "2027-01-01",
            "data": {"add": ["2027-02-05"]},
        },
        {
            "seq": for_a,
            "kind": "tariff",
            "effective_from": "2027-01-01",
            "data": {"per_page": 2000},
        },
    ]
    assert office_a.get(f"/api/v1/changes?since={for_a}").json == {"changes": [], "last": for_a}


def test_two_desks_of_one_office_keep_their_own_seq(hub: RunningHub) -> None:
    first = hub.enrolled_client("H38.12", desk_name="Quầy 1")
    second = hub.enrolled_client("H38.12", desk_name="Quầy 2")

    first.send_events([dossier_event(1, "H38.12", row_id=1)])
    answer = second.send_events([dossier_event(1, "H38.12", row_id=1)])

    assert answer.json == {"stored": 1, "duplicates": 0, "last_seq": 1, "gaps": []}
    assert len(hub.sql("SELECT * FROM records")) == 2
