"""The transcript kind: one ELM SD-JWT VC (elm_transcript_sd_jwt, vct urn:eudi:elm:1) per report.

Its datasets are ELMO reports: the learner's own results signed as one ELMO per institution
when the offer is made (subject ``{"source": "own", "institution", "results", "report": 1}``),
or each report of an ELMO fetched through the EMREX client, kept as received (subject
``{"source": "import", "import", "report"}``). Form fields: ``result`` (own result ids) and
``import_id`` (fetched imports).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from gateway.core.elm.microcredential import MicroCredentialReport
from gateway.core.oid4vci.credential import ELM_CONFIGURATION, elm_sd_jwt
from gateway.core.oid4vci.issuance import Issuance
from gateway.core.records import ResultNode, Transcript
from gateway.core.sessions import ExternalImport
from gateway.errors import InvalidInput, NotFound
from gateway.flows.elmo.export import choose, load_transcript, offered
from gateway.flows.services import Services
from gateway.flows.wallet.elm import (
    ConvertedDocument,
    convert_document,
    disclosed_items,
    institution_titles,
    own_documents,
    report_of,
    summary_of,
)
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
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.wallet import DatasetDocument

if TYPE_CHECKING:
    from gateway.flows.wallet.issuer import WalletIssuer

RESULT_FIELD: Final = "result"
IMPORT_FIELD: Final = "import_id"


def _ids(values: Sequence[str], what: str) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise InvalidInput(f"{what} must be numbers") from None


def transcript_choice(
    select: Collection[int] | None, import_id: int | None
) -> dict[str, list[str]] | None:
    """`gateway wallet offer --select … | --import …` as the form fields (None: the defaults)."""
    if select is not None and import_id is not None:
        raise InvalidInput("choose either own results or a fetched import, not both")
    if import_id is not None:
        return {IMPORT_FIELD: [str(import_id)]}
    return None if select is None else {RESULT_FIELD: [str(i) for i in select]}


def _result_choice(node: ResultNode) -> Choice:
    result = node.result
    details: list[Phrase] = [
        (Text.plain(result.opportunity.code),),
        (Text.of(f"wallet.status.{result.status.value}"),),
    ]
    if result.grade:
        details.append((Text.of("wallet.grade"), Text.plain(result.grade)))
    if result.credits is not None:
        details.append((Text.plain(str(result.credits)), Text.of("wallet.credits")))
    return Choice(
        field=RESULT_FIELD,
        value=str(result.id),
        label=Text.pair(result.opportunity.title_sv, result.opportunity.title_en),
        details=tuple(details),
        checked=True,
        children=tuple(_result_choice(part) for part in node.parts),
    )


def _own_section(transcript: Transcript) -> ChoiceSection:
    return ChoiceSection(
        key="own-results",
        title=Text.of("wallet.own.title"),
        help=Text.of("wallet.own.help"),
        empty=Text.of("wallet.own.none"),
        groups=tuple(
            ChoiceGroup(
                legend=Text.pair(inst.institution.name_sv, inst.institution.name_en),
                choices=tuple(_result_choice(node) for node in inst.roots),
            )
            for inst in transcript.institutions
        ),
    )


def _import_choice(imported: ExternalImport) -> Choice:
    received = f"{imported.received_at:%Y-%m-%d %H:%M} UTC"
    return Choice(
        field=IMPORT_FIELD,
        value=str(imported.id),
        label=Text.plain(imported.contact_point),
        details=(
            (Text.of("wallet.imports.received"), Text.plain(received)),
            (Text.plain(str(imported.result_count)), Text.of("wallet.imports.results")),
            (Text.plain(str(imported.ects_total)), Text.of("wallet.credits")),
        ),
    )


def _imports_section(imports: Sequence[ExternalImport]) -> ChoiceSection:
    groups = (ChoiceGroup(None, tuple(_import_choice(i) for i in imports)),) if imports else ()
    return ChoiceSection(
        key="imports",
        title=Text.of("wallet.imports.title"),
        help=None,
        empty=Text.of("wallet.imports.none"),
        groups=groups,
    )


class TranscriptKind(CredentialKind):
    """Today's credential: the results of one institution (one ELMO report) in ELM."""

    configuration = ELM_CONFIGURATION
    identifier_prefix = "elm"
    fields = (RESULT_FIELD, IMPORT_FIELD)
    subject_fields = (("results", RESULT_FIELD), ("import", IMPORT_FIELD))

    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        transcript = await load_transcript(services, learner.national_id)
        async with services.db.session() as session:
            imports = await ExchangeRepository(session).external_imports(learner.id)
        own = offered(transcript, offer_unfinished=services.settings.emrex.offer_unfinished)
        return (_own_section(own), _imports_section(imports))

    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        made = await self._own(services, wallet, learner, chosen, offer)
        for import_id in _ids(chosen.get(IMPORT_FIELD, ()), "import ids"):
            at = OfferContext(offer.offer_id, offer.now, offer.first_position + len(made))
            made += await self._imported(services, wallet, learner, import_id, at)
        return made

    async def _own(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        select = _ids(chosen.get(RESULT_FIELD, ()), "result ids")
        if not select:
            return ()
        transcript = await load_transcript(services, learner.national_id)
        mine = offered(transcript, offer_unfinished=services.settings.emrex.offer_unfinished)
        picked = choose(mine, select)
        made: list[NewDataset] = []
        documents = own_documents(services, picked)  # one signed ELMO per institution
        pairs = zip(picked.institutions, documents, strict=True)
        for n, (inst, (title, document)) in enumerate(pairs):
            position = offer.first_position + n
            converted = self._convert(services, wallet, document, offer, position)
            subject = {
                "source": "own",
                "institution": inst.institution.schac,
                "results": sorted(r.id for r in inst.results()),
                "report": 1,
            }
            made.append(NewDataset(title, subject, document, report=report_of(converted, 1)))
        return tuple(made)

    async def _imported(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        import_id: int,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        async with services.db.session() as session:
            document = await ExchangeRepository(session).import_document(import_id, learner.id)
        if document is None:
            raise NotFound("This import is unknown.")
        converted = self._convert(services, wallet, document, offer, offer.first_position)
        return tuple(
            NewDataset(
                title,
                {"source": "import", "import": import_id, "report": n},
                import_id=import_id,
                report=report_of(converted, n),
            )
            for n, title in enumerate(institution_titles(converted.elmo), start=1)
        )

    @staticmethod
    def _convert(
        services: Services,
        wallet: WalletIssuer,
        document: bytes,
        offer: OfferContext,
        first_position: int,
    ) -> ConvertedDocument:
        return convert_document(
            services,
            wallet,
            document,
            offer_id=offer.offer_id,
            issued=offer.now,
            first_position=first_position,
        )

    @staticmethod
    def _report_number(dataset: DatasetDocument) -> int:
        report = dataset.subject.get("report", 1)
        if not isinstance(report, int) or report < 1:
            raise InvalidInput(f"dataset {dataset.position}: its report number is not valid")
        return report

    def _stored(
        self, services: Services, wallet: WalletIssuer, dataset: DatasetDocument, issued: datetime
    ) -> tuple[ConvertedDocument, int]:
        """The dataset's document converted with the credential ids it was offered with."""
        number = self._report_number(dataset)
        converted = convert_document(
            services,
            wallet,
            dataset.document,
            offer_id=dataset.offer_id,
            issued=issued,
            first_position=dataset.position - number + 1,
        )
        return converted, number

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        converted, number = self._stored(services, wallet, dataset, issuance.now)
        report = converted.report(number)
        signed = elm_sd_jwt(
            converted.credential(number), summary_of(converted.elmo, report), issuance
        )
        return KindCredential(signed.serialize(), disclosed_items(report))

    async def report(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
    ) -> MicroCredentialReport | None:
        converted, number = self._stored(services, wallet, dataset, dataset.offer_created_at)
        return report_of(converted, number)
