"""`gateway elmo verify`: check a signed ELMO file against trusted certificates and summarise it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cryptography import x509

from gateway.core.elmo.model import Elmo
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import VerifiedElmo, verify_elmo
from gateway.core.keys import load_certificates
from gateway.errors import ConfigError, InvalidInput
from gateway.settings import Settings


def read_elmo_file(settings: Settings, path: Path, *, packed: bool) -> bytes:
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


def trusted_certificates(
    settings: Settings, cert_files: Sequence[Path] | None
) -> list[x509.Certificate]:
    """The certificates given with --cert, else our own signing certificate."""
    paths = list(cert_files or [settings.signing.cert])
    certs: list[x509.Certificate] = []
    for path in paths:
        try:
            certs.extend(load_certificates(path.read_bytes()))
        except OSError as exc:
            raise ConfigError(f"cannot read certificate {path}: {exc.strerror}") from None
    return certs


def summarise(elmo: Elmo, verified: VerifiedElmo) -> str:
    learner = elmo.learner
    results = len(elmo.specifications())
    ects = elmo.ects_total().normalize()
    subject = verified.certificate.subject.rfc4514_string()
    return (
        f"valid: {learner.given_names} {learner.family_name} ({learner.bday or 'no birth date'}), "
        f"{len(elmo.reports)} report(s), {results} result(s), {ects:f} ECTS; "
        f"signed by {subject} ({verified.signature_algorithm})"
    )


def verify_elmo_file(
    settings: Settings,
    path: Path,
    cert_files: Sequence[Path] | None,
    *,
    packed: bool = False,
    schema: bool = False,
) -> str:
    xml = read_elmo_file(settings, path, packed=packed)
    verified = verify_elmo(
        xml, trusted_certificates(settings, cert_files), allow_sha1=settings.elmo.allow_sha1
    )
    if schema:
        ElmoSchema.load(settings.schemas.dir).validate(verified.root)
    return summarise(parse_elmo(verified.root), verified)
