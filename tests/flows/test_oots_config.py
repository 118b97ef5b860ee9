"""[oots] settings: the documented defaults, tables of evidence types, mistakes named by key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.model import Identifier
from gateway.errors import ConfigError
from gateway.flows.oots.config import oots_config
from gateway.settings import load_settings, settings_from_mapping

ROOT = Path(__file__).resolve().parents[2]
REQUIRED: dict[str, dict[str, Any]] = {
    "server": {"public_url": "https://gw.example.se"},
    "database": {"url": "sqlite+aiosqlite:///x.sqlite3"},
    "signing": {"cert": "c.crt", "key": "c.key"},
    "schemas": {"dir": "var/schemas"},
}


def _settings(**sections: dict[str, Any]) -> Any:
    raw = {name: dict(values) for name, values in REQUIRED.items()}
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return settings_from_mapping(raw)


def test_the_documented_defaults() -> None:
    settings = load_settings(ROOT / "config" / "gateway.toml", environ={})
    config = oots_config(settings)
    assert config.provider.identifier == Identifier(
        "2021000000", "urn:cef.eu:names:identifier:EAS:0007"
    )
    assert config.provider.address is not None
    assert config.provider.address.admin_unit_level1 == "SE"
    assert set(config.evidence_types) == {
        "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/"
        "b6a49e54-8b3c-4688-acad-380440dc5962",
        "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
        "5d0e7f1c-2b8a-4c3e-9f61-0a7d3e5b9c24",
    }
    assert config.versions == tuple(EdmVersion)
    assert config.fallback_version is EdmVersion.V1_2
    assert config.preview_base is None  # http public URL: no conformant PreviewLocation
    assert not config.preview_always
    assert config.requesters == {}


def test_an_evidence_type_in_the_1_0_spelling_is_the_same_type() -> None:
    old = (
        "https://sr.oots.tech.europa.eu/evidencetypeclassifications/FI/"
        + "0" * 8
        + ("-0000-4000-8000-000000000000")
    )
    config = oots_config(
        _settings(oots={"evidence_types": [{"classification": old, "title": "T"}]})
    )
    (key,) = config.evidence_types
    assert key == old.replace("tech.europa", "tech.ec.europa")
    assert config.evidence_types[key].description == "T"


def test_evidence_types_are_a_list_of_tables_in_toml(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    text = (ROOT / "config" / "gateway.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('title = "EU-Wide', 'titel = "EU-Wide'), encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"unknown configuration key 'oots\.evidence_types\[0\]\.titel'"
    ):
        load_settings(path, environ={})


def test_previews_and_requesters() -> None:
    config = oots_config(
        _settings(
            gateway={"environment": "production"},
            oots={
                "preview": "always",
                "requesters": {
                    "urn:cef.eu:names:identifier:EAS:0190:NL222332239": {
                        "endpoint": "https://oots.example.nl/answers"
                    }
                },
            },
        )
    )
    assert config.preview_always
    location = config.preview_location("abcdefghijklmnop1234")
    assert location == "https://gw.example.se/oots/preview/abcdefghijklmnop1234"
    assert config.preview_token(location) == "abcdefghijklmnop1234"
    assert (
        config.preview_token("https://elsewhere.example/oots/preview/abcdefghijklmnop1234") is None
    )
    assert config.preview_token(location + "/../x") is None
    assert config.requesters == {
        "urn:cef.eu:names:identifier:EAS:0190:NL222332239": "https://oots.example.nl/answers"
    }


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"oots": {"provider_id": "no-scheme"}}, r"\[oots\] provider_id"),
        ({"oots": {"versions": ["oots-edm:v9.9"]}}, r"\[oots\] versions: 'oots-edm:v9\.9'"),
        (
            {"oots": {"evidence_types": [{"classification": "https://x.example/t", "title": "T"}]}},
            r"evidence_types\[0\]\.classification",
        ),
        (
            {"oots": {"requesters": {"NL1": {"endpoint": "https://x.example"}}}},
            r'requesters\."NL1"',
        ),
        (
            {
                "gateway": {"environment": "production"},
                "oots": {"requesters": {"urn:x:NL1": {"endpoint": "http://x.example/a"}}},
            },
            "must be https",
        ),
        ({"oots": {"retry_initial_seconds": 0}}, "retry"),
        ({"oots": {"elm_data_model": "https://example.org/elm"}}, "elm_data_model"),
    ],
    ids=["provider", "version", "type", "requester-key", "http-endpoint", "retry", "model"],
)
def test_mistakes_are_named(sections: dict[str, dict[str, Any]], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        oots_config(_settings(**sections))
