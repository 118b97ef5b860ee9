"""Shared test tools: independent oracles (xmlsec1) and key files on disk for them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


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
