"""The wallet's authorization response at the response URI (OpenID4VP 1.0 §8.1–§8.3.1, §8.5).

``direct_post.jwt``: the form member ``response`` is a JWE (ECDH-ES, A128GCM/A256GCM) to the
transaction's own ephemeral key; an unencrypted ``error`` is accepted too (§8.3.1). The
``vp_token`` is a JSON object keyed by DCQL query id, each value an array of one presentation.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from gateway.core import jose, jwe
from gateway.core.oid4vp.reasons import PresentationRefused, Reason
from gateway.core.oid4vp.request import DIRECT_POST, DIRECT_POST_JWT

DECLINED: Final = "access_denied"
MAX_ERROR_TEXT: Final = 200


@dataclass(frozen=True)
class WalletResponse:
    """The response parameters: either ``vp_token`` or ``error`` (with ``state`` in both)."""

    state: str | None
    vp_token: Mapping[str, list[str]] | None = field(default=None, repr=False)
    error: str | None = None
    error_description: str | None = None
    enc: str | None = None


def _refuse(reason: Reason, message: str, detail: str | None = None) -> PresentationRefused:
    return PresentationRefused(reason, message, detail=detail)


def _text(value: Any) -> str | None:
    return value[:MAX_ERROR_TEXT] if isinstance(value, str) else None


def _decrypt(token: str, private_jwk: Mapping[str, Any], max_length: int) -> jwe.DecryptedJwe:
    try:
        header = jose.json_object(token.split(".", 1)[0], "JWE header")
    except jose.JoseError as exc:
        raise _refuse(Reason.JWE_INVALID, "the response is not a JWE", exc.message) from None
    enc = header.get("enc")
    if header.get("alg") == jwe.KEY_AGREEMENT_ALG and enc not in jwe.CONTENT_ENCRYPTIONS:
        raise _refuse(Reason.JWE_ENC_NOT_ALLOWED, "the response encryption is refused")
    if header.get("kid") != private_jwk.get("kid"):
        raise _refuse(Reason.JWE_WRONG_KEY, "the response was encrypted to another key")
    try:
        return jwe.decrypt_compact(token, private_jwk, max_length=max_length)
    except jose.JoseError as exc:
        raise _refuse(Reason.JWE_INVALID, "the response does not decrypt", exc.message) from None


def parse_response(
    form: Mapping[str, str],
    *,
    response_mode: str,
    private_jwk: Mapping[str, Any],
    max_length: int,
) -> WalletResponse:
    """Decrypt (when asked for) and shape-check the response; ``state`` is the caller's to check."""
    if "error" in form:  # a plain error is allowed under direct_post.jwt too (§8.3.1)
        return WalletResponse(
            state=_text(form.get("state")),
            error=_text(form.get("error")) or "?",
            error_description=_text(form.get("error_description")),
        )
    if response_mode == DIRECT_POST_JWT:
        if "vp_token" in form or "response" not in form:
            raise _refuse(Reason.WRONG_RESPONSE_MODE, "an encrypted response was expected")
        decrypted = _decrypt(form["response"], private_jwk, max_length)
        payload: Mapping[str, Any] = decrypted.payload
        enc = str(decrypted.header.get("enc"))
        if "error" in payload:
            return WalletResponse(
                state=_text(payload.get("state")),
                error=_text(payload.get("error")) or "?",
                error_description=_text(payload.get("error_description")),
                enc=enc,
            )
        raw_token = payload.get("vp_token")
    elif response_mode == DIRECT_POST:
        if "response" in form:
            raise _refuse(Reason.WRONG_RESPONSE_MODE, "a plain direct_post response was expected")
        payload, enc = form, None
        try:
            raw_token = jose.json_loads(form.get("vp_token", ""))
        except jose.JoseError as exc:
            raise _refuse(Reason.VP_TOKEN_MALFORMED, "vp_token is not JSON", exc.message) from None
    else:
        raise _refuse(Reason.WRONG_RESPONSE_MODE, "unknown response mode")
    state = payload.get("state")
    return WalletResponse(
        state=state if isinstance(state, str) else None, vp_token=_vp_token(raw_token), enc=enc
    )


def _vp_token(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not value:
        raise _refuse(Reason.VP_TOKEN_MALFORMED, "vp_token must be a non-empty JSON object")
    for key, items in value.items():
        if (
            not isinstance(items, list)
            or len(items) != 1
            or not all(isinstance(item, str) for item in items)
        ):
            raise _refuse(
                Reason.VP_TOKEN_MALFORMED,
                "each vp_token entry is an array of one presentation",
                detail=f"entry {json.dumps(key)[:40]}",
            )
    return value


def chosen_presentation(
    vp_token: Mapping[str, list[str]], query_ids: Collection[str]
) -> tuple[str, str]:
    """The one presentation answering one of our credential queries (an option of the set)."""
    unknown = set(vp_token) - set(query_ids)
    if unknown or len(vp_token) != 1:
        raise _refuse(
            Reason.VP_TOKEN_MALFORMED, "vp_token must answer exactly one of the credential queries"
        )
    ((query_id, (presentation,)),) = vp_token.items()
    return query_id, presentation
