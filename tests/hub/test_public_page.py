"""The hub's public pages in a real browser: Debian's headless Chromium through Selenium.

The hub's data comes from a real desk: a certification made with `counterdesk certify`
and synced with `counterdesk sync run`, so the e-copies checked and downloaded are the
desk's signed PDFs and the download code is the one printed on the citizen's receipt.
"""

import hashlib
import http.client
import itertools
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from counterdesk.domain import download_codes
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.copy_qr import make_payload
from counterdesk.sync.hub.public import (
    MAX_UPLOAD_BYTES,
    WRONG_CODES_ALLOWED,
    attachment_name,
    normalise_download_code,
)
from tests.conftest import OFFICE_NAME, CertifyArgs, Cli, require_tool
from tests.hub.client import Answer, HubClient
from tests.hub.events import event
from tests.hub.fixtures import RunningHub

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi-VN",
)
PHONE = (390, 844)
DOWNLOAD_TIMEOUT_SECONDS = 30
PAGE_TIMEOUT_SECONDS = 30
CITIZEN_NAME = "Trần Văn Đức"
CITIZEN_ID = "001090123456"


@dataclass
class Browser:
    driver: webdriver.Chrome
    downloads: Path

    def open(self, url: str) -> str:
        """The visible text of the page at `url`."""
        self.driver.get(url)
        return self.text()

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def press(self, button: str, new_page: bool = True) -> None:
        """Press the button labelled `button`; wait for the page it leads to, if any."""
        self.driver.execute_script("document.documentElement.dataset.left = 'yes'")
        self.driver.find_element(By.XPATH, f"//button[text()='{button}']").click()
        if new_page:
            # Mid-navigation the driver may answer with an error: the old page is going.
            WebDriverWait(
                self.driver, PAGE_TIMEOUT_SECONDS, ignored_exceptions=(WebDriverException,)
            ).until(
                lambda driver: driver.execute_script(
                    "return document.readyState === 'complete'"
                    " && document.documentElement.dataset.left === undefined"
                )
            )

    def upload(self, pdf: Path) -> str:
        """Check `pdf` with the upload form of the page shown; the text of the answer."""
        self.driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
        self.press("Kiểm tra tệp")
        return self.text()

    def submit_code(self, code: str | None = None, downloads: bool = False) -> None:
        """Send the download form, with `code` typed in (or as prefilled)."""
        field = self.driver.find_element(By.ID, "code")
        if code is not None:
            field.clear()
            field.send_keys(code)
        self.press("Tải về", new_page=not downloads)

    def downloaded(self) -> Path:
        """The one file downloaded, once complete."""
        deadline = time.monotonic() + DOWNLOAD_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            files = list(self.downloads.iterdir())
            if len(files) == 1 and not files[0].name.endswith(".crdownload"):
                return files[0]
            time.sleep(0.1)
        pytest.fail(f"Nothing was downloaded: {list(self.downloads.iterdir())}")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: install Debian's chromium and chromium-driver")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in (*CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "vi-VN,vi",
        },
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        # A phone's screen: a mobile viewport, laid out from the page's viewport meta.
        width, height = PHONE
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )
        yield Browser(driver, downloads)
    finally:
        driver.quit()


@dataclass(frozen=True)
class Certified:
    """A certification made at a real desk and synced to the hub."""

    made: dict[str, Any]
    ecopy: Path
    sha256: str
    label: str
    code: str  # the download code printed on the receipt

    @property
    def verify_path(self) -> str:
        return f"/v/H38.12/{self.sha256}"


@pytest.fixture
def certified(
    office: Cli, hub: RunningHub, scans: list[Path], certify_args: CertifyArgs
) -> Certified:
    office.ok("sync", "enrol", "--hub", hub.url, "--code", hub.issue_code())
    made = office.ok(*certify_args(*scans, name=CITIZEN_NAME, citizen_id=CITIZEN_ID))
    assert office.ok("sync", "run")["errors"] == []
    ecopy = Path(made["electronic_pdf"])
    receipt = subprocess.run(
        [require_tool("pdftotext"), made["receipt_pdf"], "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    code = re.search(r"Mã nhận: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", receipt)
    assert code is not None, receipt
    return Certified(
        made,
        ecopy,
        hashlib.sha256(ecopy.read_bytes()).hexdigest(),
        made["certification"]["label"],
        code.group(1),
    )


def get(hub: RunningHub, path: str) -> Answer:
    return HubClient(hub.url).send("GET", path)


def post_code(hub: RunningHub, code: str) -> Answer:
    body = urlencode({"code": code}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return HubClient(hub.url).send("POST", "/d/", body, headers)


def returned_changes(hub: RunningHub) -> list[dict[str, Any]]:
    return hub.sql(
        "SELECT office_code, kind, data FROM changes WHERE kind = 'dossier_returned' ORDER BY seq"
    )


def today_local() -> str:
    return f"{datetime.now(UTC).astimezone(OFFICE_TZ):%d/%m/%Y}"


def test_a_certified_e_copy_shows_as_issued_by_its_qr_address_on_a_phone(
    hub: RunningHub, certified: Certified, browser: Browser, tmp_path: Path
) -> None:
    shown = browser.open(hub.url + certified.verify_path)

    assert "Đã cấp" in shown
    assert f"{OFFICE_NAME} (H38.12)" in shown
    assert certified.label in shown
    assert today_local() in shown
    assert "Giấy khai sinh" in shown
    source = browser.driver.page_source
    for personal in (CITIZEN_NAME, CITIZEN_ID, certified.made["dossier_code"]):
        assert personal not in source
    # Plain HTML: no script, nothing fetched from elsewhere, made for a phone.
    assert browser.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert browser.driver.find_elements(By.CSS_SELECTOR, "meta[name=viewport]")
    assert not browser.driver.find_elements(By.TAG_NAME, "script")
    assert not re.search(r"(src|href)=\"https?:", source)
    overflow = browser.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0
    screenshot = tmp_path / "verify-phone.png"
    assert browser.driver.get_screenshot_as_file(str(screenshot))
    assert screenshot.stat().st_size > 10_000

    answer = get(hub, certified.verify_path)
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["cache-control"] == "no-cache"


def test_the_same_e_copy_uploaded_matches_and_a_modified_one_does_not(
    hub: RunningHub, certified: Certified, browser: Browser, tmp_path: Path
) -> None:
    browser.open(hub.url + certified.verify_path)
    matching = browser.upload(certified.ecopy)
    assert "Tệp khớp với bản đã cấp" in matching
    assert certified.label in matching

    data = bytearray(certified.ecopy.read_bytes())
    data[len(data) // 2] ^= 0x01
    modified = tmp_path / "modified.pdf"
    modified.write_bytes(bytes(data))
    browser.open(hub.url + certified.verify_path)
    refused = browser.upload(modified)
    assert "Tệp KHÔNG khớp" in refused
    assert "Tệp khớp với bản đã cấp" not in refused

    # Upgraded later (a revision appended, as long-term validation does): still the one.
    upgraded = tmp_path / "upgraded.pdf"
    upgraded.write_bytes(certified.ecopy.read_bytes() + b"\n% LTV revision\n%%EOF\n")
    browser.open(f"{hub.url}/v/")
    assert "Tệp khớp với bản đã cấp" in browser.upload(upgraded)
    # Modified and checked from the blank form, it is no certification at all.
    browser.open(f"{hub.url}/v/")
    assert "Không tìm thấy" in browser.upload(modified)
    # The paper copy's PDF is not the e-copy.
    browser.open(f"{hub.url}/v/")
    assert "Không tìm thấy" in browser.upload(Path(certified.made["paper_pdf"]))
    # Nothing uploaded was kept.
    kept = {p.name for p in hub.blob_root.rglob("*") if p.is_file()}
    assert hashlib.sha256(bytes(data)).hexdigest() not in kept


def test_unknown_hashes_offices_and_labels_are_not_found(
    hub: RunningHub, certified: Certified, browser: Browser
) -> None:
    unknown = hashlib.sha256(b"no such copy").hexdigest()
    assert "Không tìm thấy" in browser.open(f"{hub.url}/v/H38.12/{unknown}")
    assert "Đã cấp" not in browser.text()
    assert get(hub, f"/v/H38.12/{unknown}").status == 404
    assert get(hub, f"/v/H55.07/{certified.sha256}").status == 404
    assert get(hub, "/v/H38.12/not-a-hash").status == 404

    # The text of a QR code pasted in: the right label is found, another is not.
    browser.open(f"{hub.url}/v/")
    browser.driver.find_element(By.ID, "c").send_keys(
        make_payload("H38.12", certified.label, certified.sha256)
    )
    browser.press("Tra cứu")
    assert "Đã cấp" in browser.text()
    assert certified.label in browser.text()
    other_label = make_payload(
        "H38.12", "Số chứng thực: 2, Quyển số: 01/2026-SCT/BS", certified.sha256
    )
    assert get(hub, "/v/?" + urlencode({"c": other_label})).status == 404
    address = f"{hub.url}/v/H38.12/{certified.sha256}"
    assert get(hub, "/v/?" + urlencode({"c": address})).status == 200
    garbage = browser.open(f"{hub.url}/v/?" + urlencode({"c": "CDQR1|H38.12|oops"}))
    assert "Mã không đọc được" in garbage
    assert get(hub, "/v/?" + urlencode({"c": "hello"})).status == 400
    # A page the hub does not have is a page too, not the desks' JSON.
    missing = get(hub, "/v/nothing")
    assert missing.status == 404
    assert "Không có trang này" in missing.body.decode()


def multipart(filename: str, data: bytes, boundary: str = "CDtest") -> tuple[bytes, str]:
    """A form with one file, as a browser sends it; (body, content type)."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: application/pdf\r\n\r\n"
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_uploads_that_are_no_e_copy_or_too_large_are_refused(hub: RunningHub) -> None:
    client = HubClient(hub.url)
    for data, status, title in (
        (b"", 400, "Chưa chọn tệp"),
        (b"GIF89a not a pdf", 400, "Không phải bản sao điện tử"),
        (b"%PDF-1.7\n" + b"%%EOF\n" * 1000, 400, "Không phải bản sao điện tử"),
        (b"%PDF-1.7\nno such copy\n%%EOF\n", 404, "Không tìm thấy"),
    ):
        body, content_type = multipart("copy.pdf", data)
        answer = client.send("POST", "/v/upload", body, {"Content-Type": content_type})
        assert (answer.status, title) == (status, title), answer.body.decode()
        assert f"<h1>{title}</h1>" in answer.body.decode()

    # Declared too large: refused before a byte of it is read.
    declared = {"Content-Type": content_type, "Content-Length": str(2 * MAX_UPLOAD_BYTES)}
    answer = client.send("POST", "/v/upload", b"", declared)
    assert answer.status == 413
    assert "Tệp quá lớn" in answer.body.decode()
    # Sent in chunks with no declared length: cut off at the limit.
    url = urlsplit(hub.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    megabyte = b"x" * 1024**2
    head, _ = multipart("big.pdf", b"%PDF-1.7\n")
    chunks = itertools.chain(
        [head[: head.index(b"%PDF")]],
        (megabyte for _ in range(MAX_UPLOAD_BYTES // len(megabyte) + 2)),
    )
    try:
        conn.request(
            "POST", "/v/upload", chunks, {"Content-Type": content_type}, encode_chunked=True
        )
        assert conn.getresponse().status == 413
    finally:
        conn.close()


def test_the_receipt_code_downloads_exactly_the_citizens_e_copy_and_returns_the_dossier(
    office: Cli, hub: RunningHub, certified: Certified, browser: Browser
) -> None:
    # The receipt's QR opens the form with the code filled in.
    browser.open(f"{hub.url}/d/?code={certified.code}")
    assert browser.driver.find_element(By.ID, "code").get_attribute("value") == certified.code
    browser.submit_code(downloads=True)
    downloaded = browser.downloaded()
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == certified.sha256
    assert downloaded.name == attachment_name(certified.label)[1]

    (returned,) = returned_changes(hub)
    assert returned["office_code"] == "H38.12"
    assert returned["data"]["dossier_code"] == certified.made["dossier_code"]
    assert returned["data"]["channel"] == "electronic"
    assert datetime.fromisoformat(returned["data"]["at"]) > datetime.now(UTC) - timedelta(minutes=5)

    # Typed by hand, in lowercase with O for 0 and spaces: the same file, no second return.
    typed = certified.code.lower().replace("-", " ").replace("0", "o")
    answer = post_code(hub, typed)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert hashlib.sha256(answer.body).hexdigest() == certified.sha256
    assert len(returned_changes(hub)) == 1
    (download,) = hub.sql("SELECT dossier_code, count FROM downloads")
    assert download == {"dossier_code": certified.made["dossier_code"], "count": 2}

    # The desk learns its dossier was returned electronically.
    assert office.ok("sync", "run")["errors"] == []
    shown = office.ok("dossier", "show", certified.made["dossier_code"])
    assert (shown["state"], shown["return_channel"]) == ("returned", "electronic")


def test_a_wrong_expired_or_not_yet_synced_code_gets_nothing(
    hub: RunningHub, certified: Certified, browser: Browser
) -> None:
    wrong = download_codes.new_code()
    browser.open(f"{hub.url}/d/")
    browser.submit_code(wrong)
    assert "Mã không đúng" in browser.text()
    assert post_code(hub, download_codes.new_code()).status == 404

    # Another desk of the office: a code expired yesterday, a code whose e-copy has not
    # come up yet.
    desk = hub.enrolled_client()
    expired, waiting = download_codes.new_code(), download_codes.new_code()
    now = datetime.now(UTC)
    answer = desk.send_events(
        [
            code_event(1, expired, dossier_id=1, expires_at=now - timedelta(days=1)),
            code_event(2, waiting, dossier_id=2, expires_at=now + timedelta(days=30)),
        ]
    )
    assert answer.status == 200, answer.body
    browser.open(f"{hub.url}/d/")
    browser.submit_code(expired)
    assert "Mã đã hết hạn" in browser.text()
    assert post_code(hub, expired).status == 410
    browser.open(f"{hub.url}/d/")
    browser.submit_code(waiting)
    assert "chưa sẵn sàng" in browser.text()
    assert post_code(hub, waiting).status == 409

    assert list(browser.downloads.iterdir()) == []
    assert returned_changes(hub) == []


def test_six_wrong_codes_in_a_row_lock_the_address_even_for_the_right_code(
    hub: RunningHub, certified: Certified, browser: Browser
) -> None:
    for _ in range(WRONG_CODES_ALLOWED):
        assert post_code(hub, download_codes.new_code()).status == 404
    browser.open(f"{hub.url}/d/")
    browser.submit_code(download_codes.new_code())
    assert "nhập sai nhiều lần" in browser.text()
    assert "Hãy thử lại sau" in browser.text()

    limited = post_code(hub, certified.code)
    assert limited.status == 429
    assert 0 < int(limited.headers["retry-after"]) <= 600
    assert list(browser.downloads.iterdir()) == []
    assert returned_changes(hub) == []
    (failures,) = hub.sql("SELECT count(*) AS n FROM download_failures")
    assert failures["n"] == WRONG_CODES_ALLOWED  # a refused try is not counted again

    # Once the window has passed, the right code works again.
    hub.sql("UPDATE download_failures SET at = at - interval '11 minutes'")
    assert post_code(hub, certified.code).status == 200


def test_download_codes_are_read_the_crockford_way() -> None:
    assert normalise_download_code(" abcd-efgh-jkmn ") == "ABCDEFGHJKMN"
    assert normalise_download_code("O1IL-0000-0000") == "011100000000"
    assert normalise_download_code("ABCD-EFGH-JKM") == ""
    assert normalise_download_code("ABCD-EFGH-JKMU") == ""


def test_the_file_name_is_the_book_label_without_path_characters() -> None:
    ascii_name, unicode_name = attachment_name("Số chứng thực: 1, Quyển số: 01/2026-SCT/BS")
    assert unicode_name == "Số chứng thực 1, Quyển số 01-2026-SCT-BS.pdf"
    assert ascii_name == "So chung thuc 1, Quyen so 01-2026-SCT-BS.pdf"
    assert attachment_name('../..\\"')[0] == "ban-sao-dien-tu.pdf"


def code_event(seq: int, code: str, dossier_id: int, expires_at: datetime) -> dict[str, Any]:
    row = {
        "id": seq,
        "dossier_id": dossier_id,
        "code_sha256": download_codes.code_sha256(code),
        "expires_at": expires_at.isoformat(timespec="seconds"),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return event(seq, "download_codes", seq, row)
