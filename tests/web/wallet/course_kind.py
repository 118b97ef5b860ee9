"""A second credential kind that exists only in the tests: one small SD-JWT VC per passed course.

It is written exactly as a production kind is (``gateway/flows/wallet/kinds/base.py``): its own
configuration and vct, choices from the learner's results (passed ones can be ticked, the
others are shown with the reason), a dataset subject naming the result, and a credential
signed through ``Issuance.sd_jwt_vc``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from gateway.core.oid4vci.issuance import Issuance
from gateway.core.oid4vci.metadata import ClaimSpec, CredentialConfiguration, Display, SdJwtVcType
from gateway.core.records import Result, ResultStatus, Transcript
from gateway.core.sdjwt import SD
from gateway.core.sessions import DisclosedItem
from gateway.errors import InvalidInput
from gateway.flows.elmo.export import load_transcript
from gateway.flows.services import Services
from gateway.flows.wallet.kinds import KINDS
from gateway.flows.wallet.kinds.base import (
    Choice,
    ChoiceGroup,
    ChoiceSection,
    Chosen,
    CredentialKind,
    KindCredential,
    LearnerRef,
    NewDataset,
    OfferContext,
    Text,
)
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.storage.wallet import DatasetDocument

if TYPE_CHECKING:
    from gateway.flows.wallet.issuer import WalletIssuer

COURSE_VCT: Final = "urn:test:course:1"
COURSE_FIELD: Final = "test_course"
NOT_PASSED: Final = Text.pair("inte godkänt resultat", "not a passed result")
DISPLAY: Final = (Display("en", "Course (test)"), Display("sv", "Kurs (test)"))
CLAIMS: Final = (
    ClaimSpec(("course",), {"en": "Course", "sv": "Kurs"}, mandatory=True),
    ClaimSpec(("credits",), {"en": "Credits", "sv": "Högskolepoäng"}),
    ClaimSpec(("family_name",), {"en": "Family name", "sv": "Efternamn"}),
)
COURSE_CONFIGURATION: Final = CredentialConfiguration(
    id="test_course_sd_jwt",
    scope="test_course",
    display=DISPLAY,
    claims=CLAIMS,
    vct_type=SdJwtVcType(vct=COURSE_VCT, name="Test course", display=DISPLAY, claims=CLAIMS),
)


def _results(transcript: Transcript) -> dict[int, Result]:
    return {r.id: r for r in transcript.results()}


class CourseKind(CredentialKind):
    configuration = COURSE_CONFIGURATION
    identifier_prefix = "course"
    fields = (COURSE_FIELD,)

    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        transcript = await load_transcript(services, learner.national_id)
        choices = tuple(
            Choice(
                field=COURSE_FIELD,
                value=str(r.id),
                label=Text.pair(r.opportunity.title_sv, r.opportunity.title_en),
                details=((Text.plain(r.opportunity.code),),),
                unavailable=None if r.status is ResultStatus.PASSED else NOT_PASSED,
            )
            for r in transcript.results()
        )
        group = ChoiceGroup(Text.pair("Kurser", "Courses"), choices)
        return (
            ChoiceSection(
                key="test-courses",
                title=Text.pair("Kursintyg (test)", "Course credentials (test)"),
                help=None,
                empty=Text.pair("Inga kurser", "No courses"),
                groups=(group,) if choices else (),
            ),
        )

    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        results = _results(await load_transcript(services, learner.national_id))
        made = []
        for value in chosen.get(COURSE_FIELD, ()):
            result = results.get(int(value)) if value.isdigit() else None
            if result is None or result.status is not ResultStatus.PASSED:
                raise InvalidInput(f"result {value} is not a passed course of this learner")
            made.append(NewDataset(result.opportunity.title_en, {"result": result.id}))
        return tuple(made)

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        transcript = await load_transcript(services, learner.national_id)
        result = _results(transcript)[int(dataset.subject["result"])]
        claims = {
            "course": SD(result.opportunity.title_en),
            "credits": SD(float(result.credits or 0)),
            "family_name": SD(transcript.learner.family_name),
        }
        signed = issuance.sd_jwt_vc(claims, vct=COURSE_VCT, decoys=2)
        item = DisclosedItem(
            institution=result.opportunity.institution,
            code=result.opportunity.code,
            title=result.opportunity.title_en,
            grade=result.grade,
            credits=None if result.credits is None else str(result.credits),
        )
        return KindCredential(signed.serialize(), (item,))


def with_course_kind() -> KindRegistry:
    """The production kinds plus the test kind (registered for one test gateway only)."""
    return KindRegistry((*KINDS, CourseKind()))
