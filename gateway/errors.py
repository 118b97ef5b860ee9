"""The gateway's error families; protocol codes and HTTP statuses are set only in web/errors.py."""

from __future__ import annotations


class GatewayError(Exception):
    """Base of every error the gateway raises on purpose.

    ``message`` is safe to show to the person or peer who caused the error: it never
    contains personal data, keys or tokens. ``detail`` may name internal things and only
    goes to the log.
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ConfigError(GatewayError):
    """The deployment configuration is missing, malformed or inconsistent."""


class SchemaMissingError(ConfigError):
    """An official schema file is not in the configured schema directory."""


class InvalidInput(GatewayError):
    """Input from outside (a peer, a file, a form) is malformed or not acceptable."""


class XmlRejected(InvalidInput):
    """XML that is not well-formed, too large, or carries a DTD or entity declarations."""


class PayloadTooLarge(InvalidInput):
    """A body, document or decompressed payload exceeds its configured limit."""


class UnsupportedMediaType(InvalidInput):
    """A body arrived in a media type (Content-Type) the endpoint does not take."""


class RequestTimeout(InvalidInput):
    """A client sent its request body too slowly (the configured read timeout passed)."""


class SchemaInvalid(InvalidInput):
    """A document is well-formed but does not validate against its official schema."""


class ImportFileError(InvalidInput):
    """An import file is invalid; names the file, the record and the field."""

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        where = file
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.file = file
        self.record = record
        self.field = field
        self.problem = problem


class ImportSyntaxError(ImportFileError):
    """An import file is not readable as its format at all (not UTF-8, not JSON, not an object)."""


class IdempotencyKeyReused(InvalidInput):
    """An ``Idempotency-Key`` came back with a different request than the one it first named."""


class SignatureInvalid(GatewayError):
    """An XML or JOSE signature does not verify, or its profile or algorithm is refused."""


class NotFound(GatewayError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class AuthenticationRequired(GatewayError):
    """The request needs an authenticated learner."""


class Forbidden(GatewayError):
    """The caller is known but not allowed to do this."""


class Expired(GatewayError):
    """A session, code, nonce or exchange has expired."""


class Replayed(GatewayError):
    """A single-use value (session return, code, nonce) was used again."""


class PeerError(GatewayError):
    """Another system (contact point, registry, requester) failed or answered wrongly."""
