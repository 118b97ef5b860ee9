"""The awarding institutions' badge signing keys (docs/badges.md "Proofs"): two per institution.

``<key_dir>/<schac>.key`` (P-256: the VC-JWT, ES256) and ``<key_dir>/<schac>.ed25519.key``
(Ed25519: the embedded ``eddsa-rdfc-2022`` proof), PKCS#8 PEM, mode 0600. A key is made the
first time an institution issues a badge; ``O_EXCL`` makes two processes that race agree on
the one that won. Loaded keys are kept per process (a PEM load costs milliseconds; a key never
changes under a running gateway).
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Final, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from gateway.core.keys import new_ec_key
from gateway.errors import ConfigError, InvalidInput

SCHAC: Final = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?")


def check_schac(schac: str) -> str:
    """A SCHAC home organisation as it may name a file and a URL segment."""
    if not SCHAC.fullmatch(schac) or ".." in schac:
        raise InvalidInput(f"not a SCHAC home organisation: {schac[:40]!r}")
    return schac


Suite = Literal["es256", "ed25519"]
_SUFFIX: Final = {"es256": ".key", "ed25519": ".ed25519.key"}


def _new(suite: Suite) -> PrivateKey:
    return new_ec_key() if suite == "es256" else ed25519.Ed25519PrivateKey.generate()


def _fits(key: object, suite: Suite) -> bool:
    if suite == "ed25519":
        return isinstance(key, ed25519.Ed25519PrivateKey)
    return isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"


PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class BadgeKeys:
    """The keys in one folder; ``signing_key`` makes a missing one, ``public_key`` never does."""

    def __init__(self, key_dir: Path) -> None:
        self.key_dir = key_dir
        self._loaded: dict[tuple[str, Suite], PrivateKey] = {}
        self._lock = threading.Lock()

    def _path(self, schac: str, suite: Suite) -> Path:
        return self.key_dir / f"{check_schac(schac)}{_SUFFIX[suite]}"

    def _load(self, path: Path, suite: Suite) -> PrivateKey:
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{path} is not an unencrypted PEM private key: {exc}") from None
        if not _fits(key, suite):
            raise ConfigError(f"{path} is not an {suite.upper()} key")
        assert isinstance(key, ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey)
        return key

    def _create(self, path: Path, suite: Suite) -> None:
        pem = _new(suite).private_bytes(
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

    def _key(self, schac: str, suite: Suite, *, create: bool) -> PrivateKey | None:
        with self._lock:
            if (schac, suite) in self._loaded:
                return self._loaded[schac, suite]
            path = self._path(schac, suite)
            if not path.exists():
                if not create:
                    return None
                self._create(path, suite)
            key = self._loaded[schac, suite] = self._load(path, suite)
            return key

    def signing_key(self, schac: str) -> ec.EllipticCurvePrivateKey:
        """The institution's ES256 key, made now if it has none yet."""
        key = self._key(schac, "es256", create=True)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def proof_key(self, schac: str) -> ed25519.Ed25519PrivateKey:
        """The institution's Ed25519 key (embedded proofs), made now if it has none yet."""
        key = self._key(schac, "ed25519", create=True)
        assert isinstance(key, ed25519.Ed25519PrivateKey)
        return key

    def public_key(self, schac: str) -> ec.EllipticCurvePublicKey | None:
        """The institution's ES256 public key, or None when it has never issued a badge."""
        key = self._key(schac, "es256", create=False)
        return key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else None


def check_key_dir(key_dir: Path) -> str:
    """`gateway check-config`: every key in the folder loads as its suite; what was found."""
    if not key_dir.exists():
        return f"{key_dir} does not exist yet: made with the first badge"
    if not key_dir.is_dir():
        raise ConfigError(f"[badges] key_dir {key_dir} is not a folder")
    keys = BadgeKeys(key_dir)
    counts = {"es256": 0, "ed25519": 0}
    for path in sorted(key_dir.glob("*.key")):
        suite: Suite = "ed25519" if path.name.endswith(_SUFFIX["ed25519"]) else "es256"
        keys._load(path, suite)
        counts[suite] += 1
    return f"{key_dir}: {counts['es256']} ES256 and {counts['ed25519']} Ed25519 institution key(s)"


_BY_FOLDER: dict[Path, BadgeKeys] = {}
_FOLDERS_LOCK = threading.Lock()


def badge_keys(key_dir: Path) -> BadgeKeys:
    """One ``BadgeKeys`` per folder and process."""
    with _FOLDERS_LOCK:
        found = _BY_FOLDER.get(key_dir)
        if found is None:
            found = _BY_FOLDER[key_dir] = BadgeKeys(key_dir)
        return found
