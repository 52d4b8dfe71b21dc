"""Accounts, roles and the audit trail through the CLI, on a real data folder."""

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counterdesk.signing.identities import create_test_identity
from tests.conftest import CertifyArgs, Cli

PASSWORD = "Quầy-một-cửa-2026"
ENV = {"PW": PASSWORD, "BAD": "not-the-password"}
EXIT_ACCESS = 9


def entries(cli: Cli) -> list[tuple]:
    with closing(sqlite3.connect(cli.home / "counterdesk.sqlite3")) as conn:
        return conn.execute("SELECT seq, actor, role, action, subject FROM audit_log").fetchall()


def as_user(cli: Cli, name: str, password_var: str = "PW") -> list[str]:
    return ["--user", name, "--password-env", password_var]


def add_user(cli: Cli, by: list[str], name: str, roles: str) -> dict:
    return cli.ok(
        *by,
        "user",
        "add",
        name,
        "--full-name",
        f"Cán bộ {name}",
        "--role",
        roles,
        "--new-password-env",
        "PW",
        env=ENV,
    )


@pytest.fixture
def staffed(office: Cli) -> Cli:
    """The office with an admin, a clerk and a signer; the built-in user is retired."""
    add_user(office, [], "admin", "admin")
    admin = as_user(office, "admin")
    add_user(office, admin, "lan", "clerk")
    add_user(office, admin, "binh", "signer")
    return office


def refused(cli: Cli, *args: str) -> str:
    before = len(entries(cli))
    result = cli.run(*args, env=ENV)
    assert result.returncode == EXIT_ACCESS, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert len(entries(cli)) == before, "a refused command must leave no audit entry"
    return result.stderr


def test_first_account_must_be_admin_and_then_the_builtin_user_is_retired(
    office: Cli, scans: list[Path], certify_args: CertifyArgs
) -> None:
    result = office.run(
        "user",
        "add",
        "lan",
        "--full-name",
        "Lê Thị Lan",
        "--role",
        "clerk",
        "--new-password-env",
        "PW",
        env=ENV,
    )
    assert result.returncode == 3 and "must be an admin" in result.stderr
    add_user(office, [], "admin", "admin,signer")
    assert "--user" in refused(office, *certify_args(*scans))
    done = office.ok(*as_user(office, "admin"), *certify_args(*scans), env=ENV)
    assert done["certification"]["number"] == 1
    actors = [(actor, action) for _, actor, _, action, _ in entries(office)]
    assert actors[:3] == [
        ("local", "office.init"),
        ("local", "identity.create_test"),
        ("local", "user.add"),
    ]
    assert actors[-1] == ("admin", "certify")
    assert entries(office)[-1][2] == "signer"


def test_each_role_does_only_its_work(
    staffed: Cli, scans: list[Path], certify_args: CertifyArgs
) -> None:
    clerk, signer, admin = (as_user(staffed, n) for n in ("lan", "binh", "admin"))
    assert "may not do this (certify)" in refused(staffed, *clerk, *certify_args(*scans))
    assert "may not" in refused(staffed, *signer, "office", "set-hours", "07:00-11:00")
    assert "may not" in refused(
        staffed, *signer, "office", "set-bank", "--bin", "970436", "--account", "1", "--name", "X"
    )
    assert "may not" in refused(staffed, *clerk, "user", "deactivate", "binh")
    assert "may not" in refused(staffed, *admin, *certify_args(*scans))
    assert "may not" in refused(staffed, *signer, "scan", str(scans[0]))
    # Each one's own work goes through, recorded under the role that allowed it.
    staffed.ok(*signer, *certify_args(*scans), env=ENV)
    staffed.ok(*clerk, "scan", str(scans[0]), env=ENV)
    staffed.ok(*admin, "office", "set-hours", "07:00-11:00,13:00-17:00", env=ENV)
    assert [e[1:4] for e in entries(staffed)[-3:]] == [
        ("binh", "signer", "certify"),
        ("lan", "clerk", "document.digitize"),
        ("admin", "admin", "office.set_hours"),
    ]
    # Reading needs an account too, of any role.
    assert "Wrong user name or password" in refused(
        staffed, "--user", "nobody", "--password-env", "PW", "book", "list"
    )
    staffed.ok(*clerk, "book", "list", env=ENV)


def test_a_deactivated_user_cannot_act_and_keeps_their_history(
    staffed: Cli, scans: list[Path]
) -> None:
    clerk = as_user(staffed, "lan")
    staffed.ok(*clerk, "scan", str(scans[0]), env=ENV)
    staffed.ok(*as_user(staffed, "admin"), "user", "deactivate", "lan", env=ENV)
    assert "deactivated" in refused(staffed, *clerk, "scan", str(scans[1]))
    assert "deactivated" in refused(staffed, *clerk, "book", "list")
    users = staffed.ok(*as_user(staffed, "admin"), "user", "list", env=ENV)["users"]
    assert {u["username"]: u["active"] for u in users} == {
        "admin": True,
        "binh": True,
        "lan": False,
    }
    assert any(actor == "lan" for _, actor, *_ in entries(staffed))
    # The last active admin cannot be deactivated: the office would lock itself out.
    result = staffed.run(*as_user(staffed, "admin"), "user", "deactivate", "admin", env=ENV)
    assert result.returncode == 3 and "last active admin" in result.stderr


def test_wrong_passwords_lock_the_account_until_an_admin_resets_it(staffed: Cli) -> None:
    for attempt in range(4):
        stderr = refused(staffed, *as_user(staffed, "lan", "BAD"), "book", "list")
        assert "Wrong user name or password" in stderr, attempt
    before = len(entries(staffed))
    locked = staffed.run(*as_user(staffed, "lan", "BAD"), "book", "list", env=ENV)
    assert locked.returncode == EXIT_ACCESS and "locked after 5 wrong passwords" in locked.stderr
    assert [e[1:4] for e in entries(staffed)[before:]] == [("lan", "clerk", "user.locked")]
    # The right password does not open a locked account.
    assert "locked" in refused(staffed, *as_user(staffed, "lan"), "book", "list")
    listed = staffed.ok(*as_user(staffed, "admin"), "user", "list", env=ENV)["users"]
    assert next(u for u in listed if u["username"] == "lan")["locked_until"] is not None
    env = {**ENV, "NEW": "Mật-khẩu-mới-2026"}
    staffed.ok(
        *as_user(staffed, "admin"), "user", "passwd", "lan", "--new-password-env", "NEW", env=env
    )
    staffed.ok(*as_user(staffed, "lan", "NEW"), "book", "list", env=env)
    assert entries(staffed)[-1][1:4] == ("admin", "admin", "user.reset_password")
    # A user changes their own password with the old one; a weak one is refused.
    env["WEAK"] = "lan"
    weak = staffed.run(
        *as_user(staffed, "lan", "NEW"),
        "user",
        "passwd",
        "lan",
        "--new-password-env",
        "WEAK",
        env=env,
    )
    assert weak.returncode == 3 and "at least 10 characters" in weak.stderr
    staffed.ok(
        *as_user(staffed, "lan", "NEW"),
        "user",
        "passwd",
        "lan",
        "--new-password-env",
        "PW",
        env=env,
    )
    assert entries(staffed)[-1][1:4] == ("lan", "clerk", "user.change_password")


COPY = "2.000815.000.00.00.H55"  # in the shipped catalog; may be extended 2 working days


def receive_args(citizen_id: str) -> list[str]:
    return [
        "dossier",
        "receive",
        "--procedure",
        COPY,
        "--citizen-name",
        "Trần Thị Bé",
        "--citizen-id",
        citizen_id,
        "--document",
        "Hợp đồng",
    ]


def test_every_state_changing_command_writes_exactly_one_entry(
    cli: Cli, scans: list[Path], certify_args: CertifyArgs, tmp_path: Path
) -> None:
    """Walks every state-changing command (and the read-only ones, which write none)."""
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        '"STT","Mã thủ tục","Tên thủ tục","Thời hạn giải quyết","Phí, lệ phí",'
        '"Căn cứ pháp lý","Ngày hiệu lực","Lĩnh vực"\n'
        '"1","2.000884.000.00.00.H55","Chứng thực chữ ký","same_day_cutoff 15:00",'
        '"10.000 đ/trường hợp","Nghị định 23/2015/NĐ-CP","01/07/2025","Chứng thực"\n',
        encoding="utf-8",
    )
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    shutil.copy(scans[1], good / "page.jpg")
    (bad / "broken.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    seen: set[str] = set()
    env = dict(ENV)

    def step(args: list[str], *actions: str, user: list[str] | None = None) -> dict | None:
        before = len(entries(cli)) if (cli.home / "counterdesk.sqlite3").exists() else 0
        result = cli.run(*(user or []), *args, "--json", env=env)
        assert result.returncode == 0 or args[0] == "watch", (args, result.stderr)
        appended = entries(cli)[before:]
        assert [e[3] for e in appended] == list(actions), args
        seen.update(actions)
        return result.json if result.stdout.count("\n") == 1 else None

    step(["init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú"], "office.init")
    step(["identity", "create-test", "--name", "Nguyễn Văn A"], "identity.create_test")
    made = create_test_identity("Trần Văn B", "Chủ tịch", "UBND xã Tân Phú", datetime.now(UTC))
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(made.p12)
    env["P12"] = made.password
    step(["identity", "import-p12", str(p12), "--password-env", "P12"], "identity.import")
    step(certify_args(*scans), "certify")
    step(["scan", str(scans[0])], "document.digitize")
    step(["scan", str(scans[0])])  # the same files again: the earlier copy, nothing new
    step(
        ["watch", str(good), "--count", "1", "--settle", "0.1", "--timeout", "60"],
        "document.digitize",
    )
    step(["watch", str(bad), "--settle", "0.1", "--timeout", "3"], "watch.reject")
    again = tmp_path / "again"  # the same page saved again by the scanner, elsewhere
    again.mkdir()
    shutil.copy(scans[1], again / "page-copy.jpg")
    step(
        ["watch", str(again), "--count", "1", "--settle", "0.1", "--timeout", "60"],
        "watch.duplicate",
    )
    step(["office", "set-hours", "07:30-11:30,13:30-17:00"], "office.set_hours")
    step(
        [
            "office",
            "set-bank",
            "--bin",
            "970436",
            "--account",
            "0071000123456",
            "--name",
            "UBND XA TAN PHU",
        ],
        "office.set_bank",
    )
    step(["office", "set-retention", "--years", "5"], "office.set_retention")
    step(["book", "close", "--year", "2025"], "book.close")
    step(
        [
            "user",
            "add",
            "admin",
            "--full-name",
            "Quản trị",
            "--role",
            "admin,clerk,signer",
            "--new-password-env",
            "PW",
        ],
        "user.add",
    )
    admin = as_user(cli, "admin")
    step(
        [
            "user",
            "add",
            "lan",
            "--full-name",
            "Lê Lan",
            "--role",
            "clerk",
            "--new-password-env",
            "PW",
        ],
        "user.add",
        user=admin,
    )
    first = step(receive_args("079203000001"), "dossier.receive", user=admin)["code"]
    second = step(receive_args("079203000002"), "dossier.receive", user=admin)["code"]
    third = step(receive_args("079203000003"), "dossier.receive", user=admin)["code"]
    step(
        ["dossier", "supplement", first, "--reason", "Thiếu bản vẽ"],
        "dossier.supplement",
        user=admin,
    )
    step(["dossier", "resume", first], "dossier.resume", user=admin)
    step(
        ["dossier", "extend", first, "--days", "1", "--reason", "Chờ xác minh"],
        "dossier.extend",
        user=admin,
    )
    step(
        [
            "late",
            "report",
            first,
            "--reason",
            "Chờ xác minh",
            "--remedy",
            "Làm thêm giờ",
            "--new-due",
            (datetime.now() + timedelta(days=40)).strftime("%Y-%m-%d 10:00"),
        ],
        "dossier.late_report",
        user=admin,
    )
    step(["dossier", "advance", first], "dossier.advance", user=admin)
    step(["dossier", "return", first, "--channel", "both"], "dossier.return", user=admin)
    step(["dossier", "refuse", second, "--reason", "altered"], "dossier.refuse", user=admin)
    step(["dossier", "stop", third, "--reason", "Công dân rút hồ sơ"], "dossier.stop", user=admin)
    step(["catalog", "import", str(catalog)], user=admin)  # a comparison only
    step(["catalog", "import", str(catalog), "--apply"], "catalog.import", user=admin)
    step(["retention", "apply"], user=admin)  # nothing is old enough: no change
    step(
        ["signing", "settings", "--tsa", "http://127.0.0.1:9/tsa", "--revocation", "off"],
        "office.set_signing",
        user=admin,
    )
    step(["signing", "settings", "--no-tsa"], "office.set_signing", user=admin)
    step(["user", "passwd", "lan", "--new-password-env", "PW"], "user.reset_password", user=admin)
    step(
        ["user", "passwd", "lan", "--new-password-env", "PW"],
        "user.change_password",
        user=as_user(cli, "lan"),
    )
    step(["user", "deactivate", "lan"], "user.deactivate", user=admin)
    for read in (
        ["fee", "--pages", "3"],
        ["book", "list"],
        ["book", "export", "--month", "2026-11"],
        ["dossier", "list"],
        ["dossier", "show", first, "--control-sheet"],
        ["dossier", "book", "--month", "2026-11"],
        ["late"],
        ["indicators", "--month", "2026-11", "--report"],
        ["citizens", "Bé"],
        ["user", "list"],
        ["audit", "verify"],
        ["audit", "export", "--from", "2026-01-01", "--to", "2030-12-31"],
        ["audit", "export", "--from", "2026-01-01", "--to", "2030-12-31", "--format", "csv"],
        ["report", "staff", "--month", "2026-11"],
        ["signing", "settings"],
    ):
        step(read, user=admin)
    # Every action a command can take was walked (retention.apply, user.locked,
    # signing.upgrade and sync.enrol have their own tests: an old closed dossier, five wrong
    # passwords, a loopback CA and TSA, a hub on PostgreSQL).
    from counterdesk.domain.roles import PERMISSIONS

    own_tests = {"retention.apply", "user.locked", "signing.upgrade", "sync.enrol", "hub.apply"}
    untested = set(PERMISSIONS) - seen - own_tests
    assert not untested
    assert cli.ok(*admin, "audit", "verify", env=ENV)["intact"] is True
