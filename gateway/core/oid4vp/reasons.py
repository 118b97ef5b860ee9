"""Why a presentation was refused: stable reason codes and THE map to OpenID4VP 1.0 §8.5 errors.

The precise reason is stored with the transaction (operators read it with ``gateway verifier
log``, the learner sees its text); the wallet only gets the spec's generic error code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from gateway.errors import InvalidInput


class Reason(StrEnum):
    """One code per check of the verifier (notes/openid4vp.md §7, EVE-style names)."""

    # transaction and response envelope
    UNKNOWN_TRANSACTION = "unknown_transaction"
    TRANSACTION_EXPIRED = "transaction_expired"
    REQUEST_ALREADY_FETCHED = "request_already_fetched"
    RESPONSE_REPLAYED = "response_replayed"
    WRONG_RESPONSE_MODE = "wrong_response_mode"
    JWE_INVALID = "jwe_invalid"
    JWE_ENC_NOT_ALLOWED = "jwe_enc_not_allowed"
    JWE_WRONG_KEY = "jwe_wrong_key"
    STATE_MISMATCH = "state_mismatch"
    VP_TOKEN_MALFORMED = "vp_token_malformed"  # noqa: S105 (a reason code, not a secret)
    WALLET_ERROR = "wallet_error"
    WALLET_DECLINED = "wallet_declined"
    # the SD-JWT VC
    PRESENTATION_MALFORMED = "presentation_malformed"
    ISSUER_SIGNATURE_INVALID = "issuer_signature_invalid"
    ISSUER_TYP_NOT_ALLOWED = "issuer_typ_not_allowed"
    ISSUER_UNTRUSTED = "issuer_untrusted"
    ISSUER_SELF_SIGNED = "issuer_x5c_self_signed"
    ISSUER_MISMATCH = "issuer_mismatch"  # iss not consistent with the x5c leaf (SAN, allow-list)
    WRONG_VCT = "wrong_vct"
    DISCLOSURE_INVALID = "disclosure_invalid"
    DISCLOSURE_UNREFERENCED = "disclosure_unreferenced"
    DISCLOSURE_DUPLICATE = "disclosure_duplicate"
    UNSUPPORTED_SD_ALG = "unsupported_sd_alg"
    CREDENTIAL_EXPIRED = "credential_expired"
    CREDENTIAL_NOT_YET_VALID = "credential_not_yet_valid"
    MISSING_HOLDER_KEY = "missing_holder_key"
    MISSING_KEY_BINDING = "missing_key_binding"
    KB_INVALID = "key_binding_invalid"
    KB_WRONG_NONCE = "key_binding_wrong_nonce"
    KB_WRONG_AUD = "key_binding_wrong_aud"
    KB_IAT_OUT_OF_WINDOW = "key_binding_iat_out_of_window"
    KB_SD_HASH_MISMATCH = "key_binding_sd_hash_mismatch"
    STATUS_REVOKED = "status_revoked"
    STATUS_SUSPENDED = "status_suspended"
    STATUS_INVALID = "status_invalid"  # the status list or the reference was refused
    STATUS_UNCHECKED = "status_unreachable"
    CREDENTIAL_INCOMPLETE = "credential_incomplete"
    EMBEDDED_ELMO_INVALID = "embedded_elmo_invalid"
    NO_ELMO = "no_elmo"
    # after verification
    PERSON_MISMATCH = "person_mismatch"


ACCESS_DENIED: Final = "access_denied"
INVALID_REQUEST: Final = "invalid_request"
INVALID_REQUEST_URI_METHOD: Final = "invalid_request_uri_method"

_WALLET_ERRORS: Final[dict[Reason, str]] = {
    Reason.WALLET_DECLINED: ACCESS_DENIED,
    Reason.PERSON_MISMATCH: ACCESS_DENIED,
    Reason.ISSUER_MISMATCH: INVALID_REQUEST,  # the credential's iss and its x5c leaf disagree
}


def wallet_error(reason: Reason) -> str:
    """The OpenID4VP 1.0 §8.5 code a wallet gets for ``reason``: never the reason itself.

    Everything the wallet sent that we refused is ``invalid_request`` (no internals leak);
    a person mismatch is the learner's business, reported as ``access_denied``.
    """
    return _WALLET_ERRORS.get(reason, INVALID_REQUEST)


LEARNER_TEXT: Final[dict[Reason, str]] = {
    Reason.TRANSACTION_EXPIRED: "The presentation took too long; please start again.",
    Reason.RESPONSE_REPLAYED: "This presentation was already answered.",
    Reason.WALLET_DECLINED: "You declined the presentation in your wallet.",
    Reason.WALLET_ERROR: "Your wallet reported an error and sent no credential.",
    Reason.ISSUER_UNTRUSTED: "The credential's issuer is not one this gateway trusts.",
    Reason.ISSUER_SELF_SIGNED: "The credential's issuer is not one this gateway trusts.",
    Reason.ISSUER_MISMATCH: "The credential's issuer does not match its certificate.",
    Reason.WRONG_VCT: "This kind of credential is not accepted here.",
    Reason.CREDENTIAL_EXPIRED: "The credential has expired.",
    Reason.STATUS_REVOKED: "The issuer has revoked the credential.",
    Reason.STATUS_SUSPENDED: "The issuer has suspended the credential.",
    Reason.STATUS_UNCHECKED: "The credential's status could not be checked; try again later.",
    Reason.PERSON_MISMATCH: "The credential is not about you (name or date of birth differ).",
    Reason.NO_ELMO: "The credential carries no results this gateway can store yet.",
}


def learner_text(reason: Reason) -> str:
    """What the learner is told on the page (a safe sentence; the code is shown beside it)."""
    return LEARNER_TEXT.get(reason, "The presentation could not be verified.")


class PresentationRefused(InvalidInput):
    """A response or presentation failed a check; ``reason`` is stored, the message is safe."""

    def __init__(self, reason: Reason, message: str, *, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.reason = reason
