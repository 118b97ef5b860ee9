"""Deployment configuration: one TOML file, loaded once into frozen dataclasses; sole env reader."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from gateway.errors import ConfigError
from gateway.settings_api import ApiSection
from gateway.settings_oots import OotsSection
from gateway.settings_status import StatusSection
from gateway.settings_verifier import VerifierSection

DEFAULT_CONFIG = Path("config/gateway.toml")
ENV_CONFIG = "GATEWAY_CONFIG"
ENV_PREFIX = "GATEWAY_"


@dataclass(frozen=True)
class GatewaySection:
    """Who this deployment is."""

    name: str = "emrex-gateway"
    country: str = "SE"
    environment: Literal["development", "test", "production"] = "production"

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")


@dataclass(frozen=True)
class ServerSection:
    # Required keys first: a deployment must say where it is reached, what it stores where,
    # and which key it signs with; a default there would be silently wrong in production.
    public_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 8 * 1024 * 1024
    tls_cert: Path | None = None  # TLS by `gateway serve` itself: both or neither
    tls_key: Path | None = None

    @property
    def is_https(self) -> bool:
        return urlsplit(self.public_url).scheme == "https"


@dataclass(frozen=True)
class DatabaseSection:
    url: str
    echo: bool = False


@dataclass(frozen=True)
class SigningSection:
    cert: Path
    key: Path
    ca_cert: Path = Path("certs/dev-ca.crt")
    ca_key: Path = Path("certs/dev-ca.key")


@dataclass(frozen=True)
class SchemasSection:
    dir: Path


@dataclass(frozen=True)
class ElmoSection:
    max_packed_bytes: int = 12 * 1024 * 1024
    max_xml_bytes: int = 16 * 1024 * 1024
    allow_sha1: bool = False


@dataclass(frozen=True)
class AuthSection:
    """How learners authenticate (the same for the contact point, client, wallet and OOTS)."""

    mode: Literal["header", "dev"] = "header"
    header: str = "X-Remote-User"
    trusted_proxies: tuple[str, ...] = ("127.0.0.1/32", "::1/128")
    session_minutes: int = 120


@dataclass(frozen=True)
class EmrexSection:
    """The EMREX contact point and client."""

    acronym: str = "EMREX-GW"
    insecure_return_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    offer_unfinished: bool = False
    session_minutes: int = 20
    client_session_minutes: int = 30
    name_match_threshold: int = 3


@dataclass(frozen=True)
class RegistrySection:
    """Where the EMREX registry (EMREG JSON) comes from and how often it is refreshed."""

    source: str = "var/registry.json"
    refresh_minutes: int = 15
    insecure_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class IssuerSection:
    """The gateway operator, which seals ELM credentials (never the awarding university)."""

    legal_name: dict[str, str] = field(
        default_factory=lambda: {"en": "emrex-gateway development operator"}
    )
    eidas_identifier: str = "SE0000000000"
    country: str = "SE"
    eidas_country: str = ""
    homepage: str = ""


@dataclass(frozen=True)
class WalletSection:
    """The OpenID4VCI credential issuer (wallet bridge)."""

    signing_cert: Path = Path("certs/wallet-issuer.crt")
    signing_key: Path = Path("certs/wallet-issuer.key")
    display_name: dict[str, str] = field(
        default_factory=lambda: {"en": "EMREX gateway", "sv": "EMREX-gateway"}
    )
    offer_minutes: int = 10
    access_token_minutes: int = 10
    nonce_seconds: int = 300
    tx_code_length: int = 6
    tx_code_attempts: int = 5
    proof_max_age_seconds: int = 300
    proof_max_skew_seconds: int = 60
    credential_lifetime_days: int = 365
    wallet_endpoint: str = "openid-credential-offer://"

    def __post_init__(self) -> None:
        positive = (
            "offer_minutes",
            "access_token_minutes",
            "nonce_seconds",
            "tx_code_attempts",
            "proof_max_age_seconds",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if not 4 <= self.tx_code_length <= 12:
            raise ValueError("tx_code_length must be between 4 and 12")
        if self.proof_max_skew_seconds < 0 or self.credential_lifetime_days < 0:
            raise ValueError("proof_max_skew_seconds and credential_lifetime_days must be >= 0")
        if not self.display_name:
            raise ValueError("display_name needs at least one language")


@dataclass(frozen=True)
class BadgesSection:
    """Open Badges 3.0 (docs/badges.md): where the awarding institutions' badge keys live."""

    key_dir: Path = Path("certs/badges")  # <schac>.key, P-256, made on an institution's first badge


@dataclass(frozen=True)
class RetentionSection:
    """How long finished exchanges keep their personal data (``gateway db purge``)."""

    days: int = 30
    interval_minutes: int = 60

    def __post_init__(self) -> None:
        if self.days < 1 or self.interval_minutes < 1:
            raise ValueError("days and interval_minutes must be at least 1")


@dataclass(frozen=True)
class LoggingSection:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["json", "text"] = "json"
    access_log: bool = False


@dataclass(frozen=True)
class MetricsSection:
    enabled: bool = True
    allow: tuple[str, ...] = ("127.0.0.1/32", "::1/128")
    multiprocess_dir: Path | None = None

    def export(self) -> None:
        """At start-up: prometheus_client reads its multi-process directory from the env."""
        if self.multiprocess_dir is not None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(self.multiprocess_dir)


@dataclass(frozen=True)
class Settings:
    server: ServerSection
    database: DatabaseSection
    signing: SigningSection
    schemas: SchemasSection
    gateway: GatewaySection = field(default_factory=GatewaySection)
    elmo: ElmoSection = field(default_factory=ElmoSection)
    auth: AuthSection = field(default_factory=AuthSection)
    emrex: EmrexSection = field(default_factory=EmrexSection)
    registry: RegistrySection = field(default_factory=RegistrySection)
    issuer: IssuerSection = field(default_factory=IssuerSection)
    wallet: WalletSection = field(default_factory=WalletSection)
    badges: BadgesSection = field(default_factory=BadgesSection)
    oots: OotsSection = field(default_factory=OotsSection)
    api: ApiSection = field(default_factory=ApiSection)
    verifier: VerifierSection = field(default_factory=VerifierSection)
    status: StatusSection = field(default_factory=StatusSection)
    retention: RetentionSection = field(default_factory=RetentionSection)
    logging: LoggingSection = field(default_factory=LoggingSection)
    metrics: MetricsSection = field(default_factory=MetricsSection)
    config_file: Path | None = None


def config_path(
    explicit: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None
) -> Path:
    """The config file to use: ``--config``, then ``GATEWAY_CONFIG``, then the default."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit)
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG])
    return DEFAULT_CONFIG


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read, check and freeze the configuration; any problem is a ConfigError naming the key."""
    env = os.environ if environ is None else environ
    source = config_path(path, env)
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file {source} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {source} is not valid TOML: {exc}") from None
    _apply_env_overrides(raw, env)
    settings: Settings = _build(Settings, raw, "")
    check_consistency(settings)
    return dataclasses.replace(settings, config_file=source)


def check_consistency(settings: Settings) -> None:
    """Rules that span sections (a single key's type and range are checked while loading)."""
    if settings.auth.mode == "dev" and not settings.gateway.is_development:
        raise ConfigError(
            '[auth] mode = "dev" (the development login) is refused unless '
            '[gateway] environment is "development" or "test"'
        )
    if settings.verifier.response_mode == "direct_post" and not settings.gateway.is_development:
        raise ConfigError(
            '[verifier] response_mode = "direct_post" (unencrypted responses) is refused unless '
            '[gateway] environment is "development" or "test"'
        )


def settings_from_mapping(raw: Mapping[str, Any]) -> Settings:
    """Build settings from an in-memory table (tests and generated node configs)."""
    return _build(Settings, dict(raw), "")  # type: ignore[no-any-return]


def _apply_env_overrides(raw: dict[str, Any], environ: Mapping[str, str]) -> None:
    """``GATEWAY_<SECTION>_<KEY>=value`` overrides a key (the value is read as TOML if it can)."""
    sections = {f.name for f in dataclasses.fields(Settings) if f.name != "config_file"}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_CONFIG:
            continue
        rest = name[len(ENV_PREFIX) :].lower()
        section, _, key = rest.partition("_")
        if section not in sections or not key:
            continue
        try:
            parsed = tomllib.loads(f"v = {value}")["v"]
        except tomllib.TOMLDecodeError:
            parsed = value
        raw.setdefault(section, {})[key] = parsed


def _build(cls: type[Any], table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where or 'top level'}] must be a table")
    hints = get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if f.name != "config_file"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        secret_of = key[: -len("_file")] if key.endswith("_file") else None
        if secret_of in known and hints[secret_of] is str:
            values[secret_of] = _read_secret(value, _join(where, key))
            continue
        if key not in known:
            raise ConfigError(f"unknown configuration key {_join(where, key)!r}")
        replaced = known[key].metadata.get("replaced_list_form")
        if replaced and isinstance(value, list):  # an older configuration's list form
            raise ConfigError(f"configuration key {_join(where, key)!r}: {replaced}")
        values[key] = _convert(hints[key], value, _join(where, key))
    for name in known:
        section = hints[name]
        if name not in values and dataclasses.is_dataclass(section) and _has_required(section):
            values[name] = _build(section, {}, _join(where, name))  # type: ignore[arg-type]
    missing = [
        name
        for name, f in known.items()
        if name not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"missing configuration key {_join(where, missing[0])!r}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid configuration in [{where}]: {exc}") from None


def _has_required(cls: Any) -> bool:
    return any(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(cls)
    )


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _read_secret(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"configuration key {key!r} must be a file path")
    try:
        return Path(value).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(
            f"configuration key {key!r}: cannot read {value}: {exc.strerror}"
        ) from None


def _convert(hint: Any, value: Any, key: str) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _convert(options[0], value, key)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, key)  # type: ignore[arg-type]
    if origin is Literal:
        if value not in get_args(hint):
            allowed = ", ".join(repr(a) for a in get_args(hint))
            raise ConfigError(f"configuration key {key!r} must be one of {allowed}, not {value!r}")
        return value
    if origin is tuple:
        (item,) = [a for a in get_args(hint) if a is not Ellipsis]
        if not isinstance(value, list):
            raise ConfigError(f"configuration key {key!r} must be a list")
        return tuple(_convert(item, v, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        _, item = get_args(hint)
        if not isinstance(value, dict):
            raise ConfigError(f"configuration key {key!r} must be a table")
        return {k: _convert(item, v, f'{key}."{k}"') for k, v in value.items()}
    if hint is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"configuration key {key!r} must be a non-empty path string")
        return Path(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (str, int, bool, float):
        if type(value) is not hint:
            raise ConfigError(
                f"configuration key {key!r} must be {hint.__name__}, not {type(value).__name__}"
            )
        return value
    raise ConfigError(f"configuration key {key!r} has an unsupported type {hint!r}")
