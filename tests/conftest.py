"""Shared fixtures: a temporary data folder, the CLI as a real subprocess, sample scans."""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from counterdesk.documents.samples import sample_original_pdf, sample_scan

# Property tests check correctness; speed is the benchmarks' business. Hypothesis's
# timing checks (deadlines, slow generation) only make them flaky on a loaded 2-core CI.
settings.register_profile(
    "counterdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("counterdesk")

SIGNER_NAME = "Nguyễn Thị Ngọc Ánh"
OFFICE_NAME = "UBND xã Tân Phú"


def require_tool(name: str) -> str:
    """Tests that need a tool fail, not skip, when it is missing (scripts/setup installs it)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; run scripts/setup")
    return path


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Cli:
    home: Path

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "counterdesk", "--home", str(self.home), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, env: dict[str, str] | None = None) -> Any:
        """Run a --json command that must succeed; returns its one JSON object."""
        result = self.run(*args, "--json", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("\n") == 1, result.stdout  # exactly one JSON object
        return result.json


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(home=tmp_path / "home")


@pytest.fixture
def office(cli: Cli) -> Cli:
    """A data folder with an office and a TEST signer."""
    cli.ok(
        "init",
        "--office-code",
        "H38.12",
        "--office-name",
        OFFICE_NAME,
        "--commune",
        "Xã Tân Phú",
        "--province",
        "Tỉnh Đồng Nai",
    )
    cli.ok("identity", "create-test", "--name", SIGNER_NAME, "--title", "Phó Chủ tịch")
    return cli


@pytest.fixture(scope="session")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A 2-page original scanned at 200 dpi, one JPEG per page."""
    folder = tmp_path_factory.mktemp("scans")
    paths = []
    for n in (1, 2):
        path = folder / f"page-{n}.jpg"
        path.write_bytes(sample_scan("Giấy khai sinh", n, 2))
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def original_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "original.pdf"
    path.write_bytes(sample_original_pdf("Bằng tốt nghiệp", 3))
    return path


CertifyArgs = Callable[..., list[str]]


@pytest.fixture
def certify_args() -> CertifyArgs:
    def make(
        *files: Path,
        name: str = "Trần Văn Đức",
        citizen_id: str = "001090123456",
        title: str = "Giấy khai sinh",
    ) -> list[str]:
        return [
            "certify",
            *map(str, files),
            "--citizen-name",
            name,
            "--citizen-id",
            citizen_id,
            "--document-title",
            title,
        ]

    return make
