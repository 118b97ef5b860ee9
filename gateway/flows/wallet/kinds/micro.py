"""The micro-credential kinds: one EU micro-credential per complete course, in two formats.

``MicroElmKind`` (``micro_credential_elm_sd_jwt``, vct ``urn:eudi:elm:1``: the ELM
micro-credential in claim ``elm``) owns the form field ``micro_course`` (a result id) and the
"Micro-credentials" section of Digital wallet: every passed course and module of the learner,
the complete ones tickable, the others with the Annex I elements that are missing and why.
``MicroFlatKind`` (``micro_credential_sd_jwt``, vct ``VerifiableMicroCredential``) issues the
same courses as flat claims, each selectively disclosable: a ticked course is offered in both
formats and the wallet fetches those it supports. Dataset subject: ``{"result", "institution",
"code"}``. At issuing time the course is checked again: one that is no longer complete (its
syllabus was removed, say) is refused, never issued with elements missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from gateway.core.elm.microcredential import MicroCredentialReport, microcredential_report
from gateway.core.microcredentials import Eligibility, elm_micro_credential, micro_credential_id
from gateway.core.microcredentials.configurations import (
    MICRO_ELM_CONFIGURATION,
    MICRO_FLAT_CONFIGURATION,
)
from gateway.core.microcredentials.flat import VCT, disclosable, flat_micro_credential
from gateway.core.oid4vci.credential import ElmSummary, elm_sd_jwt
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.issuance import Issuance
from gateway.core.records import InstitutionTranscript, OpportunityKind, ResultNode
from gateway.core.sessions import DisclosedItem
from gateway.errors import InvalidInput
from gateway.flows.microcredentials.store import LearnerMicroCredentials, learner_micro_credentials
from gateway.flows.services import Services
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

MICRO_FIELD: Final = "micro_course"
FLAT_SLOTS: Final = 26
"""The flat credential's ``_sd`` always holds this many digests (decoys hide absent claims)."""


def micro_choice(select: Iterable[int]) -> dict[str, list[str]]:
    """`gateway wallet offer --micro --select …` as the form field."""
    return {MICRO_FIELD: [str(i) for i in select]}


def _phrases(course: Eligibility) -> tuple[Phrase, ...]:
    achievement = course.candidate.achievement
    details: list[Phrase] = [(Text.plain(achievement.code),)]
    if achievement.credits is not None:
        credits = Text.plain(f"{achievement.credits.normalize():f}")
        details.append((credits, Text.of("wallet.credits")))
    if course.eligible:
        details.append((Text.of("micro.complete"),))
        return tuple(details)
    by_reason: dict[str, list[int]] = {}
    for gap in course.gaps:
        by_reason.setdefault(gap.reason.value, []).append(gap.element)
    for reason, elements in by_reason.items():
        words: list[Text] = [Text.of("micro.missing")]
        for n, element in enumerate(elements):
            if n:
                words.append(Text.plain("/"))
            words.append(Text.of(f"micro.element.{element}"))
        words.append(Text.of(f"micro.gap.{reason}"))
        details.append(tuple(words))
    return tuple(details)


def _choice(course: Eligibility, children: tuple[Choice, ...] = ()) -> Choice:
    achievement = course.candidate.achievement
    titles = {t.lang: t.value for t in achievement.titles}
    return Choice(
        field=MICRO_FIELD,
        value=str(achievement.result_id),
        label=Text.pair(titles.get("sv", achievement.title()), achievement.title("en")),
        details=_phrases(course),
        unavailable=None if course.eligible else Text.of("micro.incomplete"),
        children=children,
    )


def _group(inst: InstitutionTranscript, by_result: dict[int, Eligibility]) -> ChoiceGroup | None:
    """Courses with their modules below them; a module whose course is not passed stands alone."""
    choices: list[Choice] = []

    def visit(node: ResultNode, under_course: bool) -> None:
        course = by_result.get(node.result.id)
        is_course = node.result.opportunity.kind is OpportunityKind.COURSE
        if course is not None and is_course:
            modules = tuple(
                _choice(by_result[p.result.id]) for p in node.parts if p.result.id in by_result
            )
            choices.append(_choice(course, modules))
            return
        if course is not None and not under_course:
            choices.append(_choice(course))
        for part in node.parts:
            visit(part, under_course or (is_course and course is not None))

    for root in inst.roots:
        visit(root, False)
    if not choices:
        return None
    legend = Text.pair(inst.institution.name_sv, inst.institution.name_en)
    return ChoiceGroup(legend, tuple(choices))


def _section(found: LearnerMicroCredentials) -> ChoiceSection:
    by_result = {
        c.candidate.achievement.result_id: c
        for c in found.courses
        if c.candidate.achievement.result_id is not None
    }
    groups = (_group(inst, by_result) for inst in found.transcript.institutions)
    return ChoiceSection(
        key="micro-credentials",
        title=Text.of("micro.title"),
        help=Text.of("micro.help"),
        empty=Text.of("micro.none"),
        groups=tuple(g for g in groups if g is not None),
    )


def chosen_courses(found: LearnerMicroCredentials, chosen: Chosen) -> tuple[Eligibility, ...]:
    values = chosen.get(MICRO_FIELD, ())
    ids: list[int] = []
    for value in values:
        if not value.isdigit():
            raise InvalidInput(f"{MICRO_FIELD} values are result ids, not {value[:20]!r}")
        ids.append(int(value))
    courses = found.chosen(ids)
    known = {c.candidate.achievement.result_id for c in courses}
    for result_id in ids:
        if result_id not in known:
            raise InvalidInput(f"result {result_id} is not a passed course of this learner")
    for course in courses:
        if not course.eligible:
            achievement = course.candidate.achievement
            missing = ", ".join(map(str, course.missing))
            raise InvalidInput(
                f"{achievement.title()} ({achievement.code}) is not a complete micro-credential: "
                f"element(s) {missing} missing"
            )
    return courses


def course_subject(course: Eligibility) -> dict[str, object]:
    achievement = course.candidate.achievement
    return {
        "result": achievement.result_id,
        "institution": achievement.institution,
        "code": achievement.code,
    }


async def course_of(
    services: Services, learner: LearnerRef, dataset: DatasetDocument
) -> Eligibility:
    """The dataset's course as the store has it now; refused unless it is still complete."""
    found = await learner_micro_credentials(services.db, learner.national_id)
    result_id = dataset.subject.get("result")
    courses = found.chosen([result_id]) if isinstance(result_id, int) else ()
    if not courses or not courses[0].eligible:
        raise Oid4vciError(
            ErrorCode.CREDENTIAL_REQUEST_DENIED,
            "this course is no longer a complete micro-credential in the results store",
        )
    return courses[0]


def disclosed_course(course: Eligibility) -> tuple[DisclosedItem, ...]:
    achievement = course.candidate.achievement
    names = {t.lang: t.value for t in achievement.body.titles}
    credits = achievement.received or achievement.credits
    return (
        DisclosedItem(
            institution=names.get("en") or next(iter(names.values()), ""),
            code=achievement.code,
            title=achievement.title(),
            grade=achievement.grade,
            credits=None if credits is None else f"{credits.normalize():f}",
        ),
    )


def course_title(course: Eligibility, format_name: str) -> str:
    achievement = course.candidate.achievement
    names = {t.lang: t.value for t in achievement.body.titles}
    institution = names.get("en") or next(iter(names.values()), "")
    return f"{achievement.title()} ({institution}): {format_name}"


def _elm(
    course: Eligibility, wallet: WalletIssuer, offered: datetime, issued: datetime
) -> dict[str, Any]:
    """The ELM micro-credential; its id depends on the offer, so both formats share it."""
    return elm_micro_credential(
        course.candidate,
        issuer=wallet.identity,
        issued=issued,
        credential_id=micro_credential_id(course.candidate, offered),
    )


class MicroElmKind(CredentialKind):
    """The ELM micro-credential (Generic profile, 11 of 11) of one course, DC4EU layout."""

    configuration = MICRO_ELM_CONFIGURATION
    identifier_prefix = "microelm"
    fields = (MICRO_FIELD,)
    subject_fields = (("result", MICRO_FIELD),)

    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        return (_section(await learner_micro_credentials(services.db, learner.national_id)),)

    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        if not chosen.get(MICRO_FIELD):
            return ()
        found = await learner_micro_credentials(services.db, learner.national_id)
        return tuple(
            NewDataset(
                course_title(course, "Europass ELM"),
                course_subject(course),
                report=microcredential_report(_elm(course, wallet, offer.now, offer.now)),
            )
            for course in chosen_courses(found, chosen)
        )

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        course = await course_of(services, learner, dataset)
        elm = _elm(course, wallet, dataset.offer_created_at, issuance.now)
        candidate = course.candidate
        summary = ElmSummary(
            given_name=candidate.holder.given_names,
            family_name=candidate.holder.family_name,
            birthdate=candidate.holder.birth_date,
            achievements=(candidate.achievement.title(),),
            ects_total=candidate.achievement.received or candidate.achievement.credits,
            awarding_institution=disclosed_course(course)[0].institution,
        )
        signed = elm_sd_jwt(elm, summary, issuance)
        return KindCredential(signed.serialize(), disclosed_course(course))

    async def report(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
    ) -> MicroCredentialReport | None:
        course = await course_of(services, learner, dataset)
        offered = dataset.offer_created_at
        return microcredential_report(_elm(course, wallet, offered, offered))


class FollowsMicroTicks(CredentialKind):
    """A kind with no section of its own: one credential per course ticked for MicroElmKind
    (MICRO_FIELD), so one tick offers every micro-credential format; ``format_name`` titles it."""

    fields = ()
    subject_fields = (("result", MICRO_FIELD),)  # "get a fresh one" ticks the course again
    format_name = ""

    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        return ()

    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        if not chosen.get(MICRO_FIELD):
            return ()
        found = await learner_micro_credentials(services.db, learner.national_id)
        return tuple(
            NewDataset(course_title(course, self.format_name), course_subject(course))
            for course in chosen_courses(found, chosen)
        )


class MicroFlatKind(FollowsMicroTicks):
    """The flat micro-credential of the same courses: every element its own disclosure."""

    configuration = MICRO_FLAT_CONFIGURATION
    identifier_prefix = "micro"
    format_name = "EU micro-credential"

    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        course = await course_of(services, learner, dataset)
        identifier = micro_credential_id(course.candidate, dataset.offer_created_at)
        claims = disclosable(
            flat_micro_credential(course.candidate, credential_id=identifier, issued=issuance.now)
        )
        signed = issuance.sd_jwt_vc(claims, vct=VCT, decoys=max(0, FLAT_SLOTS - len(claims)))
        return KindCredential(signed.serialize(), disclosed_course(course))
