"""Events up: stored once, per-desk seq with gaps reported, blobs first, whole batches."""

import hashlib

from counterdesk.sync.protocol import API, MAX_EVENTS_PER_BATCH
from tests.hub.events import document_event, dossier_event, event
from tests.hub.fixtures import RunningHub

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def test_a_batch_sent_twice_is_stored_once(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    batch = [dossier_event(1, "H38.12"), event(2, "citizens"), event(3, "procedures")]

    first = client.send_events(batch)
    again = client.send_events(batch)

    assert first.status == 200
    assert first.json == {"stored": 3, "duplicates": 0, "last_seq": 3, "gaps": []}
    assert again.status == 200
    assert again.json == {"stored": 0, "duplicates": 3, "last_seq": 3, "gaps": []}
    assert hub.sql("SELECT count(*) AS n FROM events") == [{"n": 3}]


def test_an_event_repeated_within_a_batch_counts_as_a_duplicate(hub: RunningHub) -> None:
    one = dossier_event(1, "H38.12")

    answer = hub.enrolled_client().send_events([one, one])

    assert answer.json == {"stored": 1, "duplicates": 1, "last_seq": 1, "gaps": []}


def test_gaps_in_the_seq_are_reported_until_filled(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    events = [dossier_event(seq, "H38.12", row_id=seq) for seq in range(1, 9)]

    answer = client.send_events([events[0], events[1], events[4], events[7]])

    assert answer.json["last_seq"] == 2
    assert answer.json["gaps"] == [[3, 4], [6, 7]]
    assert client.state().json["gaps"] == [[3, 4], [6, 7]]

    answer = client.send_events(events[2:4])

    assert (answer.json["last_seq"], answer.json["gaps"]) == (5, [[6, 7]])

    answer = client.send_events(events)

    assert answer.json == {"stored": 2, "duplicates": 6, "last_seq": 8, "gaps": []}
    assert client.state().json["last_seq"] == 8


def test_records_keep_the_row_of_their_highest_seq(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    received = dossier_event(1, "H38.12", row_id=7, state="received")
    finished = dossier_event(2, "H38.12", row_id=7, state="finished")

    client.send_events([finished])
    client.send_events([received])  # the older event, arriving late

    [record] = hub.sql("SELECT row, seq FROM records WHERE table_name = 'dossiers'")
    assert (record["row"]["state"], record["seq"]) == ("finished", 2)


def test_one_batch_with_several_events_of_a_record_keeps_its_highest_seq(
    hub: RunningHub,
) -> None:
    client = hub.enrolled_client()
    states = ["received", "in_progress", "finished", "returned"]
    batch = [dossier_event(seq, "H38.12", row_id=7, state=s) for seq, s in enumerate(states, 1)]
    batch += [dossier_event(5, "H38.12", row_id=8, state="received")]

    answer = client.send_events([batch[2], batch[0], batch[4], batch[3], batch[1]])

    assert answer.json["stored"] == 5 and answer.json["last_seq"] == 5
    records = hub.sql("SELECT row_id, row, seq FROM records ORDER BY row_id")
    assert [(r["row_id"], r["row"]["state"], r["seq"]) for r in records] == [
        (7, "returned", 4),
        (8, "received", 5),
    ]
    assert len(hub.sql("SELECT id FROM events")) == 5


def test_an_event_naming_a_missing_blob_waits_for_it(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    sha256 = hashlib.sha256(PDF).hexdigest()
    batch = [dossier_event(1, "H38.12"), document_event(2, PDF)]

    refused = client.send_events(batch)

    assert refused.status == 409
    assert refused.json["missing_blobs"] == [sha256]
    assert "error" in refused.json
    assert hub.sql("SELECT count(*) AS n FROM events") == [{"n": 0}]

    third = len(PDF) // 3 + 1
    assert client.put_chunk(sha256, 0, PDF[:third], len(PDF)).json == {
        "received": third,
        "complete": False,
    }
    wrong = client.put_chunk(sha256, 2 * third, PDF[2 * third :], len(PDF))
    assert wrong.status == 409
    assert wrong.json["received"] == third
    resumed = wrong.json["received"]
    assert client.put_chunk(sha256, resumed, PDF[resumed : 2 * third], len(PDF)).json == {
        "received": 2 * third,
        "complete": False,
    }
    assert client.put_chunk(sha256, 2 * third, PDF[2 * third :], len(PDF)).json == {
        "received": len(PDF),
        "complete": True,
    }

    stored = client.send_events(batch)

    assert stored.status == 200
    assert stored.json == {"stored": 2, "duplicates": 0, "last_seq": 2, "gaps": []}
    assert hub.sql("SELECT office_code, size FROM blobs WHERE sha256 = %s", (sha256,)) == [
        {"office_code": "H38.12", "size": len(PDF)}
    ]


def test_a_malformed_batch_is_refused_whole(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    good = dossier_event(1, "H38.12")

    for bad, fault in [
        ({**event(2), "table": "identities"}, "does not travel"),
        ({**event(2), "seq": 0}, '"seq"'),
        ({**event(2), "at": "2026-11-26T08:15:00"}, "UTC offset"),
        ({**event(2), "blobs": ["not-a-hash"]}, '"blobs"'),
        ({**event(2), "row": [1, 2]}, '"row"'),
    ]:
        answer = client.send_events([good, bad])

        assert answer.status == 400, bad
        assert fault in answer.json["error"]
    too_many = [event(seq) for seq in range(1, MAX_EVENTS_PER_BATCH + 2)]
    assert client.send_events(too_many).status == 400
    assert client.request("POST", f"{API}/events", b"not json").status == 400
    assert hub.sql("SELECT count(*) AS n FROM events") == [{"n": 0}]
