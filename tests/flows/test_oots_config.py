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
    assert {key: t.delivers for key, t in config.evidence_types.items()} == {
        "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/"
        "b6a49e54-8b3c-4688-acad-380440dc5962": "degree",
        "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
        "5d0e7f1c-2b8a-4c3e-9f61-0a7d3e5b9c24": "transcript",
    }
    # the file documents the same as the built-in defaults
    assert oots_config(_settings()).evidence_types == config.evidence_types
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
        _settings(oots={"evidence_types": {old: {"delivers": "supplement", "title": "T"}}})
    )
    (key,) = config.evidence_types
    assert key == old.replace("tech.europa", "tech.ec.europa")
    assert config.evidence_types[key].description == "T"
    assert config.evidence_types[key].delivers == "supplement"


def test_a_type_without_title_is_named_after_what_it_delivers() -> None:
    key = "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/FI/" + "1" * 8
    key += "-0000-4000-8000-000000000000"
    config = oots_config(_settings(oots={"evidence_types": {key: {"delivers": "degree"}}}))
    served = config.evidence_types[key]
    assert served.title == served.description
    assert "Diploma Supplement" in served.title


def test_evidence_types_are_a_table_keyed_by_classification_in_toml(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    text = (ROOT / "config" / "gateway.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('title = "EU-Wide', 'titel = "EU-Wide'), encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"unknown configuration key 'oots\.evidence_types\.\"https://sr\.oots\.tech\.ec"
        r"\.europa\.eu/evidencetypeclassifications/EU/b6a49e54[^\"]*\"\.titel'",
    ):
        load_settings(path, environ={})


def test_the_older_list_form_stops_the_start_with_how_to_rewrite_it(tmp_path: Path) -> None:
    """A configuration written before evidence types said what they deliver."""
    path = tmp_path / "gateway.toml"
    old = (
        '[server]\npublic_url = "https://gw.example.se"\n'
        '[database]\nurl = "sqlite+aiosqlite:///x.sqlite3"\n'
        '[signing]\ncert = "c.crt"\nkey = "c.key"\n'
        '[schemas]\ndir = "var/schemas"\n'
        "[[oots.evidence_types]]\n"
        'classification = "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/'
        'b6a49e54-8b3c-4688-acad-380440dc5962"\n'
        'title = "EU-Wide Diploma/Bachelor\'s Degree"\n'
    )
    path.write_text(old, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ={})
    message = raised.value.message
    assert message.startswith("configuration key 'oots.evidence_types': the list form")
    assert '[oots.evidence_types."<classification IRI>"]' in message
    assert 'delivers = "degree", "transcript" or "supplement"' in message


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
            {"oots": {"evidence_types": {"https://x.example/t": {"delivers": "degree"}}}},
            r'evidence_types\."https://x\.example/t"\]: the key must be',
        ),
        (
            {"oots": {"evidence_types": {"https://x.example/t": {"delivers": "diploma"}}}},
            r"evidence_types\.\"https://x\.example/t\"\.delivers' must be one of 'degree', "
            r"'transcript', 'supplement'",
        ),
        (
            {"oots": {"evidence_types": {"https://x.example/t": {"title": "T"}}}},
            r"missing configuration key 'oots\.evidence_types\.\"https://x\.example/t\"\.delivers'",
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
    ids=[
        "provider",
        "version",
        "type",
        "delivers",
        "no-delivers",
        "requester-key",
        "http-endpoint",
        "retry",
        "model",
    ],
)
def test_mistakes_are_named(sections: dict[str, dict[str, Any]], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        oots_config(_settings(**sections))
