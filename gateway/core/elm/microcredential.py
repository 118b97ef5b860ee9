"""The 11 mandatory EU micro-credential elements (Council Recommendation 2022, Annex I) in ELM.

Each element is checked on an ELM credential at the JSON paths listed in notes/elm-wallet.md §1.6:
``present`` or ``missing``, never inferred. Claim-level elements must hold for every top-level
LearningAchievement claim (its ``hasPart`` parts count).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from gateway.core.elm import vocabulary as cv

CLAIMS: Final = "credentialSubject.hasClaim[*]"
Status = Literal["present", "missing"]


@dataclass(frozen=True)
class _Element:
    number: int
    name: str
    scope: Literal["credential", "claim"]
    any_of: tuple[str, ...]
    and_any_of: tuple[str, ...] = ()
    note: str | None = None


_ELMO_LACKS = "EMREX ELMO has no such data; the gateway never invents it"
ELEMENTS: Final = (
    _Element(
        1,
        "Identification of the learner",
        "credential",
        (
            "credentialSubject.givenName",
            "credentialSubject.familyName",
            "credentialSubject.fullName",
        ),
        (
            "credentialSubject.dateOfBirth",
            "credentialSubject.nationalID.notation",
            "credentialSubject.identifier[*].notation",
        ),
        "a name and at least one of birth date, national id or identifier",
    ),
    _Element(2, "Title of the micro-credential", "claim", ("title",)),
    _Element(
        3,
        "Country(ies)/Region(s) of the issuer",
        "claim",
        (
            "awardedBy.awardingBody[*].location[*].address[*].countryCode.id",
            "awardedBy.awardingBody[*].location[*].spatialCode[*].id",
        ),
    ),
    _Element(4, "Awarding body(ies)", "claim", ("awardedBy.awardingBody[*].legalName",)),
    _Element(5, "Date of issuing", "credential", ("issued",)),
    _Element(
        6,
        "Learning outcomes",
        "claim",
        ("specifiedBy.learningOutcome[*].title", "specifiedBy.learningOutcomeSummary.noteLiteral"),
        note=_ELMO_LACKS,
    ),
    _Element(
        7,
        "Notional workload needed to achieve the learning outcomes (in ECTS, wherever possible)",
        "claim",
        (f"specifiedBy.creditPoint[*].framework.id={cv.ECTS[0]}", "specifiedBy.volumeOfLearning"),
    ),
    _Element(
        8,
        "Level (and cycle, if applicable) of the learning experience (EQF, QF-EHEA), if applicable",
        "claim",
        (
            "specifiedBy.eqfLevel.id",
            "specifiedBy.nqfLevel[*].id",
            "specifiedBy.educationLevel[*].id",
        ),
        note="only required where applicable",
    ),
    _Element(
        9,
        "Type of assessment",
        "claim",
        ("provenBy[*].specifiedBy.dcType.id",),
        note=f"grades are carried, the type of assessment is not: {_ELMO_LACKS}",
    ),
    _Element(
        10,
        "Form of participation in the learning activity",
        "claim",
        # The mode (online, presential, blended …) is the form of participation; a learning
        # setting (formal, non-formal) alone is not (Annex I: "online, onsite or blended").
        ("specifiedBy.mode[*].id", "influencedBy[*].specifiedBy.mode[*].id"),
        note=_ELMO_LACKS,
    ),
    _Element(
        11,
        "Type of quality assurance used to underpin the micro-credential",
        "claim",
        (
            "specifiedBy.accreditation[*].dcType.id",
            "awardedBy.awardingBody[*].accreditation[*].dcType.id",
        ),
        note=_ELMO_LACKS,
    ),
)


@dataclass(frozen=True)
class ElementCheck:
    number: int
    element: str
    status: Status
    paths: tuple[str, ...]
    claims_total: int | None = None
    claims_with: int | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "number": self.number,
            "element": self.element,
            "status": self.status,
            "paths": list(self.paths),
        }
        if self.claims_total is not None:
            found["claims_total"] = self.claims_total
            found["claims_with"] = self.claims_with
        if self.note is not None:
            found["note"] = self.note
        return found


@dataclass(frozen=True)
class MicroCredentialReport:
    """The 11 Annex I elements of one credential, in Annex order."""

    credential_id: str
    elements: tuple[ElementCheck, ...]

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(e.number for e in self.elements if e.status == "missing")

    def to_json(self) -> dict[str, Any]:
        return {
            "credential_id": self.credential_id,
            "present": sum(1 for e in self.elements if e.status == "present"),
            "missing": list(self.missing),
            "elements": [e.to_json() for e in self.elements],
        }


def microcredential_report(credential: Mapping[str, Any]) -> MicroCredentialReport:
    """Check one ELM credential (JSON-LD as produced by ``convert_elmo``) against Annex I."""
    claims = [
        c
        for c in _values(credential, CLAIMS)
        if isinstance(c, Mapping) and c.get("type") == "LearningAchievement"
    ]
    checks: list[ElementCheck] = []
    for element in ELEMENTS:
        if element.scope == "credential":
            ok = _holds(credential, element)
            checks.append(
                ElementCheck(
                    element.number,
                    element.name,
                    "present" if ok else "missing",
                    element.any_of + element.and_any_of,
                    note=element.note,
                )
            )
            continue
        with_it = sum(1 for claim in claims if any(_holds(n, element) for n in _parts(claim)))
        checks.append(
            ElementCheck(
                element.number,
                element.name,
                "present" if claims and with_it == len(claims) else "missing",
                tuple(f"{CLAIMS}(.hasPart[*])*.{p}" for p in element.any_of),
                len(claims),
                with_it,
                element.note,
            )
        )
    return MicroCredentialReport(str(credential.get("id", "")), tuple(checks))


def _holds(node: Any, element: _Element) -> bool:
    first = any(_found(node, p) for p in element.any_of)
    return first and (not element.and_any_of or any(_found(node, p) for p in element.and_any_of))


def _found(node: Any, path: str) -> bool:
    path, _, expected = path.partition("=")
    values = list(_values(node, path))
    if expected:
        return expected in values
    return any(v not in (None, "", {}, []) for v in values)


def _values(node: Any, path: str) -> Iterator[Any]:
    """Values at a dotted path; ``[*]`` (and any list met on the way) fans out."""
    current = [node]
    for step in path.split("."):
        key = step.removesuffix("[*]")
        following: list[Any] = []
        for value in current:
            if isinstance(value, Mapping) and key in value:
                found = value[key]
                following.extend(found if isinstance(found, list) else [found])
        current = following
    yield from current


def _parts(claim: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield claim
    for part in claim.get("hasPart", []):
        if isinstance(part, Mapping):
            yield from _parts(part)
