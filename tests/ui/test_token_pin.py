"""The USB token's PIN: any job that stops with PinNeededError waits for the PIN dialog,
and runs again once the token is unlocked. First with a stand-in core method (wrong PIN,
locked token, cancel), then against a real SoftHSM2 token holding the signer's key."""

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pkcs11
import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.desk import Desk
from counterdesk.documents.samples import sample_scan
from counterdesk.errors import IdentityError, PinNeededError
from counterdesk.signing.identities import create_test_identity, open_pkcs12
from counterdesk.signing.tokens import TokenConfig
from counterdesk.signing.verify import verify_signatures
from counterdesk.ui.app import Desktop
from counterdesk.ui.certify import CertifyScreen
from counterdesk.ui.token_pin import TokenPinDialog
from tests.conftest import require_tool
from tests.ui.conftest import wait_idle
from tests.ui.test_certify import CTRL, TITLE, dismiss, fill

TOKEN = "Chữ ký số Xã Tân Phú"
PIN = "7391-khoa-PIN"  # a string found nowhere else: searched for in files and objects
WRONG_PIN = "0000"


def ask_dialog(qtbot: QtBot, desktop: Desktop) -> TokenPinDialog:
    window = desktop.window
    qtbot.waitUntil(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible())
    dialog = window.pin_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin)
    return dialog


def type_pin(qtbot: QtBot, dialog: TokenPinDialog, pin: str) -> None:
    """Typed into the focused field and confirmed with Enter, as the clerk does."""
    qtbot.keyClicks(QApplication.focusWidget(), pin)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


@dataclass
class FakeToken:
    """Desk.unlock_token's stand-in (set on the class, called without the desk): the
    right PIN unlocks, a wrong one says how many tries are left."""

    locked: bool = False
    unlocked: bool = False
    tries: int = 0

    def unlock(self, token_label: str, pin: str) -> None:
        self.tries += 1
        if self.locked:
            raise IdentityError(
                f"The USB token “{token_label}” is locked after too many wrong PINs. Ask the "
                "CA that issued the certificate to unlock it."
            )
        if pin != PIN:  # as signing.tokens.map_token_error says it
            raise PinNeededError(
                f"The PIN for the USB token “{token_label}” is wrong. Tries left: 2.", token_label
            )
        self.unlocked = True


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> FakeToken:
    fake = FakeToken()
    monkeypatch.setattr(Desk, "unlock_token", fake.unlock)
    return fake


def job_needing(token: FakeToken, runs: list[int]) -> Callable[[Desk], str]:
    """A job whose key is on the token: it stops until the token is unlocked."""

    def job(_desk: Desk) -> str:
        runs.append(1)
        if not token.unlocked:
            raise PinNeededError(f"The key of the signer is on the USB token “{TOKEN}”.", TOKEN)
        return "done"

    return job


def test_a_job_waits_for_the_pin_asks_again_after_a_wrong_one_then_runs_again(
    qtbot: QtBot,
    desktop: Desktop,
    token: FakeToken,
    office_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []
    results: list[str] = []
    desktop.service.call(job_needing(token, runs), results.append, label="Chứng thực")

    dialog = ask_dialog(qtbot, desktop)
    assert dialog.isModal()
    assert dialog.findChild(QLabel, "tokenPrompt").text() == f"Nhập mã PIN của USB token “{TOKEN}”"
    assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password
    assert not desktop.window.last_error  # no generic error dialog
    assert not desktop.service.idle  # the job is held, not failed

    type_pin(qtbot, dialog, WRONG_PIN)
    qtbot.waitUntil(lambda: "Tries left: 2" in dialog.message.text())
    assert dialog.isVisible()
    assert dialog.pin.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin)
    assert results == []

    type_pin(qtbot, dialog, PIN)
    qtbot.waitUntil(lambda: results == ["done"])
    wait_idle(qtbot, desktop)
    assert not dialog.isVisible()
    assert (token.tries, len(runs)) == (2, 2)  # run once more, after the unlock
    assert desktop.window.last_error is None

    # The PIN is kept nowhere: not in the dialog, the window, the service, the logs, or
    # anything written in the data folder (the window's settings included).
    assert dialog.pin.text() == ""
    assert not dialog.pin.isUndoAvailable()
    for holder in (dialog, desktop.window, desktop.service):
        assert PIN not in repr(vars(holder))
    assert PIN not in caplog.text
    desktop.close()
    for path in office_home.rglob("*"):
        if path.is_file():
            assert PIN.encode() not in path.read_bytes(), path


def test_a_locked_token_is_told_once_and_the_job_stops(
    qtbot: QtBot, desktop: Desktop, token: FakeToken
) -> None:
    token.locked = True
    runs: list[int] = []
    errors: list[str] = []
    desktop.service.call(job_needing(token, runs), lambda _r: None, errors.append)
    dialog = ask_dialog(qtbot, desktop)
    type_pin(qtbot, dialog, PIN)
    wait_idle(qtbot, desktop)
    assert not dialog.isVisible()
    assert len(errors) == 1
    assert "locked after too many wrong PINs" in errors[0]
    assert (token.tries, len(runs)) == (1, 1)


def test_escape_leaves_the_token_locked_and_the_job_reports_it(
    qtbot: QtBot, desktop: Desktop, token: FakeToken
) -> None:
    runs: list[int] = []
    desktop.service.call(job_needing(token, runs))  # no on_error: the window's dialog
    dialog = ask_dialog(qtbot, desktop)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)
    wait_idle(qtbot, desktop)
    assert not dialog.isVisible()
    assert token.tries == 0
    assert desktop.window.last_error == (f"USB token “{TOKEN}” vẫn bị khóa: chưa nhập mã PIN.")
    dismiss(qtbot, desktop)


# -- a real token ---------------------------------------------------------------------------

SOFTHSM_PIN = "246810"
SO_PIN = "13572468"
TOKEN_SIGNER = "Đặng Thị Thu Hà"
CERT_ID = "0a1b"
_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


@pytest.fixture
def token_office(office_home: Path, tmp_path: Path) -> Iterator[Path]:
    """`office_home` whose signer's key is on a SoftHSM2 token (registered with its PIN,
    as the CLI does); the desk window opening it has no PIN."""
    module = next((path for path in _MODULES if Path(path).is_file()), None)
    if module is None:
        pytest.fail(f"libsofthsm2.so is not installed (looked in {_MODULES})")
    softhsm_util, pkcs11_tool = require_tool("softhsm2-util"), require_tool("pkcs11-tool")
    root = tmp_path / "softhsm"
    (root / "tokens").mkdir(parents=True)
    conf = root / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (args[:3], done.stdout, done.stderr)

    identity = create_test_identity(TOKEN_SIGNER, "Chủ tịch", "UBND xã Tân Phú", datetime.now(UTC))
    contents = open_pkcs12(identity.p12, identity.password, "test identity")
    key_file, cert_file = root / "key.pem", root / "cert.der"
    key_file.write_bytes(
        contents.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(contents.cert.public_bytes(serialization.Encoding.DER))
    run(softhsm_util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN,
        "--pin", SOFTHSM_PIN)  # fmt: skip
    run(softhsm_util, "--import", str(key_file), "--token", TOKEN, "--label", TOKEN_SIGNER,
        "--id", CERT_ID, "--pin", SOFTHSM_PIN)  # fmt: skip
    run(pkcs11_tool, "--module", module, "--token-label", TOKEN, "--login", "--pin", SOFTHSM_PIN,
        "--write-object", str(cert_file), "--type", "cert", "--id", CERT_ID,
        "--label", TOKEN_SIGNER)  # fmt: skip

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        pkcs11.unload(module)  # SoftHSM reads SOFTHSM2_CONF when its driver is loaded
        desk = Desk.open(office_home)
        desk.signatures.token_pin = lambda _label: SOFTHSM_PIN
        desk.add_token_identity(TokenConfig(module, TOKEN, cert_id=CERT_ID), "Chủ tịch")
        desk.close()
        yield office_home
        pkcs11.unload(module)


def test_certify_with_the_signer_key_on_a_real_token(
    qtbot: QtBot,
    token_office: Path,
    tmp_path: Path,
    open_desktop: Callable[..., Desktop],
) -> None:
    desktop = open_desktop(token_office)
    qtbot.waitUntil(lambda: desktop.ready and desktop.window.isActiveWindow(), timeout=30_000)
    wait_idle(qtbot, desktop)
    desktop.window.show_screen("certify")
    screen = desktop.window.screens["certify"]
    assert isinstance(screen, CertifyScreen)
    scans = []
    for page in (1, 2):
        scans.append(tmp_path / f"trang-{page}.jpg")
        scans[-1].write_bytes(sample_scan(TITLE, page, 2))
    fill(qtbot, desktop, screen, scans)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)

    dialog = ask_dialog(qtbot, desktop)
    assert screen.busy  # the certification waits; nothing failed
    type_pin(qtbot, dialog, "999999")
    qtbot.waitUntil(lambda: "wrong" in dialog.message.text(), timeout=30_000)
    assert dialog.isVisible()
    assert screen.last_result is None

    type_pin(qtbot, dialog, SOFTHSM_PIN)
    qtbot.waitUntil(lambda: screen.last_result is not None or screen.last_error, timeout=60_000)
    wait_idle(qtbot, desktop)
    assert screen.last_result is not None, screen.last_error
    assert not dialog.isVisible()
    outcome = verify_signatures(screen.last_result.electronic_pdf.read_bytes())
    assert (outcome.intact, outcome.signer) == (True, TOKEN_SIGNER)


def test_locking_the_idle_desk_logs_the_token_out(
    qtbot: QtBot, desktop: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged_out: list[bool] = []
    monkeypatch.setattr(Desk, "lock_tokens", lambda _desk: logged_out.append(True))
    desktop.lock()
    wait_idle(qtbot, desktop)
    assert logged_out == [True]


def test_a_job_that_asks_again_after_the_unlock_fails_instead_of_looping(
    qtbot: QtBot, desktop: Desktop, token: FakeToken
) -> None:
    runs: list[int] = []
    errors: list[str] = []

    def job(_desk: Desk) -> None:
        runs.append(1)
        raise PinNeededError(f"The key is on the USB token “{TOKEN}”.", TOKEN)

    desktop.service.call(job, lambda _r: None, errors.append)
    type_pin(qtbot, ask_dialog(qtbot, desktop), PIN)
    wait_idle(qtbot, desktop)
    assert token.unlocked
    assert (len(runs), errors) == (2, [f"The key is on the USB token “{TOKEN}”."])
    assert not desktop.window.pin_dialog.isVisible()
