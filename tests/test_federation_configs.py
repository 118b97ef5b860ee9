"""The local federation's committed configurations (config/federation/) and `make run`'s demo
contact point (config/demo-no.toml) load and are commented."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.settings import load_settings

FEDERATION = Path(__file__).resolve().parent.parent / "config" / "federation"
CONFIGS = sorted(FEDERATION.glob("*.toml"))
DEMO_PEER = FEDERATION.parent / "demo-no.toml"


def test_the_federation_has_its_nodes() -> None:
    assert [p.stem for p in CONFIGS] == ["no", "requester", "rogue", "se"]


@pytest.mark.parametrize("path", [*CONFIGS, DEMO_PEER], ids=[p.stem for p in [*CONFIGS, DEMO_PEER]])
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


def test_the_demo_peer_is_the_federations_norwegian_node_on_its_own_files() -> None:
    """Dataset, acronym and country as the federation's `no`; port, database and keys its own."""
    demo = load_settings(DEMO_PEER, environ={})
    federation = load_settings(FEDERATION / "no.toml", environ={})
    gateway = load_settings(FEDERATION.parent / "gateway.toml", environ={})
    assert (demo.emrex.acronym, demo.gateway.country) == ("NO-GW", "NO")
    assert demo.emrex.acronym == federation.emrex.acronym
    assert demo.server.public_url == "http://localhost:8081"  # another host name than 8080's
    assert demo.registry.source == gateway.registry.source == "var/registry.json"
    mine = {demo.database.url, str(demo.signing.key), str(demo.wallet.signing_key)}
    theirs = {gateway.database.url, str(gateway.signing.key), str(gateway.wallet.signing_key)}
    assert not mine & theirs
    assert all("demo-no" in value for value in mine)
