"""Fill and check the schema directory from the pinned manifest (gateway/data/schemas.toml)."""

from __future__ import annotations

import hashlib
import os
import tempfile
import tomllib
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gateway.errors import ConfigError, PeerError, SchemaMissingError

MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
GITHUB_RAW = "https://raw.githubusercontent.com"

Fetch = Callable[[str], bytes]


@dataclass(frozen=True)
class PinnedFile:
    path: str
    url: str
    sha256: str


@dataclass(frozen=True)
class FillReport:
    kept: int
    copied: int
    downloaded: int

    def summary(self) -> str:
        return (
            f"schema directory ready: {self.kept} already present, {self.copied} copied, "
            f"{self.downloaded} downloaded"
        )


def load_manifest() -> tuple[PinnedFile, ...]:
    text = resources.files("gateway").joinpath("data/schemas.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(text).get("file", [])
    return tuple(PinnedFile(e["path"], e["url"], e["sha256"]) for e in entries)


def missing_files(target: Path, manifest: tuple[PinnedFile, ...] | None = None) -> list[str]:
    """Pinned files absent from ``target`` (size and presence only: cheap enough for start-up)."""
    return [p.path for p in manifest or load_manifest() if not (target / p.path).is_file()]


def require_schema_dir(target: Path) -> None:
    """Start-up check: a clear error when the schema directory has not been filled."""
    missing = missing_files(target)
    if missing:
        raise SchemaMissingError(
            f"schema directory {target} is missing {len(missing)} official file(s) "
            f"(first: {missing[0]}); run `make schemas` (or `gateway schemas`)"
        )


def download(url: str) -> bytes:
    """GET ``url`` (https, or a configured mirror) with a size cap."""
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ConfigError(f"refusing to download schemas over {url.split(':', 1)[0]}: {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (scheme checked)
            data: bytes = response.read(MAX_DOWNLOAD_BYTES + 1)
    except OSError as exc:
        raise PeerError(f"cannot download {url}: {exc}") from None
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise PeerError(f"{url} is larger than {MAX_DOWNLOAD_BYTES} bytes")
    return data


def fill_schema_dir(
    target: Path,
    *,
    source: Path | None = None,
    mirror: str | None = None,
    fetch: Fetch = download,
    manifest: tuple[PinnedFile, ...] | None = None,
) -> FillReport:
    """Make ``target`` hold every pinned file with its pinned sha256.

    Files already present and intact are kept. With ``source`` (a local spec folder such as
    ../shared/spec) files are copied from there; otherwise they are downloaded from their
    pinned URL, or from ``mirror`` standing in for https://raw.githubusercontent.com.
    Any checksum mismatch is an error and leaves no partial file behind.
    """
    kept = copied = downloaded = 0
    for pinned in manifest or load_manifest():
        destination = target / pinned.path
        if destination.is_file() and _sha256(destination.read_bytes()) == pinned.sha256:
            kept += 1
            continue
        if source is not None:
            origin = source / pinned.path
            if not origin.is_file():
                raise SchemaMissingError(f"{origin} is missing from the spec folder {source}")
            data = origin.read_bytes()
            where = str(origin)
            copied += 1
        else:
            url = pinned.url
            if mirror and url.startswith(GITHUB_RAW):
                url = mirror.rstrip("/") + url[len(GITHUB_RAW) :]
            data = fetch(url)
            where = url
            downloaded += 1
        if _sha256(data) != pinned.sha256:
            raise SchemaMissingError(
                f"{where} does not match the pinned sha256 of {pinned.path}; refusing to use it"
            )
        _write_atomically(destination, data)
    return FillReport(kept=kept, copied=copied, downloaded=downloaded)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomically(destination: Path, data: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=destination.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, destination)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_source(project_root: Path) -> Path | None:
    """../shared/spec beside the project, when it exists."""
    candidate = project_root.parent / "shared" / "spec"
    return candidate if candidate.is_dir() else None
