"""The credential kinds this gateway issues to wallets (the registry): one line per kind.

To add a kind: write ``flows/wallet/kinds/<name>.py`` with a ``CredentialKind`` subclass
(``kinds/base.py`` says what it provides) and add an instance below. The order is the order
of the sections on the Digital wallet page.
"""

from __future__ import annotations

from typing import Final

from gateway.flows.wallet.kinds.badge import BadgeKind
from gateway.flows.wallet.kinds.base import CredentialKind
from gateway.flows.wallet.kinds.degree import DegreeKind
from gateway.flows.wallet.kinds.micro import MicroElmKind, MicroFlatKind
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.flows.wallet.kinds.transcript import TranscriptKind

KINDS: Final[tuple[CredentialKind, ...]] = (
    TranscriptKind(),  # elm_transcript_sd_jwt: one ELM credential per institution (report)
    MicroElmKind(),  # micro_credential_elm_sd_jwt: one ELM micro-credential per complete course
    MicroFlatKind(),  # micro_credential_sd_jwt: the same courses, flat VerifiableMicroCredential
    BadgeKind(),  # open_badge_jwt_vc: the same courses as Open Badges 3.0 (jwt_vc_json)
    DegreeKind(),  # diploma_sd_jwt: one ELM diploma credential per awarded degree
)


def default_registry() -> KindRegistry:
    return KindRegistry(KINDS)
