"""ELMO → ELM 3.2 EuropeanDigitalCredentials, one per report (official ELM–ELMO mapping table)."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.claims import report_claims
from gateway.core.elm.identity import DisplayImage, IssuerIdentity
from gateway.core.elm.nodes import (
    NAMESPACE,
    Findings,
    Ids,
    Node,
    awarding_body,
    date_time,
    identifiers,
    lang_map,
    location,
    media_object,
    web_resource,
)
from gateway.core.elm.results import (
    ConversionReport,
    ConversionResult,
    CredentialReport,
    ordered,
)
from gateway.core.elm.specs import ClaimContext
from gateway.core.elmo.model import Attachment, Elmo, Report
from gateway.errors import InvalidInput

NATIONAL_ID: Final = "nationalIdentifier"
_DATA_URI: Final = re.compile(r"data:([\w.+-]+/[\w.+-]+)((?:;[\w=.+-]+)*),(.*)", re.DOTALL)


def convert_elmo(
    elmo: Elmo,
    *,
    issuer: IssuerIdentity,
    signed_elmo: bytes | None,
    issued: datetime,
    credential_ids: Sequence[str] | None = None,
    display_image: DisplayImage | None = None,
) -> ConversionResult:
    """One EuropeanDigitalCredential per ELMO report, all about the same Person.

    ``issuer`` seals the credentials; each report's institution is the awarding body of its
    claims. ``signed_elmo`` (the exact bytes received, signature included) is embedded as
    evidence under the "Converted" profile; without it the profile is "Generic". ``issued`` is
    the issuing time (timezone-aware). Ids are ``credential_ids`` (one per report) or derived
    from the content, so equal inputs give equal output.
    """
    if issued.utcoffset() is None:
        raise ValueError("issued must be timezone-aware")
    if not elmo.reports:
        raise InvalidInput("elmo/report: the ELMO has no report")
    seed = _seed(elmo, issuer, signed_elmo, issued)
    ids = _credential_ids(seed, len(elmo.reports), credential_ids)
    learner_findings = Findings()
    person = _person(elmo, Ids(seed), learner_findings)
    issuer_node = credential_issuer(issuer)
    image = display_image or DisplayImage()
    credentials: list[dict[str, Any]] = []
    reports: list[CredentialReport] = []
    for index, report in enumerate(elmo.reports, start=1):
        path = f"elmo/report[{index}]"
        findings = Findings()
        evidence = None
        if signed_elmo is not None:
            evidence = _evidence(Ids(ids[index - 1]), signed_elmo, index, len(elmo.reports))
        credential = _credential(
            report, path, ids[index - 1], person, issuer_node, findings, image, issued, evidence
        )
        # Shared nodes (person, organisations) are written in several places: unshare them so
        # that a caller editing one credential cannot change another.
        credentials.append(copy.deepcopy(credential))
        reports.append(CredentialReport(ids[index - 1], path, ordered(findings.items)))
    elmo_level = Findings(list(learner_findings.items))
    elmo_level.add("elmo/generatedDate", "generatedDate", "no need to map (official mapping)")
    kept = "kept only inside the embedded signed ELMO" if signed_elmo else "not carried"
    for index, _ in enumerate(elmo.attachments, start=1):
        elmo_level.add(
            f"elmo/attachment[{index}]", "attachment", f"belongs to no single report; {kept}"
        )
    return ConversionResult(
        tuple(credentials), ConversionReport(tuple(reports), ordered(elmo_level.items))
    )


def _seed(elmo: Elmo, issuer: IssuerIdentity, signed: bytes | None, issued: datetime) -> str:
    content = signed if signed is not None else repr(elmo).encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    return f"{digest}|{issuer.eidas_identifier}|{issued.isoformat()}"


def _credential_ids(seed: str, count: int, given: Sequence[str] | None) -> list[str]:
    if given is None:
        return [
            f"urn:credential:{uuid.uuid5(NAMESPACE, f'{seed}|credential|{i}')}"
            for i in range(count)
        ]
    if len(given) != count:
        raise ValueError(f"{len(given)} credential ids for {count} reports")
    if len(set(given)) != count or not all(
        re.fullmatch(r"[a-z][a-z0-9+.-]*:\S+", i) for i in given
    ):
        raise ValueError("credential ids must be distinct absolute IRIs")
    return list(given)


def _credential(
    report: Report,
    path: str,
    credential_id: str,
    person: Node,
    issuer_node: Node,
    findings: Findings,
    image: DisplayImage,
    issued: datetime,
    evidence: Node | None,
) -> dict[str, Any]:
    ids = Ids(credential_id)
    body = awarding_body(report.issuer, f"{path}/issuer", findings)
    ctx = ClaimContext(ids, body, report.grading_schemes, findings)
    claims = report_claims(report.opportunities, path, ctx)
    if not claims:
        raise InvalidInput(f"{path}/learningOpportunitySpecification: the report has no result")
    for index, scheme in enumerate(report.grading_schemes, start=1):
        if scheme.local_id not in ctx.used_schemes:
            findings.add(
                f"{path}/gradingScheme[{index}]",
                f"gradingScheme {scheme.local_id}",
                "not used by any result",
            )
    # The "Converted" profile (EDC-converted.ttl) requires the original as embedded evidence.
    schemas = [cv.SCHEMA_GENERIC_FULL] + ([cv.SCHEMA_CONVERTED] if evidence else [])
    profile = cv.PROFILE_CONVERTED if evidence else cv.PROFILE_GENERIC
    credential: dict[str, Any] = {
        "@context": list(cv.CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialSchema": [{"id": s, "type": "ShaclValidator2017"} for s in schemas],
        "credentialProfiles": [cv.fixed(profile, cv.CREDENTIAL_SCHEME)],
        "displayParameter": _display(ids, body, image),
        "issuer": issuer_node,
        "issuanceDate": date_time(issued),
        "issued": date_time(issued),
        "validFrom": date_time(report.issue_date),
        "credentialSubject": dict(person, hasClaim=claims),
    }
    if evidence is not None:
        credential["evidence"] = [evidence]
    attachments = _attachments(ids, report.attachments, path, findings)
    if attachments:
        credential["attachment"] = attachments
    return credential


def _person(elmo: Elmo, ids: Ids, findings: Findings) -> Node:
    learner = elmo.learner
    path = "elmo/learner"
    given, family = " ".join(learner.given_names.split()), " ".join(learner.family_name.split())
    if not given and not family:
        raise InvalidInput(f"{path}/givenNames, {path}/familyName: the learner has no name")
    person: Node = {"id": ids("person", "learner"), "type": "Person"}
    national = [i for i in learner.identifiers if i.type == NATIONAL_ID and i.value.strip()]
    others = identifiers(ids, path, learner.identifiers, skip=[NATIONAL_ID])
    country = _national_id_country(elmo)
    if national and country is None:
        others.extend(identifiers(ids, f"{path}#national", national[:1]))
        findings.add(
            f"{path}/identifier",
            NATIONAL_ID,
            "issuing country unknown: kept as a plain identifier, not as nationalID",
        )
    if others:
        person["identifier"] = others
    if national and country is not None:
        person["nationalID"] = {
            "id": ids("legalIdentifier", "national"),
            "type": "LegalIdentifier",
            "notation": national[0].value.strip(),
            "spatial": country,
        }
    for index in range(2, len(national) + 1):
        findings.add(f"{path}/identifier", f"{NATIONAL_ID} #{index}", "ELM allows one nationalID")
    if given:
        person["givenName"] = {"und": given}
    if family:
        person["familyName"] = {"und": family}
    if learner.birth_name and learner.birth_name.strip():
        person["birthName"] = {"und": " ".join(learner.birth_name.split())}
    if learner.bday is not None:
        person["dateOfBirth"] = date_time(learner.bday)
    if learner.place_of_birth:
        findings.add(
            f"{path}/placeOfBirth",
            "placeOfBirth",
            "ELM placeOfBirth is a Location that needs a country code; ELMO has free text",
        )
    if learner.citizenship:
        citizenship = cv.country(learner.citizenship)
        if citizenship is None:
            findings.add(f"{path}/citizenship", learner.citizenship, "not an ISO 3166-1 code")
        else:
            person["citizenshipCountry"] = [citizenship]
    if learner.gender is not None:
        gender = cv.gender(learner.gender)
        if gender is None:
            findings.add(
                f"{path}/gender",
                f"gender {learner.gender}",
                "no confirmed EU human-sex concept for this ISO/IEC 5218 code",
            )
        else:
            person["gender"] = gender
    return person


def _national_id_country(elmo: Elmo) -> Node | None:
    """The country of the contact point's institution(s), else citizenship (notes §2.3)."""
    countries = {r.issuer.country.strip().upper() for r in elmo.reports if r.issuer.country}
    if len(countries) == 1:
        return cv.country(countries.pop())
    citizenship = elmo.learner.citizenship
    return cv.country(citizenship) if citizenship else None


def credential_issuer(issuer: IssuerIdentity) -> Node:
    """The sealing operator as an ELM Organisation with its eIDAS identifier (IssuerNodeShape)."""
    ids = Ids(f"issuer|{issuer.eidas_identifier}")
    registered = cv.country(issuer.registration_country)
    seat = cv.country(issuer.country)
    assert registered is not None  # IssuerIdentity checked both countries
    assert seat is not None
    node: Node = {
        "id": ids("organisation", "self"),
        "type": "Organisation",
        "legalName": dict(issuer.legal_name),
        "eIDASIdentifier": {
            "id": ids("legalIdentifier", "eidas"),
            "type": "LegalIdentifier",
            "notation": issuer.eidas_identifier.strip(),
            "spatial": registered,
        },
        "location": [location(ids, "org", seat)],
    }
    if issuer.homepage:
        node["homepage"] = [web_resource(ids, "org", issuer.homepage)]
    return node


def _display(ids: Ids, body: Node, image: DisplayImage) -> Node:
    names: dict[str, str] = body["legalName"]
    name = names.get("en") or next(iter(names.values()))
    return display_parameter(ids, {"en": f"Transcript of records: {name}"}, image)


def display_parameter(ids: Ids, title: dict[str, str], image: DisplayImage) -> Node:
    """The mandatory DisplayParameter: ``title``, English, one page showing ``image``."""
    english = cv.language("en")
    picture = media_object(
        ids, "display#page1", base64.b64encode(image.content).decode("ascii"), image.file_type
    )
    return {
        "id": ids("displayParameter", "display"),
        "type": "DisplayParameter",
        "title": title,
        "language": [english],
        "primaryLanguage": english,
        "individualDisplay": [
            {
                "id": ids("individualDisplay", "en"),
                "type": "IndividualDisplay",
                "language": english,
                "displayDetail": [
                    {
                        "id": ids("displayDetail", "en#1"),
                        "type": "DisplayDetail",
                        "page": 1,
                        "image": picture,
                    }
                ],
            }
        ],
    }


def _evidence(ids: Ids, signed_elmo: bytes, index: int, count: int) -> Node:
    statement = (
        "Converted by the issuer from an EMREX ELMO document signed by the sending contact "
        f"point; the document is embedded unchanged. This credential holds report {index} of "
        f"{count}."
    )
    return {
        "id": ids("evidence", "elmo"),
        "type": "Evidence",
        "dcType": cv.fixed(cv.EVIDENCE_CONVERSION, cv.EVIDENCE_SCHEME),
        "evidenceStatement": statement,
        "embeddedEvidence": [
            media_object(
                ids,
                "evidence#elmo",
                base64.b64encode(signed_elmo).decode("ascii"),
                "XML",
                title={"en": "Signed EMREX ELMO document"},
                size=len(signed_elmo),
            )
        ],
    }


def _attachments(
    ids: Ids, attachments: Sequence[Attachment], report_path: str, findings: Findings
) -> list[Node]:
    """Report attachments → credential ``attachment`` MediaObjects, one per content."""
    found: list[Node] = []
    for index, attachment in enumerate(attachments, start=1):
        path = f"{report_path}/attachment[{index}]"
        title = lang_map(attachment.titles, f"{path}/title", findings)
        description = lang_map(
            attachment.descriptions, f"{path}/description", findings, multiline=True
        )
        if attachment.type:
            findings.add(
                f"{path}/type",
                f"type {attachment.type}",
                "no ELM concept scheme for attachment types",
            )
        if attachment.identifiers:
            findings.add(f"{path}/identifier", "identifier", "N/A in the official mapping")
        for number, content in enumerate(attachment.contents, start=1):
            content_path = f"{path}/content[{number}]"
            match = _DATA_URI.fullmatch(content.value.strip())
            file_type = cv.MEDIA_TO_FILE_TYPE.get(match.group(1).lower()) if match else None
            if match is None or ";base64" not in match.group(2).lower() or file_type is None:
                findings.add(
                    content_path, "content", "not a base64 data URI of PDF, PNG, JPEG or XML"
                )
                continue
            node = media_object(
                ids, f"{path}#{number}", "".join(match.group(3).split()), file_type, title=title
            )
            if description:
                node["description"] = description
            if content.lang:
                findings.add(
                    content_path, f"content language {content.lang}", "MediaObject has no language"
                )
            found.append(node)
    return found
