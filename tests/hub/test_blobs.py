"""Blobs: resumable chunks, checked by SHA-256 at the end, kept per office."""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from counterdesk.sync.hub.blobstore import BlobHashError, BlobOffsetError, FilesystemBlobStore
from counterdesk.sync.protocol import API, CHUNK_BYTES, pack_bundle, unpack_bundle
from tests.hub.fixtures import RunningHub

DATA = bytes(range(256)) * 1000


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_blob_uploads_in_chunks_and_is_kept_under_its_hash(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    assert client.blob_status(sha(DATA)).json == {"received": 0, "complete": False}

    answer = client.upload(sha(DATA), DATA, chunk_bytes=100_000)

    assert answer.json == {"received": len(DATA), "complete": True}
    assert client.blob_status(sha(DATA)).json == {"received": len(DATA), "complete": True}
    kept = hub.blob_root / "H38.12" / sha(DATA)[:2] / sha(DATA)
    assert kept.read_bytes() == DATA
    assert list((hub.blob_root / "H38.12" / "partial").iterdir()) == []


def test_a_chunk_to_a_complete_blob_writes_nothing(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    client.upload(sha(DATA), DATA)

    answer = client.put_chunk(sha(DATA), 0, DATA[:10], len(DATA))

    assert answer.json == {"received": len(DATA), "complete": True}


def test_bytes_not_matching_their_name_are_refused_and_discarded(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    claimed = sha(b"the real document")
    forged = b"something else entirely"

    first = client.put_chunk(claimed, 0, forged[:10], len(forged))
    answer = client.put_chunk(claimed, 10, forged[10:], len(forged))

    assert first.json == {"received": 10, "complete": False}
    assert answer.status == 422
    assert "do not hash to" in answer.json["error"]
    assert client.blob_status(claimed).json == {"received": 0, "complete": False}
    assert [p for p in hub.blob_root.rglob("*") if p.is_file()] == []
    assert hub.sql("SELECT * FROM blobs") == []


def test_a_chunk_past_the_total_or_too_large_is_refused(hub: RunningHub) -> None:
    client = hub.enrolled_client()

    assert client.put_chunk(sha(DATA), 0, DATA[:20], 10).status == 400
    too_large = client.put_chunk(sha(DATA), 0, b"x" * (CHUNK_BYTES + 1), CHUNK_BYTES + 1)
    assert too_large.status == 413
    assert client.request("PUT", f"{API}/blobs/{sha(DATA)}?offset=0", b"").status == 400
    assert client.get(f"{API}/blobs/NOT-A-HASH").status == 400


def test_an_office_does_not_see_another_offices_blobs(hub: RunningHub) -> None:
    office_a = hub.enrolled_client("H38.12")
    office_b = hub.enrolled_client("H99.01", "UBND xã Khác")
    office_a.upload(sha(DATA), DATA)

    assert office_b.blob_status(sha(DATA)).json == {"received": 0, "complete": False}
    assert office_b.upload(sha(DATA), DATA).json == {"received": len(DATA), "complete": True}
    assert office_a.blob_status(sha(DATA)).json["complete"]


def test_store_resumes_discards_on_mismatch_and_serves_complete_blobs(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    name = sha(DATA)

    store.append(name, 0, DATA[:1000], len(DATA))
    with pytest.raises(BlobOffsetError) as wrong:
        store.append(name, 5000, DATA[5000:6000], len(DATA))
    assert wrong.value.received == 1000
    assert store.append(name, 1000, DATA[1000:], len(DATA)).complete
    with store.open(name) as f:
        assert f.read() == DATA

    with pytest.raises(BlobHashError):
        store.append(sha(b"abc"), 0, b"abd", 3)
    assert store.status(sha(b"abc")).received == 0
    assert not store.partial_path(sha(b"abc")).exists()


def test_a_whole_file_in_one_chunk_is_checked_before_it_is_kept(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    forged = client.put_chunk(sha(b"the real document"), 0, b"forged", 6)
    assert forged.status == 422 and "do not hash to" in forged.json["error"]
    assert [p for p in hub.blob_root.rglob("*") if p.is_file()] == []

    answer = client.put_chunk(sha(DATA), 0, DATA, len(DATA))
    assert answer.json == {"received": len(DATA), "complete": True}
    (kept,) = [p for p in hub.blob_root.rglob("*") if p.is_file()]
    assert kept.name == sha(DATA) and kept.read_bytes() == DATA
    assert hub.sql("SELECT size FROM blobs") == [{"size": len(DATA)}]


def test_one_file_uploaded_whole_by_many_at_once_ends_complete(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: store.append(sha(DATA), 0, DATA, len(DATA)), range(32)))
    assert all(s.complete and s.received == len(DATA) for s in statuses)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha(DATA)]
    with store.open(sha(DATA)) as f:
        assert f.read() == DATA


def test_small_files_go_in_one_bundle_each_checked_on_its_own(hub: RunningHub) -> None:
    client = hub.enrolled_client()
    files = [bytes([n]) * (1000 + n) for n in range(5)]
    forged = (sha(b"the real scan"), b"a forged scan")

    answer = client.request(
        "POST", f"{API}/blobs", pack_bundle([(sha(f), f) for f in files] + [forged])
    )

    assert answer.status == 422
    assert answer.json["complete"] == sorted(sha(f) for f in files)
    assert answer.json["refused"] == [forged[0]]
    for f in files:
        assert client.blob_status(sha(f)).json == {"received": len(f), "complete": True}
    assert client.blob_status(forged[0]).json == {"received": 0, "complete": False}
    assert len(hub.sql("SELECT sha256 FROM blobs")) == len(files)

    again = client.request("POST", f"{API}/blobs", pack_bundle([(sha(f), f) for f in files]))
    assert again.status == 200 and again.json == {"complete": sorted(sha(f) for f in files)}


@pytest.mark.parametrize(
    "body",
    [
        b"no list\n",
        b'{"files": []}\n',
        b'{"files": [{"sha256": "ABC", "size": 3}]}\nabc',
        b'{"files": [{"sha256": "' + sha(b"abc").encode() + b'", "size": 3}]}\nabcd',
        b'{"files": [{"sha256": "' + sha(b"abc").encode() + b'", "size": true}]}\nabc',
    ],
)
def test_a_malformed_bundle_is_refused_whole(hub: RunningHub, body: bytes) -> None:
    answer = hub.enrolled_client().request("POST", f"{API}/blobs", body)
    assert answer.status == 400 and "bundle of files is malformed" in answer.json["error"]
    assert hub.sql("SELECT * FROM blobs") == []


def test_a_bundle_over_the_chunk_size_is_refused(hub: RunningHub) -> None:
    big = [bytes([n]) * (CHUNK_BYTES // 2 + 100_000) for n in range(3)]
    answer = hub.enrolled_client().request(
        "POST", f"{API}/blobs", pack_bundle([(sha(f), f) for f in big])
    )
    assert answer.status == 413


def test_a_bundle_unpacks_to_what_was_packed() -> None:
    files = [(sha(d), d) for d in (b"", b"one", DATA)]
    assert unpack_bundle(pack_bundle(files)) == files
