"""The awarding institutions' badge signing keys (docs/badges.md "Proof"): one P-256 key each.

``<key_dir>/<schac>.key`` (PKCS#8 PEM, mode 0600). A key is made the first time an institution
issues a badge; ``O_EXCL`` makes two processes that race agree on the one that won. Loaded keys
are kept per process (a PEM load costs milliseconds; the key never changes under a running
gateway).
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.core.keys import new_ec_key
from gateway.errors import ConfigError, InvalidInput

SCHAC: Final = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?")


def check_schac(schac: str) -> str:
    """A SCHAC home organisation as it may name a file and a URL segment."""
    if not SCHAC.fullmatch(schac) or ".." in schac:
        raise InvalidInput(f"not a SCHAC home organisation: {schac[:40]!r}")
    return schac


class BadgeKeys:
    """The keys in one folder; ``signing_key`` makes a missing one, ``public_key`` never does."""

    def __init__(self, key_dir: Path) -> None:
        self.key_dir = key_dir
        self._loaded: dict[str, ec.EllipticCurvePrivateKey] = {}
        self._lock = threading.Lock()

    def _path(self, schac: str) -> Path:
        return self.key_dir / f"{check_schac(schac)}.key"

    def _load(self, path: Path) -> ec.EllipticCurvePrivateKey:
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{path} is not an unencrypted PEM private key: {exc}") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ConfigError(f"{path} is not a P-256 key")
        return key

    def _create(self, path: Path) -> None:
        pem = new_ec_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another process made it first: use theirs
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)

    def signing_key(self, schac: str) -> ec.EllipticCurvePrivateKey:
        """The institution's key, made now if it has none yet."""
        with self._lock:
            if schac in self._loaded:
                return self._loaded[schac]
            path = self._path(schac)
            if not path.exists():
                self._create(path)
            key = self._loaded[schac] = self._load(path)
            return key

    def public_key(self, schac: str) -> ec.EllipticCurvePublicKey | None:
        """The institution's public key, or None when it has never issued a badge."""
        with self._lock:
            if schac in self._loaded:
                return self._loaded[schac].public_key()
            path = self._path(schac)
            if not path.exists():
                return None
            key = self._loaded[schac] = self._load(path)
            return key.public_key()


_BY_FOLDER: dict[Path, BadgeKeys] = {}
_FOLDERS_LOCK = threading.Lock()


def badge_keys(key_dir: Path) -> BadgeKeys:
    """One ``BadgeKeys`` per folder and process."""
    with _FOLDERS_LOCK:
        found = _BY_FOLDER.get(key_dir)
        if found is None:
            found = _BY_FOLDER[key_dir] = BadgeKeys(key_dir)
        return found
