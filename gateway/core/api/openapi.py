"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json): paths, schemas, errors.

The records document's schema comes from ``records_schema`` (held to the importer by a test), the
import summary's kinds from ``ImportSummary`` itself, the scopes from ``Scope``: the contract
follows the code it describes.
"""

from __future__ import annotations

from typing import Any

from gateway import __version__
from gateway.core.api.clients import Scope
from gateway.core.api.merits import SourceKind
from gateway.core.api.records_schema import records_document_schema
from gateway.core.importing import ImportSummary

Schema = dict[str, Any]
PREFIX = "/api/v1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
PROBLEM_MEDIA_TYPE = "application/problem+json"

# error code → (HTTP status, when): the ``error`` member of every problem body
ERRORS: dict[str, tuple[int, str]] = {
    "invalid_request": (400, "a malformed parameter, cursor, id or header"),
    "malformed_json": (400, "the body is not a JSON object in UTF-8"),
    "unauthorized": (401, "no credentials, an unknown or revoked client, a wrong secret"),
    "insufficient_scope": (403, "the client lacks the scope the endpoint needs"),
    "not_found": (404, "no such entry, or no such endpoint"),
    "method_not_allowed": (405, "the endpoint does not take this method"),
    "request_timeout": (408, "the body did not arrive within [api] read_timeout_seconds"),
    "payload_too_large": (413, "the body is larger than [api] max_body_bytes (refused unread)"),
    "unsupported_media_type": (415, "the body is not application/json"),
    "invalid_records": (422, "the importer refused the document: record and field named"),
    "idempotency_key_reused": (422, "the Idempotency-Key was first used with another body"),
    "internal_error": (500, "the gateway failed; nothing was written"),
}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _problem(*codes: str) -> dict[str, Any]:
    """Responses for the error codes given, grouped by status."""
    out: dict[str, Any] = {}
    for code in codes:
        status, when = ERRORS[code]
        entry = out.setdefault(
            str(status),
            {"description": "", "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref("Problem")}}},
        )
        entry["description"] = "; ".join(filter(None, [entry["description"], f"{code}: {when}"]))
    return out


_AUTH_ERRORS = ("unauthorized", "insufficient_scope", "internal_error")
_NULLABLE_TEXT: Schema = {"type": ["string", "null"]}
_TEXTS: Schema = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "Texts by language code (und: no language given)",
}


def _object(required: dict[str, Schema], **optional: Schema) -> Schema:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **optional},
        "additionalProperties": False,
    }


def _components() -> dict[str, Schema]:
    kinds = [name for name, _ in ImportSummary("").kinds()]
    count = {"type": "integer", "minimum": 0}
    schemas: dict[str, Schema] = {
        "RecordsDocument": records_document_schema(),
        "KindCounts": _object({"inserted": count, "updated": count, "unchanged": count}),
        "ImportSummary": _object(
            {
                "counts": _object({kind: _ref("KindCounts") for kind in kinds}),
                "inserted": count,
                "updated": count,
                "changed": {"type": "boolean"},
                "credentials_revoked": {
                    **count,
                    "description": "wallet credentials revoked: they carried a changed value",
                },
            }
        ),
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details; error names the case",
            "required": ["type", "title", "status", "detail", "error"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "error": {"enum": list(ERRORS)},
                "record": {"type": ["string", "null"], "description": "invalid_records: where"},
                "field": {"type": ["string", "null"], "description": "invalid_records: which"},
            },
        },
        "EmrexSource": _object(
            {
                "type": {"const": SourceKind.EMREX.value},
                "contact_point": {"type": "string", "description": "registry acronym"},
                "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2"},
                "url": _NULLABLE_TEXT,
            }
        ),
        "WalletSource": _object(
            {
                "type": {"const": SourceKind.WALLET.value},
                "issuer": {"type": "string", "description": "the credential issuer"},
                "country": _NULLABLE_TEXT,
            }
        ),
        "Verification": _object(
            {
                "verified_at": {"type": "string", "format": "date-time"},
                "format": {"type": "string", "description": "elmo-xmldsig, dc+sd-jwt …"},
                "certificate": _object(
                    {"subject": _NULLABLE_TEXT, "issuer": _NULLABLE_TEXT, "sha256": _NULLABLE_TEXT}
                ),
                "algorithms": {"type": "object", "additionalProperties": {"type": "string"}},
                "status_check": _object(
                    {
                        "method": {"type": "string"},
                        "result": {"type": "string"},
                        "checked_at": {"type": "string", "format": "date-time"},
                    }
                ),
            }
        ),
        "MeritResult": _object(
            {
                "institution": _object(
                    {
                        "name": _TEXTS,
                        "country": _NULLABLE_TEXT,
                        "url": _NULLABLE_TEXT,
                        "identifiers": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "description": "by type: schac, erasmus, pic …",
                        },
                    }
                ),
                "part_of": {
                    "type": ["integer", "null"],
                    "description": "position of the parent result in this list",
                },
                "kind": {**_NULLABLE_TEXT, "description": "Degree Programme, Course, Class …"},
                "code": _NULLABLE_TEXT,
                "identifiers": {"type": "object", "additionalProperties": {"type": "string"}},
                "titles": _TEXTS,
                "credits_ects": {"type": ["number", "null"]},
                "grade": _NULLABLE_TEXT,
                "grading_scheme": {
                    "type": ["object", "null"],
                    "required": ["id", "description"],
                    "properties": {"id": {"type": "string"}, "description": _TEXTS},
                    "additionalProperties": False,
                },
                "level": _object(
                    {
                        "eqf": _NULLABLE_TEXT,
                        "all": {
                            "type": "array",
                            "items": _object({"type": {"type": "string"}, "value": _NULLABLE_TEXT}),
                        },
                    }
                ),
                "date": {"type": ["string", "null"], "format": "date"},
                "status": _NULLABLE_TEXT,
                "language": _NULLABLE_TEXT,
                "isced": _NULLABLE_TEXT,
            }
        ),
        "Merit": _object(
            {
                "id": {"type": "string", "pattern": "^[0-9]+$"},
                "learner": _object(
                    {"national_id": {"type": "string"}, "id_country": {"type": "string"}}
                ),
                "source": {
                    "oneOf": [_ref("EmrexSource"), _ref("WalletSource")],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {
                            SourceKind.EMREX.value: "#/components/schemas/EmrexSource",
                            SourceKind.WALLET.value: "#/components/schemas/WalletSource",
                        },
                    },
                },
                "verification": _ref("Verification"),
                "results": {"type": "array", "items": _ref("MeritResult")},
                "elmo": {
                    "type": "string",
                    "contentEncoding": "base64",
                    "description": "the signed ELMO exactly as received",
                },
            }
        ),
        "MeritsPage": _object(
            {
                "entries": {"type": "array", "items": _ref("Merit")},
                "next_cursor": {
                    "type": ["string", "null"],
                    "description": "store it; pass it as after (null: the feed is empty)",
                },
            }
        ),
    }
    return schemas


def _secured(scope: Scope) -> list[dict[str, list[str]]]:
    return [{"bearerSecret": [scope.value]}, {"clientCertificate": [scope.value]}]


def openapi_document(server_url: str) -> Schema:
    """The OpenAPI 3.1 document (``server_url``: the gateway's public URL)."""
    idempotency = {
        "name": IDEMPOTENCY_HEADER,
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        "description": "a retry with the same key and body gets the first answer again",
    }
    json_body = {"application/json": {"schema": _ref("RecordsDocument")}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "emrex-gateway student-records integration API",
            "version": __version__,
            "description": "Records in (the import document), verified foreign merits out "
            "(a cursor feed). Authenticate with Authorization: Bearer and the secret "
            "`gateway api-client add` printed, or with the client's TLS certificate.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            f"{PREFIX}/records": {
                "post": {
                    "operationId": "postRecords",
                    "summary": "Import a records document in one transaction",
                    "security": _secured(Scope.RECORDS_WRITE),
                    "parameters": [idempotency],
                    "requestBody": {"required": True, "content": json_body},
                    "responses": {
                        "200": {
                            "description": "imported (or the first answer to this key again)",
                            "headers": {
                                REPLAYED_HEADER: {
                                    "schema": {"type": "string", "enum": ["true"]},
                                    "description": "present on a repeated answer",
                                }
                            },
                            "content": {"application/json": {"schema": _ref("ImportSummary")}},
                        },
                        **_problem(
                            "malformed_json",
                            "invalid_request",
                            *_AUTH_ERRORS,
                            "request_timeout",
                            "payload_too_large",
                            "unsupported_media_type",
                            "invalid_records",
                            "idempotency_key_reused",
                        ),
                    },
                }
            },
            f"{PREFIX}/merits": {
                "get": {
                    "operationId": "listMerits",
                    "summary": "The feed of verified merits, in the order they were verified",
                    "security": _secured(Scope.MERITS_READ),
                    "parameters": [
                        {
                            "name": "after",
                            "in": "query",
                            "schema": {"type": "string", "pattern": "^[0-9]+$"},
                            "description": "next_cursor of the previous page (absent: start)",
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                            "description": "entries per page ([api] page_size, max_page_size)",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "the next entries",
                            "content": {"application/json": {"schema": _ref("MeritsPage")}},
                        },
                        **_problem("invalid_request", *_AUTH_ERRORS),
                    },
                }
            },
            f"{PREFIX}/merits/{{id}}": {
                "get": {
                    "operationId": "getMerit",
                    "summary": "One entry of the feed",
                    "security": _secured(Scope.MERITS_READ),
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "the entry",
                            "content": {"application/json": {"schema": _ref("Merit")}},
                        },
                        **_problem("invalid_request", *_AUTH_ERRORS, "not_found"),
                    },
                }
            },
            f"{PREFIX}/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": _components(),
            "securitySchemes": {
                "bearerSecret": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "the client's secret (gwapi_…), shown once by "
                    "`gateway api-client add`; only its SHA-256 is stored",
                },
                "clientCertificate": {
                    "type": "mutualTLS",
                    "description": "the TLS client certificate pinned for the client "
                    "(--tls-cert), when the gateway serves TLS itself",
                },
            },
        },
    }
