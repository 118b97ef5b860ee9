"""`gateway elm convert|check`: an ELMO file (maybe packed) → ELM credentials or Annex I report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gateway.core.elm import ConversionResult, IssuerIdentity, convert_elmo
from gateway.core.elm.leftovers import unread_elements
from gateway.core.elm.microcredential import MicroCredentialReport, microcredential_report
from gateway.core.elmo.model import DS_NS
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.xml import parse_xml
from gateway.errors import ConfigError, InvalidInput
from gateway.settings import Settings


def issuer_identity(
    legal_name: Mapping[str, str],
    eidas_identifier: str,
    country: str,
    *,
    homepage: str | None = None,
    eidas_country: str | None = None,
) -> IssuerIdentity:
    """The operator identity from configuration (``[issuer]``); a bad value is a ConfigError."""
    try:
        return IssuerIdentity(legal_name, eidas_identifier, country, homepage, eidas_country)
    except ValueError as exc:
        raise ConfigError(f"[issuer] {exc}") from None


def read_elmo_xml(settings: Settings, path: Path, *, packed: bool) -> bytes:
    """The ELMO XML bytes of ``path``: as is, or unpacked from the EMREX base64(gzip) form."""
    limits = settings.elmo
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if packed:
        return unpack_elmo(
            data, max_packed_bytes=limits.max_packed_bytes, max_xml_bytes=limits.max_xml_bytes
        )
    if len(data) > limits.max_xml_bytes:
        raise InvalidInput(f"{path} is larger than {limits.max_xml_bytes} bytes")
    return data


def convert_xml(
    xml: bytes, *, issuer: IssuerIdentity, issued: datetime, max_bytes: int
) -> ConversionResult:
    """Convert ELMO XML; a signed document is embedded as evidence ("Converted" profile).

    The signature is not verified here: the issuing flow converts only what the verifier
    returned (``VerifiedElmo``); this path serves files an operator chose to inspect.
    """
    root = parse_xml(xml, max_bytes=max_bytes)
    signed = any(child.tag == f"{{{DS_NS}}}Signature" for child in root)
    result = convert_elmo(
        parse_elmo(root), issuer=issuer, signed_elmo=xml if signed else None, issued=issued
    )
    leftovers = unread_elements(root, signature_embedded=signed)
    return ConversionResult(result.credentials, result.report.with_extra(leftovers))


def convert_elmo_file(
    settings: Settings,
    path: Path,
    *,
    packed: bool,
    issuer: IssuerIdentity,
    issued: datetime | None = None,
) -> ConversionResult:
    xml = read_elmo_xml(settings, path, packed=packed)
    return convert_xml(
        xml,
        issuer=issuer,
        issued=issued or datetime.now(UTC).replace(microsecond=0),
        max_bytes=settings.elmo.max_xml_bytes,
    )


def convert_file(
    settings: Settings,
    path: Path,
    *,
    packed: bool,
    issuer: IssuerIdentity,
    issued: datetime | None = None,
) -> list[dict[str, Any]]:
    """`gateway elm convert FILE [--packed]`: the credentials, one per ELMO report."""
    result = convert_elmo_file(settings, path, packed=packed, issuer=issuer, issued=issued)
    return list(result.credentials)


def check_file(
    settings: Settings,
    path: Path,
    *,
    packed: bool,
    issuer: IssuerIdentity,
    issued: datetime | None = None,
) -> list[MicroCredentialReport]:
    """`gateway elm check FILE [--packed]`: the Annex I element report of each credential."""
    result = convert_elmo_file(settings, path, packed=packed, issuer=issuer, issued=issued)
    return [microcredential_report(c) for c in result.credentials]
