"""ELM 3.2 credential → unsigned ELMO 1.7 XML, one report per awarding body (ELM–ELMO table).

The input is what a verified SD-JWT VC carries: the ELM document itself, a payload holding it in
claim ``elm`` (vct ``urn:eudi:elm:1``) or a payload that is the ELM document with the SD-JWT
claims beside it (vct ``urn:eudi:diploma:1``). Our own credentials (``core/elm/convert.py``)
and the DC4EU converter's output are both read. What has no ELMO place is listed in the
conversion report with its ELM path and why; nothing is invented that ELM does not state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.elmo_claims import ClaimMapper, ReportDraft
from gateway.core.elm.reading import (
    ConversionError,
    NotMapped,
    Obj,
    Tracker,
    check_limits,
    unread,
)
from gateway.core.elm.results import path_key
from gateway.core.elmo.model import (
    Attachment,
    Elmo,
    GradingScheme,
    Identifier,
    Issuer,
    Learner,
    Report,
    Text,
)
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.xml import parse_xml

__all__ = ["ConversionError", "ElmToElmoResult", "NotMapped", "elm_to_elmo"]

NATIONAL_ID: Final = "nationalIdentifier"  # the ELMO learner identifier type (notes/emrex.md)
# SD-JWT VC claims beside the ELM document in a diploma payload (not part of the ELM).
ENVELOPE: Final = frozenset(
    {"iss", "sub", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "jti"}
    | {"_sd", "_sd_alg", "aud", "vctm"}
)
# The countries the ELMO 1.7 schema accepts (europass:countryCode in EUROPASS_ISOCountries_V1.1).
_ELMO_COUNTRIES = """
    AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD
    CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB
    GD GE GH GL GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM
    KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW
    MX MY MZ NA NE NG NI NL NO NP NR NU NZ OM PA PE PG PH PK PL PR PS PT PW PY QA RO RS RU RW SA
    SB SC SD SE SG SI SK SL SM SN SO SR ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US
    UY UZ VA VC VE VN VU WS YE ZA ZM ZW"""
ELMO_COUNTRIES: Final = frozenset(_ELMO_COUNTRIES.split())
_ALPHA2_BY_COUNTRY: Final = {code: alpha2 for alpha2, code in cv.COUNTRIES.items()}
_GENDERS: Final = {f"{cv.HUMAN_SEX_SCHEME}/{name}": n for n, name in cv.HUMAN_SEX.items()}
_MEDIA_BY_FILE_TYPE: Final = {
    "PDF": "application/pdf",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "XML": "application/xml",
}
_ATTACHMENT_TYPES: Final = frozenset(
    {"Diploma", "Diploma Supplement", "Transcript of Records", "Micro Credential", "Other"}
)
_ISSUER_SCHEMES: Final = {"schac": "schac", "pic": "pic", "erasmus": "erasmus"}

REASONS: Final = {
    "displayParameter": "how a wallet renders the credential; ELMO has no display part",
    "credentialProfiles": "ELM profile metadata; no ELMO counterpart",
    "credentialSchema": "ELM validation metadata; no ELMO counterpart",
    "issuer": "the organisation that sealed the credential; the ELMO is signed by this gateway "
    "and each report/issuer is the awarding body",
    "evidence": "ELMO has no evidence element",
    "issuanceDate": "when the credential was made; the report issueDate is validFrom",
    "issued": "when the credential was made; the report issueDate is validFrom",
    "validUntil": "ELMO results do not expire",
    "expirationDate": "ELMO results do not expire",
    "learningOutcome": "ELMO 1.7 has no learning outcomes",
    "learningOutcomeSummary": "ELMO 1.7 has no learning outcomes",
    "entryRequirement": "ELMO 1.7 has no entry requirements",
    "accreditation": "ELMO 1.7 has no quality-assurance element",
    "mode": "ELMO 1.7 has no mode of learning",
    "learningSetting": "ELMO 1.7 has no learning setting",
    "volumeOfLearning": "ELMO engagementHours are the learner's hours, not the notional volume",
    "maximumDuration": "ELMO 1.7 has no programme duration",
    "nqfLevel": "ELMO levels are written for EQF only (NQF concepts are national)",
    "assessedBy": "ELMO has no assessing organisation apart from the report issuer",
    "resultDistribution": "not in the gateway's ELMO model (ELMO resultDistribution)",
    "shortenedGrading": "not in the gateway's ELMO model (ELMO shortenedGrading)",
    "awardingLocation": "ELMO has no award location",
    "placeOfBirth": "ELMO placeOfBirth is free text; an ELM Location is not converted",
    "isPartialQualification": "ELMO has no partial-qualification flag",
    "additionalNote": "ELMO has no notes",
    "supplementaryDocument": "ELMO attachments are embedded documents, not web links",
    "relatedESCOSkill": "ELMO 1.7 has no skills",
    "idVerification": "ELMO 1.7 has no supervision or identity-verification element",
    "eIDASIdentifier": "ELMO institution identifiers are schac/erasmus/pic style",
}
DEFAULT_REASON: Final = "no ELMO 1.7 element for this ELM term"


@dataclass(frozen=True)
class ElmToElmoResult:
    """The unsigned ELMO (XML bytes and model) and what of the ELM did not map, by ELM path."""

    xml: bytes
    elmo: Elmo
    not_mapped: tuple[NotMapped, ...]

    def validate(self, schema: ElmoSchema) -> None:
        """``SchemaInvalid`` unless the XML is valid against the ELMO v1.7.0 XSD."""
        schema.validate(parse_xml(self.xml, max_bytes=len(self.xml)))

    def report_json(self) -> dict[str, Any]:
        return {
            "reports": [
                {
                    "issuer": [t.value for t in r.issuer.titles][:1],
                    "identifiers": [f"{i.type}:{i.value}" for i in r.issuer.identifiers],
                    "opportunities": len(r.specifications()),
                }
                for r in self.elmo.reports
            ],
            "not_mapped": [n.to_json() for n in self.not_mapped],
        }

    def report_text(self) -> str:
        return json.dumps(self.report_json(), indent=2, ensure_ascii=False)


def elm_to_elmo(
    credential: Mapping[str, object], *, generated: datetime | None = None
) -> ElmToElmoResult:
    """Convert one decoded ELM credential; ``ConversionError`` names the ELM path at fault."""
    if not isinstance(credential, Mapping):
        raise ConversionError("the credential is not a JSON object")
    tracker = Tracker()
    document, path = _elm_part(credential)
    check_limits(document, path, tracker)
    root = Obj(document, path, tracker)
    if document is credential:
        root.skip(*(k for k in document if k in ENVELOPE))
    subject = root.one("credentialSubject", "ELMO has one learner")
    if subject is None:
        raise ConversionError(f"{root.at('credentialSubject')}: the credential has no subject")
    learner = _learner(subject)
    # validFrom is when the results were issued (the forward direction writes the report's
    # issueDate there); issued is when the credential was made from them.
    issued = root.datetime("validFrom") or root.datetime("issued")
    issued = issued or root.datetime("issuanceDate")
    if issued is None:
        raise ConversionError(f"{root.at('validFrom')}: the credential has no issuing date")
    claims = subject.objs("hasClaim")
    if not claims:
        raise ConversionError(f"{subject.at('hasClaim')}: the credential has no claim")
    mapper = ClaimMapper()
    drafts: dict[tuple[str, ...], ReportDraft] = {}
    for claim in claims:
        body = _awarding_body(claim)
        draft = drafts.setdefault(_body_key(body), ReportDraft(body))
        los = mapper.los(claim, draft)
        if los is not None:
            draft.opportunities.append(los)
    attachments = _attachments(root)
    reports = tuple(
        Report(
            issuer=_issuer(draft.body),
            issue_date=issued,
            opportunities=tuple(draft.opportunities),
            grading_schemes=tuple(_schemes(draft)),
            attachments=attachments if len(drafts) == 1 else (),
        )
        for draft in drafts.values()
    )
    when = generated or datetime.now(UTC).replace(microsecond=0)
    elmo = Elmo(when, learner, reports, attachments if len(drafts) > 1 else ())
    xml = elmo_to_xml(elmo)
    found = dict.fromkeys([*tracker.findings, *unread(root, REASONS, DEFAULT_REASON)])
    ordered = sorted(found, key=lambda n: (path_key(n.elm_path), n.term, n.reason))
    return ElmToElmoResult(xml, elmo, tuple(ordered))


def _elm_part(payload: Mapping[str, object]) -> tuple[Mapping[str, object], str]:
    elm = payload.get("elm")
    if elm is not None:
        if not isinstance(elm, Mapping):
            raise ConversionError("elm: expected the ELM credential as a JSON object")
        return elm, "elm"
    return payload, ""


def _first(texts: tuple[Text, ...]) -> Text | None:
    return next((t for t in texts if t.lang is None), texts[0] if texts else None)


def _name(subject: Obj, key: str) -> str:
    texts = subject.texts(key)
    chosen = _first(texts)
    if len(texts) > 1:
        subject.tracker.add(subject.at(key), key, "ELMO has one spelling of each name")
    return chosen.value if chosen else ""


def _learner(subject: Obj) -> Learner:
    given, family = _name(subject, "givenName"), _name(subject, "familyName")
    if not given and not family:
        raise ConversionError(f"{subject.at('givenName')}: the learner has no name")
    for key, value in (("givenName", given), ("familyName", family)):
        if not value:
            subject.tracker.add(subject.at(key), key, "missing in ELM: left empty in ELMO")
    identifiers: list[Identifier] = []
    national = subject.one("nationalID", "ELM allows one nationalID")
    if national is not None:
        notation = national.text("notation")
        national.concept_ids("spatial")
        if notation == NATIONAL_ID:  # DC4EU converter: the scheme name, the value is elsewhere
            subject.tracker.add(national.at("notation"), notation, "a scheme name, not a number")
        elif notation:
            identifiers.append(Identifier(NATIONAL_ID, notation))
    for node in subject.objs("identifier"):
        notation = node.text("notation")
        if notation:
            identifiers.append(Identifier(node.text("schemeName") or "local", notation))
    identifiers = list(dict.fromkeys(identifiers))
    citizenship = None
    for iri, concept in subject.concept_ids("citizenshipCountry"):
        code = _country(iri)
        if code is not None and citizenship is None:
            citizenship = code
        else:
            subject.tracker.add(concept.path, iri, "ELMO has one citizenship of its country list")
    gender = None
    for iri, concept in subject.concept_ids("gender"):
        gender = _GENDERS.get(iri)
        if gender is None:
            subject.tracker.add(concept.path, iri, "no ISO/IEC 5218 code for this concept")
    birth_names = subject.texts("birthName")
    return Learner(
        given_names=given,
        family_name=family,
        identifiers=tuple(identifiers),
        citizenship=citizenship,
        bday=subject.date("dateOfBirth"),
        birth_name=birth_names[0].value if birth_names else None,
        gender=gender,
    )


def _country(iri: str) -> str | None:
    if not iri.startswith(cv.COUNTRY_SCHEME + "/"):
        return None
    alpha2 = _ALPHA2_BY_COUNTRY.get(iri.rsplit("/", 1)[-1])
    return alpha2 if alpha2 in ELMO_COUNTRIES else None


def _awarding_body(claim: Obj) -> Obj:
    awarded = claim.one("awardedBy")
    bodies = awarded.objs("awardingBody") if awarded is not None else []
    if not bodies:
        raise ConversionError(f"{claim.at('awardedBy')}: the claim names no awarding body")
    for extra in bodies[1:]:
        extra.tracker.add(extra.path, "awardingBody", "an ELMO report has one issuer")
        extra.tracker.whole.add(id(extra.data))
    return bodies[0]


def _body_key(body: Obj) -> tuple[str, ...]:
    """Equal institutions share a report even when each claim repeats them under a new id."""
    found: list[str] = []
    raw = body.data.get("identifier")
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, Mapping):
            found.append(f"{str(item.get('schemeName', '')).lower()}={item.get('notation')}")
    if found:
        return tuple(sorted(found))
    return (json.dumps(body.data.get("legalName"), sort_keys=True), str(body.node_id()))


def _issuer(body: Obj) -> Issuer:
    titles = body.texts("legalName") or body.texts("prefLabel")
    if not titles:
        raise ConversionError(f"{body.at('legalName')}: the awarding body has no name")
    identifiers: list[Identifier] = []
    for node in body.objs("identifier"):
        notation = node.text("notation")
        scheme = (node.text("schemeName") or "local").strip()
        node.skip("schemeAgency", "schemeId")
        if notation:
            identifiers.append(Identifier(_ISSUER_SCHEMES.get(scheme.lower(), scheme), notation))
    if not identifiers:
        node_id = body.node_id() or ""
        identifiers.append(Identifier("local", node_id))
        body.tracker.add(body.at("identifier"), "identifier", "none in ELM: the node id is used")
    country = None
    for location in body.objs("location"):
        for address in location.objs("address"):
            for iri, concept in address.concept_ids("countryCode"):
                code = _country(iri)
                if code is None or (country is not None and code != country):
                    body.tracker.add(concept.path, iri, "not one ELMO issuer country")
                country = country or code
    homepage = body.one("homepage", "ELMO has one institution url")
    url = homepage.text("contentURL") if homepage is not None else None
    if url is None:
        body.tracker.add(body.at("homepage"), "homepage", "none in ELM: ELMO url left empty")
    return Issuer(tuple(identifiers), titles, url or "", country)


def _schemes(draft: ReportDraft) -> list[GradingScheme]:
    return [GradingScheme(local_id, texts) for local_id, texts in draft.schemes.items()]


def _attachments(root: Obj) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    for media in root.objs("attachment"):
        content = media.text("content")
        types = [iri for iri, _ in media.concept_ids("contentType")]
        media.concept_ids("contentEncoding")
        mime = _MEDIA_BY_FILE_TYPE.get(types[0].rsplit("/", 1)[-1]) if types else None
        if content is None or mime is None:
            media.tracker.add(media.path, "attachment", "not an embedded PDF, PNG, JPEG or XML")
            continue
        kind = None
        media.skip("contentSize")
        for _, concept in [*media.concept_ids("attachmentType"), *media.concept_ids("dcType")]:
            label = next((t.value for t in concept.texts("prefLabel")), None)
            kind = label if label in _ATTACHMENT_TYPES else kind
        found.append(
            Attachment(
                titles=media.texts("title"),
                type=kind,
                descriptions=media.texts("description", multiline=True),
                contents=(Text(f"data:{mime};base64,{''.join(content.split())}"),),
            )
        )
    return tuple(found)
