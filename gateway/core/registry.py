"""The EMREX registry: EMREG JSON (`emps`, legacy `ncps`) and the EWP manifest entry (TG §4.1)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from gateway.core.elmo.schema import REMOTE_LOCATIONS
from gateway.core.xml import load_xsd
from gateway.errors import InvalidInput

EWP_DAP_NS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-emrex-data-access-point/blob/"
    "stable-v1/manifest-entry.xsd"
)
MAX_REGISTRY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ContactPoint:
    """One EMP as the registry lists it; ``certificates`` are the keys its ELMO must verify with."""

    acronym: str
    country_code: str
    url: str
    institutions: tuple[str, ...]
    certificates: tuple[x509.Certificate, ...]

    @property
    def display_name(self) -> str:
        return self.institutions[0] if self.institutions else self.acronym


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    single_fetch: bool


@dataclass(frozen=True)
class Registry:
    countries: tuple[Country, ...]
    contact_points: tuple[ContactPoint, ...]

    def contact_point(self, acronym: str) -> ContactPoint | None:
        return next((cp for cp in self.contact_points if cp.acronym == acronym), None)

    def by_country(self, exclude: str | None = None) -> list[tuple[Country, list[ContactPoint]]]:
        """Contact points grouped by country; ``exclude`` leaves one out (our own)."""
        grouped = []
        for country in sorted(self.countries, key=lambda c: c.name):
            emps = [
                cp
                for cp in self.contact_points
                if cp.country_code == country.code and cp.acronym != exclude
            ]
            if emps:
                grouped.append((country, sorted(emps, key=lambda cp: cp.display_name)))
        return grouped


def parse_registry(
    data: bytes,
    validate: Any,
    *,
    insecure_hosts: Iterable[str] = (),
) -> Registry:
    """Parse and check EMREG JSON. ``validate`` is the EMREG JSON-schema validator (a callable
    raising on error) loaded from the schema directory. Legacy ``ncps`` is read as ``emps``.
    A contact point whose URL is not https (outside ``insecure_hosts``) or whose certificate
    cannot be read makes the whole document invalid: a half-read registry is worse than the
    last good copy."""
    if len(data) > MAX_REGISTRY_BYTES:
        raise InvalidInput(f"registry document is larger than {MAX_REGISTRY_BYTES} bytes")
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:  # also: nested too deep, int digit limit
        raise InvalidInput(f"registry is not valid JSON: {str(exc)[:200]}") from None
    if isinstance(document, dict) and "emps" not in document and "ncps" in document:
        document = {**{k: v for k, v in document.items() if k != "ncps"}, "emps": document["ncps"]}
    try:
        validate(document)
    except Exception as exc:  # jsonschema.ValidationError and friends
        message = getattr(exc, "message", str(exc))
        raise InvalidInput(f"registry does not match the EMREG JSON schema: {message}") from None
    allowed = set(insecure_hosts)
    countries = tuple(
        Country(c["countryCode"], c["countryName"], bool(c["singleFetch"]))
        for c in document["countries"]
    )
    points = tuple(_contact_point(e, i, allowed) for i, e in enumerate(document["emps"]))
    acronyms = [p.acronym for p in points]
    duplicate = next((a for a in acronyms if acronyms.count(a) > 1), None)
    if duplicate is not None:
        raise InvalidInput(f"registry lists the acronym {duplicate!r} twice")
    return Registry(countries, points)


def _contact_point(entry: Mapping[str, Any], index: int, insecure: set[str]) -> ContactPoint:
    where = f"emps[{index}] ({entry.get('acronym', '?')})"
    url = entry["url"]
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidInput(f"registry {where}: url is not a URL") from None
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in insecure):
        raise InvalidInput(f"registry {where}: url must be https, not {url!r}")
    pem = entry["pubKey"].encode("ascii", "replace")
    try:
        certificates = tuple(x509.load_pem_x509_certificates(pem))
    except ValueError:
        raise InvalidInput(f"registry {where}: pubKey is not a PEM certificate") from None
    return ContactPoint(
        acronym=entry["acronym"],
        country_code=entry["countryCode"],
        url=url,
        institutions=tuple(entry["institutions"]),
        certificates=certificates,
    )


def emp_entry(
    acronym: str,
    country_code: str,
    url: str,
    institutions: Sequence[str],
    certificate: x509.Certificate,
) -> dict[str, Any]:
    """Our own entry in EMREG form (``pubKey`` holds the signing certificate PEM)."""
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return {
        "acronym": acronym,
        "countryCode": country_code,
        "institutions": list(institutions),
        "url": url,
        "pubKey": pem,
    }


COUNTRY_NAMES = {
    "SE": "Sweden",
    "NO": "Norway",
    "FI": "Finland",
    "DK": "Denmark",
    "PL": "Poland",
    "NL": "Netherlands",
    "DE": "Germany",
    "IT": "Italy",
    "HR": "Croatia",
}


def emreg_document(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """An EMREG JSON document for ``entries`` (``countries`` derived from their country codes)."""
    codes = sorted({str(e["countryCode"]) for e in entries})
    return {
        "countries": [
            {"countryCode": c, "countryName": COUNTRY_NAMES.get(c, c), "singleFetch": False}
            for c in codes
        ],
        "emps": [dict(e) for e in entries],
    }


def manifest_entry(
    url: str,
    name: str,
    country_code: str,
    institutions: Sequence[str],
    certificates: Sequence[x509.Certificate],
) -> bytes:
    """The EWP Registry manifest entry ``<emrex-data-access-point>`` (version 1.0.0)."""
    root = etree.Element(f"{{{EWP_DAP_NS}}}emrex-data-access-point", nsmap={None: EWP_DAP_NS})  # type: ignore[dict-item]
    root.set("version", "1.0.0")
    for tag, value in (("url", url), ("name", name), ("country-code", country_code)):
        etree.SubElement(root, f"{{{EWP_DAP_NS}}}{tag}").text = value
    for schac in institutions:
        etree.SubElement(root, f"{{{EWP_DAP_NS}}}institution").text = schac
    for cert in certificates:
        der = cert.public_bytes(serialization.Encoding.DER)
        element = etree.SubElement(root, f"{{{EWP_DAP_NS}}}certificate")
        element.text = base64.b64encode(der).decode("ascii")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def load_manifest_schema(schema_dir: Path) -> etree.XMLSchema:
    """The EWP manifest-entry XSD for ``<emrex-data-access-point>``, imports resolved offline."""
    base = schema_dir / "elmo"
    uri_map = {uri: base / local for uri, local in REMOTE_LOCATIONS.items()}
    return load_xsd(base / "ewp-specs-api-emrex-data-access-point/manifest-entry.xsd", uri_map)
