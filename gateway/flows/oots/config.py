"""The [oots] settings checked and turned into the values the provider works with (issue #5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Final
from urllib.parse import urlsplit

from gateway.core.oots.codes import PROVIDER, EdmVersion, sr_key
from gateway.core.oots.evidence import content_domain
from gateway.core.oots.exchange import RetryPolicy, split_agent_key
from gateway.core.oots.model import Address, Agent, Text
from gateway.errors import ConfigError
from gateway.settings import Settings
from gateway.settings_oots import EvidenceDelivery, OotsEvidenceType

#: 1.0 R-EDM-REQ-C027 pattern, read for either SR host spelling.
_EVIDENCE_TYPE: Final = re.compile(
    r"^https://sr\.oots\.tech\.(?:ec\.)?europa\.eu/evidencetypeclassifications/[a-z]{2}/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    re.I,
)
PREVIEW_PATH: Final = "/oots/preview/"
#: The title of an evidence type configured without one.
DEFAULT_TITLES: Final[dict[str, str]] = {
    "degree": "Higher education degree with degree certificate and Diploma Supplement",
    "transcript": "Transcript of records",
    "supplement": "Diploma Supplement",
}


@dataclass(frozen=True)
class EvidenceType:
    classification: str  # as configured
    title: str
    description: str
    delivers: EvidenceDelivery = "transcript"

    @property
    def key(self) -> str:
        return sr_key(self.classification)


@dataclass(frozen=True)
class OotsConfig:
    provider: Agent  # with Address (country) and classification EP
    requesters: dict[str, str]  # "<schemeID>:<identifier>" → answer endpoint
    evidence_types: dict[str, EvidenceType]  # by sr_key
    versions: tuple[EdmVersion, ...]
    fallback_version: EdmVersion  # for refusals of requests in a version we do not answer
    preview_always: bool
    preview_base: str | None  # https base URL of preview locations; None: no preview possible
    preview_timeout: timedelta
    name_match_threshold: int
    max_request_bytes: int
    max_xml_bytes: int
    elm_data_model: str
    content_domain: str
    delivery_timeout_s: float
    retry: RetryPolicy
    poll: timedelta
    lease: timedelta

    def preview_location(self, token: str) -> str:
        if self.preview_base is None:
            raise RuntimeError("no https base for preview locations")
        return f"{self.preview_base}{PREVIEW_PATH}{token}"

    def preview_token(self, location: str) -> str | None:
        """The token of a PreviewLocation we issued; None for anybody else's."""
        if self.preview_base is None:
            return None
        prefix = f"{self.preview_base}{PREVIEW_PATH}"
        if not location.startswith(prefix):
            return None
        token = location[len(prefix) :].split("?", 1)[0]
        return token if re.fullmatch(r"[A-Za-z0-9_-]{16,128}", token) else None


def oots_config(settings: Settings) -> OotsConfig:
    """Check [oots] (a mistake is a ConfigError naming the key) and derive the values."""
    section = settings.oots
    try:
        provider_id = split_agent_key(section.provider_id)
    except ValueError as exc:
        raise ConfigError(f"[oots] provider_id: {exc}") from None
    if not section.provider_name.strip():
        raise ConfigError("[oots] provider_name is empty")
    provider = Agent(
        provider_id,
        (Text(section.provider_name, "EN"),),
        Address(settings.gateway.country.upper()),
        PROVIDER,
    )
    versions = []
    for value in section.versions:
        version = EdmVersion.parse(value)
        if version is None:
            known = ", ".join(v.value for v in EdmVersion)
            raise ConfigError(f"[oots] versions: {value!r} is not one of {known}")
        versions.append(version)
    if not versions:
        raise ConfigError("[oots] versions is empty")
    development = settings.gateway.is_development
    requesters = {}
    for key, requester in section.requesters.items():
        try:
            split_agent_key(key)
        except ValueError as exc:
            raise ConfigError(f'[oots.requesters."{key}"]: {exc}') from None
        requesters[key.strip()] = _endpoint(key, requester.endpoint, development)
    types: dict[str, EvidenceType] = {}
    for classification, configured in section.evidence_types.items():
        checked = _evidence_type(classification, configured)
        if checked.key in types:
            raise ConfigError(
                f'[oots.evidence_types."{classification}"] is the same evidence type as '
                f'"{types[checked.key].classification}" (the other SR spelling)'
            )
        types[checked.key] = checked
    if not sr_key(section.elm_data_model).startswith("https://sr.oots.tech.ec.europa.eu/"):
        raise ConfigError("[oots] elm_data_model must be a Semantic Repository IRI (https://sr.…)")
    public = urlsplit(settings.server.public_url)
    _positive(section.preview_timeout_seconds, "preview_timeout_seconds")
    _positive(section.max_request_bytes, "max_request_bytes")
    _positive(section.delivery_timeout_seconds, "delivery_timeout_seconds")
    _positive(section.poll_seconds, "poll_seconds")
    _positive(section.lease_seconds, "lease_seconds")
    if section.name_match_threshold < 0:
        raise ConfigError("[oots] name_match_threshold must not be negative")
    try:
        retry = RetryPolicy(
            timedelta(seconds=section.retry_initial_seconds),
            timedelta(seconds=section.retry_max_seconds),
            section.retry_max_attempts,
        )
    except ValueError as exc:
        raise ConfigError(f"[oots] {exc}") from None
    return OotsConfig(
        provider=provider,
        requesters=requesters,
        evidence_types=types,
        versions=tuple(versions),
        fallback_version=EdmVersion.V1_2 if EdmVersion.V1_2 in versions else versions[0],
        preview_always=section.preview == "always",
        preview_base=settings.server.public_url.rstrip("/") if public.scheme == "https" else None,
        preview_timeout=timedelta(seconds=section.preview_timeout_seconds),
        name_match_threshold=section.name_match_threshold,
        max_request_bytes=section.max_request_bytes,
        max_xml_bytes=settings.elmo.max_xml_bytes,
        elm_data_model=section.elm_data_model,
        content_domain=content_domain(public.hostname),
        delivery_timeout_s=section.delivery_timeout_seconds,
        retry=retry,
        poll=timedelta(seconds=section.poll_seconds),
        lease=timedelta(seconds=section.lease_seconds),
    )


def _positive(value: float, key: str) -> None:
    if value <= 0:
        raise ConfigError(f"[oots] {key} must be positive")


def _endpoint(key: str, endpoint: str, development: bool) -> str:
    parts = urlsplit(endpoint)
    where = f'[oots.requesters."{key}"] endpoint'
    if not parts.hostname or parts.scheme not in ("https", "http"):
        raise ConfigError(f"{where} is not an absolute http(s) URL")
    if parts.scheme == "http" and not development:
        raise ConfigError(f"{where} must be https (plain http only in development and test)")
    return endpoint


def _evidence_type(classification: str, configured: OotsEvidenceType) -> EvidenceType:
    where = f'[oots.evidence_types."{classification}"]'
    if not _EVIDENCE_TYPE.match(classification.strip()):
        raise ConfigError(
            f"{where}: the key must be an evidence type classification "
            "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/<CC>/<UUID>"
        )
    title = configured.title.strip() or DEFAULT_TITLES[configured.delivers]
    return EvidenceType(
        classification.strip(),
        title,
        configured.description.strip() or title,
        configured.delivers,
    )
