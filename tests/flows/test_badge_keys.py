"""The institutions' badge keys: made once with mode 0600, kept, checked by check-config."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from gateway.errors import ConfigError, InvalidInput
from gateway.flows.badges.keys import BadgeKeys, check_key_dir


def test_keys_are_made_once_private_and_reloaded(tmp_path: Path) -> None:
    folder = tmp_path / "badges"
    assert "does not exist yet" in check_key_dir(folder)
    keys = BadgeKeys(folder)
    assert keys.public_key("uu.se") is None
    signing = keys.signing_key("uu.se")
    proof = keys.proof_key("uu.se")
    assert sorted(p.name for p in folder.iterdir()) == ["uu.se.ed25519.key", "uu.se.key"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = BadgeKeys(folder)  # another process: the same keys from the files
    assert again.public_key("uu.se") == signing.public_key()
    assert again.proof_key("uu.se").public_key() == proof.public_key()
    assert check_key_dir(folder).endswith("1 ES256 and 1 Ed25519 institution key(s)")


def test_a_wrong_key_and_a_bad_name_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "badges"
    folder.mkdir()
    (folder / "kth.se.key").write_bytes(
        ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ConfigError, match="not an ES256 key"):
        BadgeKeys(folder).signing_key("kth.se")
    with pytest.raises(ConfigError, match="not an ES256 key"):
        check_key_dir(folder)
    for name in ("../etc", "UU.SE", "a/b", ""):
        with pytest.raises(InvalidInput, match="not a SCHAC"):
            BadgeKeys(folder).signing_key(name)
