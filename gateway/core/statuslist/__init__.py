"""IETF Token Status List (draft-ietf-oauth-status-list, HAIP 1.0 §6.1): bits, token, references.

Pure and synchronous: ``bits`` packs and compresses a status list, ``token`` signs a status list
token and validates one (ours or a foreign issuer's), ``reference`` reads and writes the
``status.status_list`` claim of a credential. Fetching and caching live in
``flows/credential_status``.
"""

from gateway.core.statuslist.bits import ALLOWED_BITS, StatusBits, StatusListError, StatusValue
from gateway.core.statuslist.reference import StatusReference, parse_status_claim, status_claim
from gateway.core.statuslist.token import (
    STATUS_LIST_MEDIA_TYPE,
    STATUS_LIST_TYP,
    StatusListToken,
    sign_status_list_token,
    validate_status_list_token,
)

__all__ = [
    "ALLOWED_BITS",
    "STATUS_LIST_MEDIA_TYPE",
    "STATUS_LIST_TYP",
    "StatusBits",
    "StatusListError",
    "StatusListToken",
    "StatusReference",
    "StatusValue",
    "parse_status_claim",
    "sign_status_list_token",
    "status_claim",
    "validate_status_list_token",
]
