"""What every issued credential shares (OID4VCI 1.0 §8): keys, times, claims in clear.

One ``Issuance`` is made per credential request and handed to the credential kind, so the
time policy (§14.4.1: time claims rounded against correlation) and the claims every credential
carries in clear (e.g. a Token Status List ``status``) are decided in one place for every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway.core.keys import SigningKey
from gateway.core.sdjwt import IssuedSdJwt, RandomBytes, issue_sd_jwt_vc

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def floor_time(moment: dt.datetime, granularity: dt.timedelta) -> dt.datetime:
    """``moment`` rounded down to a multiple of ``granularity`` since the epoch."""
    if granularity <= dt.timedelta(0):
        raise ValueError("time_granularity must be positive")
    return EPOCH + ((moment - EPOCH) // granularity) * granularity


@dataclass(frozen=True)
class Issuance:
    """One credential to sign: by whom, bound to which wallet key, when, with what in clear."""

    issuer: str
    signing_key: SigningKey = field(repr=False)
    holder_jwk: Mapping[str, Any] = field(repr=False)
    """The wallet key proven in the key proof (only its public members are used)."""
    now: dt.datetime
    lifetime: dt.timedelta | None
    random_bytes: RandomBytes = field(repr=False)
    clear_claims: Mapping[str, Any] = field(default_factory=dict)
    """Non-disclosable claims every credential carries, whatever its kind (e.g. ``status``)."""
    time_granularity: dt.timedelta = dt.timedelta(days=1)

    @property
    def issued_at(self) -> dt.datetime:
        """``iat``: ``now`` rounded down to ``time_granularity``."""
        return floor_time(self.now, self.time_granularity)

    @property
    def expires_at(self) -> dt.datetime | None:
        """``exp`` = ``iat`` + ``lifetime`` (None: the credential does not expire)."""
        return None if self.lifetime is None else self.issued_at + self.lifetime

    def sd_jwt_vc(self, claims: Mapping[str, Any], *, vct: str, decoys: int = 0) -> IssuedSdJwt:
        """Sign ``claims`` (with ``SD`` marks) as an SD-JWT VC of type ``vct``."""
        return issue_sd_jwt_vc(
            claims,
            vct=vct,
            issuer=self.issuer,
            signing_key=self.signing_key,
            holder_jwk=self.holder_jwk,
            issued_at=self.issued_at,
            expires_at=self.expires_at,
            random_bytes=self.random_bytes,
            decoys=decoys,
            clear_claims=self.clear_claims,
        )
