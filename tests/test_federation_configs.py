"""The local federation's committed configurations (config/federation/) load and are commented."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.settings import load_settings

FEDERATION = Path(__file__).resolve().parent.parent / "config" / "federation"
CONFIGS = sorted(FEDERATION.glob("*.toml"))


def test_the_federation_has_its_nodes() -> None:
    assert [p.stem for p in CONFIGS] == ["no", "requester", "rogue", "se"]


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_each_config_loads_and_every_key_is_commented(path: Path) -> None:
    settings = load_settings(path, environ={})
    assert settings.server.host == "127.0.0.1"  # loopback only
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if "=" in line and not line.startswith(("#", "[")):
            assert lines[number - 1].startswith("#"), f"{path.name}: undocumented: {line}"


def test_se_serves_tls_and_answers_the_federation_requester() -> None:
    se = load_settings(FEDERATION / "se.toml", environ={})
    assert se.server.is_https
    assert se.server.tls_cert is not None
    assert se.server.tls_key is not None
    (requester,) = se.oots.requesters.values()
    assert requester.endpoint == "http://127.0.0.1:8463/oots/answers"
