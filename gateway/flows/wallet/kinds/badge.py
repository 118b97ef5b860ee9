"""The badge kind: each ticked micro-credential course also as an Open Badges 3.0 VC-JWT.

``BadgeKind`` (``open_badge_jwt_vc``, format ``jwt_vc_json``) declares no form field and shows
no section of its own: like the flat micro-credential it follows the ``micro_course`` ticks, so
one tick offers a course as ELM, flat SD-JWT and badge, and the wallet fetches the formats it
supports. The badge is signed by the awarding institution's key (``flows/badges``), bound to the
wallet key as ``credentialSubject.id`` (``did:jwk``), and carries the claims every issued
credential carries in clear (``issuance.clear_claims``). At issuing time the course is checked
again, as for the other micro-credential formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gateway.core.badges.wallet import BADGE_CONFIGURATION, holder_did
from gateway.core.oid4vci.issuance import Issuance
from gateway.flows.badges.issue import issue_badge
from gateway.flows.services import Services
from gateway.flows.wallet.kinds.base import KindCredential, LearnerRef
from gateway.flows.wallet.kinds.micro import FollowsMicroTicks, course_of, disclosed_course
from gateway.storage.wallet import DatasetDocument

if TYPE_CHECKING:
    from gateway.flows.wallet.issuer import WalletIssuer


class BadgeKind(FollowsMicroTicks):
    """The Open Badges 3.0 credential of each ticked complete course."""

    configuration = BADGE_CONFIGURATION
    identifier_prefix = "badge"
    format_name = "Open Badge"

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        course = await course_of(services, learner, dataset)
        issued = issue_badge(
            services,
            course,
            now=issuance.now,
            subject_id=holder_did(issuance.holder_jwk),
            clear_claims=issuance.clear_claims,
        )
        return KindCredential(issued.jwt, disclosed_course(course))
