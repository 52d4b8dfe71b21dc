"""Journal.change: the one way to change the data folder, and its audit entry."""

from pathlib import Path

import pytest

from counterdesk.desk import Desk
from counterdesk.domain.roles import LOCAL_ACTOR
from counterdesk.errors import AccessError
from counterdesk.store import audit_log

PASSWORD = "Mật-khẩu-2026"


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = Desk.open(tmp_path / "home")
    desk.init_office("H38.12", "UBND xã Tân Phú")
    yield desk
    desk.close()


def trail(desk: Desk) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.subject) for e in audit_log.entries(desk.home.db.db)]


def test_a_change_commits_with_exactly_one_entry_and_advances_the_kept_head(desk: Desk) -> None:
    with desk.journal.change("office.set_hours", {"hours": "x"}) as change:
        change.db.execute("UPDATE office SET hours = '07:00-11:00,13:00-17:00'")
        change.subject = "office"
    assert trail(desk)[-1] == ("local", "office.set_hours", "office")
    seq, head = desk.journal.head.read()
    entries = list(audit_log.entries(desk.home.db.db))
    assert (seq, head) == (entries[-1].seq, entries[-1].hash)


def test_a_failed_change_leaves_neither_the_change_nor_an_entry(desk: Desk) -> None:
    before = trail(desk)
    with pytest.raises(ZeroDivisionError), desk.journal.change("office.set_hours", {}) as change:
        change.db.execute("UPDATE office SET hours = 'changed'")
        change.subject = "office"
        1 / 0  # noqa: B018 - the failure under test
    assert trail(desk) == before
    assert desk.home.db.db.execute("SELECT hours FROM office").fetchone()[0] != "changed"


def test_a_change_that_names_no_subject_is_a_bug_and_is_rolled_back(desk: Desk) -> None:
    before = trail(desk)
    with (
        pytest.raises(RuntimeError, match="no subject"),
        desk.journal.change("office.set_hours", {}) as change,
    ):
        change.db.execute("UPDATE office SET hours = 'changed'")
    assert trail(desk) == before


def test_every_action_must_be_listed_with_its_role(desk: Desk) -> None:
    with pytest.raises(KeyError), desk.journal.change("office.delete_everything", {}):
        pass


def test_an_account_deactivated_meanwhile_cannot_act_any_more(desk: Desk, tmp_path: Path) -> None:
    desk.accounts.add("admin", "Quản trị", "admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.accounts.add("lan", "Lê Lan", "clerk,admin", PASSWORD)
    window = Desk.open(desk.home.root)  # a desk window signed in as lan a while ago
    window.sign_in("lan", PASSWORD)
    desk.accounts.deactivate("lan")
    with pytest.raises(AccessError, match="deactivated"):
        window.set_retention(5)
    window.close()


def test_the_builtin_user_is_retired_once_an_account_exists(desk: Desk) -> None:
    other = Desk.open(desk.home.root)  # started before the first account was added
    assert other.journal.actor == LOCAL_ACTOR
    desk.accounts.add("admin", "Quản trị", "admin", PASSWORD)
    with pytest.raises(AccessError, match="has accounts now"):
        other.set_retention(5)
    with pytest.raises(AccessError, match="--user"):
        other.sign_in(None, None)
    other.close()


def test_audit_key_is_kept_outside_the_database_and_stable(desk: Desk) -> None:
    key = desk.home.audit_key()
    assert len(key) == 32
    assert (desk.home.root / "keys" / "audit.key").read_bytes() == key
    assert Desk.open(desk.home.root).home.audit_key() == key
