"""The degree kind: each awarded degree as its own credential (diploma_sd_jwt, urn:eudi:diploma:1).

Its choices are the learner's awarded degrees (a withdrawn degree is not offered); a dataset
names one degree (subject ``{"degree": id, "institution", "code"}``). The credential is the
degree's ELM 3.2 credential with its courses, certificate and Diploma Supplement, at the top
level of the SD-JWT VC payload as DC4EU issues diplomas (``core/degrees/wallet.py``); it is built
when the wallet asks for it, from the degree as it then stands: a degree withdrawn since the
offer is refused. Form field: ``degree`` (degree ids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from gateway.core.degrees.elm import degree_credential
from gateway.core.degrees.model import AwardedDegree
from gateway.core.degrees.wallet import DIPLOMA_CONFIGURATION, DIPLOMA_VCT, diploma_claims
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.issuance import Issuance
from gateway.errors import InvalidInput
from gateway.flows.degrees.export import with_documents
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.degrees.selection import disclosed_degrees, pick_degrees
from gateway.flows.services import Services
from gateway.flows.wallet.elm import credential_id
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
    Phrase,
    Text,
)
from gateway.storage.wallet import DatasetDocument

if TYPE_CHECKING:
    from gateway.flows.wallet.issuer import WalletIssuer

DEGREE_FIELD: Final = "degree"
DECOYS: Final = 2


def _choice(awarded: AwardedDegree) -> Choice:
    degree = awarded.degree
    level = Text.pair(degree.level.label_sv, degree.level.label_en)
    details: tuple[Phrase, ...] = (
        (Text.plain(degree.code),),
        (Text.plain(f"{degree.credits:f}"), Text.of("wallet.credits")),
        (level, Text.plain(f"(EQF {degree.eqf})")),
        (Text.of("degree.met"), Text.plain(degree.date.isoformat())),
        (Text.of("degree.documents"),),
    )
    return Choice(
        field=DEGREE_FIELD,
        value=str(degree.id),
        label=Text.pair(degree.title_sv, degree.title_en),
        details=details,
    )


def _ids(values: object) -> list[int]:
    found = list(values) if isinstance(values, list | tuple) else []
    if not all(isinstance(v, str) and v.isdigit() and len(v) < 12 for v in found):
        raise InvalidInput("degree ids must be numbers")
    return [int(v) for v in found]


class DegreeKind(CredentialKind):
    """One awarded degree per credential, in the DC4EU diploma layout."""

    configuration = DIPLOMA_CONFIGURATION
    identifier_prefix = "diploma"
    fields = (DEGREE_FIELD,)
    subject_fields = (("degree", DEGREE_FIELD),)

    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        degrees = await awarded_degrees(services, learner.national_id)
        schacs = list(dict.fromkeys(d.degree.institution.schac for d in degrees))
        groups = []
        for schac in schacs:
            here = [d for d in degrees if d.degree.institution.schac == schac]
            institution = here[0].degree.institution
            legend = Text.pair(institution.name_sv, institution.name_en)
            groups.append(ChoiceGroup(legend, tuple(_choice(d) for d in here)))
        section = ChoiceSection(
            key="degrees",
            title=Text.of("degree.wallet.title"),
            help=Text.of("degree.wallet.help"),
            empty=Text.of("degree.wallet.none"),
            groups=tuple(groups),
        )
        return (section,)

    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        wanted = _ids(chosen.get(DEGREE_FIELD, ()))
        if not wanted:
            return ()
        picked = pick_degrees(await awarded_degrees(services, learner.national_id), wanted)
        return tuple(
            NewDataset(
                d.degree.title_en,
                {
                    "degree": d.degree.id,
                    "institution": d.degree.institution.schac,
                    "code": d.degree.code,
                },
            )
            for d in picked
        )

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        degree_id = dataset.subject.get("degree")
        found = [
            d
            for d in await awarded_degrees(services, learner.national_id)
            if d.degree.id == degree_id
        ]
        if not found:  # withdrawn since the offer was made: never issued
            raise Oid4vciError(
                ErrorCode.CREDENTIAL_REQUEST_DENIED, "the degree of this credential is withdrawn"
            )
        (item,) = await with_documents(services, found)
        credential = degree_credential(
            item,
            issuer=wallet.identity,
            issued=issuance.now.replace(microsecond=0),
            credential_id=credential_id(wallet, dataset.offer_id, dataset.position),
        )
        signed = issuance.sd_jwt_vc(diploma_claims(credential), vct=DIPLOMA_VCT, decoys=DECOYS)
        return KindCredential(signed.serialize(), tuple(disclosed_degrees(found, "en")))
