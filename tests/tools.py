"""Shared test tools: independent oracles (xmlsec1) and key files on disk for them."""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gateway.settings import ENV_CONFIG, ENV_PREFIX, Settings, settings_from_mapping


@dataclass(frozen=True)
class KeyFiles:
    key: Path
    cert: Path


class Xmlsec1:
    """The xmlsec1 command-line tool (Debian package ``xmlsec1``), an independent oracle."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self._count = 0

    def _file(self, data: bytes) -> Path:
        self._count += 1
        path = self.workdir / f"doc{self._count}.xml"
        path.write_bytes(data)
        return path

    def verify(self, xml: bytes, cert: Path) -> subprocess.CompletedProcess[str]:
        """Verify against the pinned certificate only, reference URI "" only."""
        return subprocess.run(
            [
                self.binary,
                "--verify",
                "--pubkey-cert-pem",
                str(cert),
                "--enabled-key-data",
                "key-name",
                "--enabled-reference-uris",
                "empty",
                str(self._file(xml)),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )

    def sign(self, template: bytes, keys: KeyFiles) -> bytes:
        source = self._file(template)
        output = source.with_suffix(".signed.xml")
        done = subprocess.run(
            [
                self.binary,
                "--sign",
                "--privkey-pem",
                f"{keys.key},{keys.cert}",
                "--output",
                str(output),
                str(source),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        return output.read_bytes()


def settings_for(
    schema_dir: Path, home: Path | None = None, **sections: dict[str, object]
) -> Settings:
    """Settings for a test: every path under ``home`` (none of the relative defaults, which
    would resolve against the working directory), the required keys filled."""
    base = home or Path("/nonexistent")
    raw: dict[str, dict[str, object]] = {
        "server": {"public_url": "http://127.0.0.1:8080"},
        "database": {"url": f"sqlite+aiosqlite:///{base / 'gateway.sqlite3'}"},
        "signing": {
            "cert": str(base / "signing.crt"),
            "key": str(base / "signing.key"),
            "ca_cert": str(base / "ca.crt"),
            "ca_key": str(base / "ca.key"),
        },
        "wallet": {
            "signing_cert": str(base / "wallet.crt"),
            "signing_key": str(base / "wallet.key"),
        },
        "registry": {"source": str(base / "registry.json")},
        "schemas": {"dir": str(schema_dir)},
    }
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return settings_from_mapping(raw)


def reads_settings(name: str) -> bool:
    """``name`` is an environment variable ``load_settings`` reads (GATEWAY_CONFIG or a
    GATEWAY_<SECTION>_<KEY> override); the tests' own knobs (GATEWAY_TEST_…) are not."""
    if name == ENV_CONFIG:
        return True
    section, _, key = name.removeprefix(ENV_PREFIX).lower().partition("_")
    sections = {f.name for f in dataclasses.fields(Settings)} - {"config_file"}
    return name.startswith(ENV_PREFIX) and section in sections and bool(key)
