"""Configuration loading: the documented file loads, and every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.errors import ConfigError
from gateway.settings import config_path, load_settings

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_documented_default_config_loads() -> None:
    settings = load_settings(ROOT / "config" / "gateway.toml", environ={})
    assert settings.server.port == 8080
    assert settings.server.public_url == "http://127.0.0.1:8080"
    assert settings.database.url == "sqlite+aiosqlite:///var/gateway.sqlite3"
    assert settings.signing.cert == Path("certs/elmo-signing.crt")
    assert settings.schemas.dir == Path("var/schemas")


def test_every_key_of_the_default_config_is_documented() -> None:
    """Each `key = value` line in config/gateway.toml is preceded by a comment."""
    lines = (ROOT / "config" / "gateway.toml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            previous = lines[number - 1].strip()
            assert previous.startswith("#") or "=" in previous, f"undocumented: {line}"


def test_config_is_chosen_by_flag_then_environment(tmp_path: Path) -> None:
    assert config_path("a.toml", {"GATEWAY_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path(None, {"GATEWAY_CONFIG": "b.toml"}) == Path("b.toml")
    assert config_path(None, {}) == Path("config/gateway.toml")


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "[server]\nprot = 8080\n")
    with pytest.raises(ConfigError, match=r"unknown configuration key 'server\.prot'"):
        load_settings(path, environ={})


def test_wrong_type_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nport = "eighty"\n')
    with pytest.raises(ConfigError, match=r"'server\.port' must be int"):
        load_settings(path, environ={})


REQUIRED = """
[server]
public_url = "http://127.0.0.1:8080"
[database]
url = "sqlite+aiosqlite:///var/x.sqlite3"
[signing]
cert = "c.crt"
key = "c.key"
[schemas]
dir = "var/schemas"
"""


def test_wrong_choice_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + '[gateway]\nenvironment = "staging"\n')
    with pytest.raises(ConfigError, match=r"'gateway\.environment' must be one of"):
        load_settings(path, environ={})


def test_a_retention_of_zero_days_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + "[retention]\ndays = 0\n")
    with pytest.raises(ConfigError, match=r"\[retention\].*days .* must be at least 1"):
        load_settings(path, environ={})


def test_unknown_section_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "[servre]\nport = 1\n")
    with pytest.raises(ConfigError, match=r"unknown configuration key 'servre'"):
        load_settings(path, environ={})


def test_missing_file_and_bad_toml_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "absent.toml", environ={})
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[server\n"), environ={})


def test_environment_overrides_and_secret_files(tmp_path: Path) -> None:
    secret = tmp_path / "db-url"
    secret.write_text("postgresql+asyncpg://gw:pw@127.0.0.1/gw\n", encoding="utf-8")
    body = REQUIRED.replace('url = "sqlite+aiosqlite:///var/x.sqlite3"', f'url_file = "{secret}"')
    path = write(tmp_path, body)
    settings = load_settings(path, environ={"GATEWAY_SERVER_PORT": "9090"})
    assert settings.server.port == 9090
    assert settings.database.url == "postgresql+asyncpg://gw:pw@127.0.0.1/gw"


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\npublic_url = "https://gw.example.se"\n')
    with pytest.raises(ConfigError, match=r"missing configuration key 'database\.url'"):
        load_settings(path, environ={})
    with pytest.raises(ConfigError, match=r"missing configuration key 'server\.public_url'"):
        load_settings(write(tmp_path, ""), environ={})


def test_settings_are_frozen() -> None:
    settings = load_settings(ROOT / "config" / "gateway.toml", environ={})
    with pytest.raises(AttributeError):
        settings.server.port = 1  # type: ignore[misc]
