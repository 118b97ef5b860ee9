"""A learner's results as evidence files, identity matching and the preview view (pure)."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

from gateway.core.elmo.model import (
    Attachment,
    Credit,
    Elmo,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Report,
    Text,
)
from gateway.core.oots.evidence import (
    content_domain,
    credential_titles,
    disclosed_items,
    embedded_pdf,
    evidence_files,
    person_match,
    results_view,
)
from gateway.core.oots.response import CONTENT_ID
from gateway.core.records import Learner as StoreLearner
from tests.core.oots import factories

NOW = factories.NOW


def _ids() -> itertools.count[int]:
    return itertools.count(1)


def _new_id(counter: itertools.count[int]) -> str:
    return str(uuid.UUID(int=next(counter)))


def _los(
    code: str, title: str, ects: str | None, *parts: LearningOpportunitySpecification
) -> LearningOpportunitySpecification:
    credits = (Credit("ECTS", Decimal(ects)),) if ects else ()
    return LearningOpportunitySpecification(
        titles=(Text(title, "en"), Text(title + " (sv)", "sv")),
        instance=LearningOpportunityInstance(
            date=date(2015, 6, 1), status="passed", result_label="VG", credits=credits
        ),
        identifiers=(Identifier("local", code),),
        type="Course",
        has_part=parts,
    )


def _elmo(attachments: tuple[Attachment, ...] = ()) -> Elmo:
    report = Report(
        issuer=Issuer(
            (Identifier("schac", "uu.se"),),
            (Text("Uppsala University", "en"),),
            "https://uu.se",
            "SE",
        ),
        issue_date=NOW,
        opportunities=(
            _los(
                "P1", "Programme", None, _los("C1", "Course 1", "7.5"), _los("C2", "Course 2", "15")
            ),
        ),
    )
    learner = Learner("Karin", "Andersson", bday=date(1990, 3, 15))
    return Elmo(NOW, learner, (report, report), attachments)


def test_one_file_per_credential_and_the_pdf_with_fresh_ids() -> None:
    counter = _ids()
    credentials = [
        {"type": ["VerifiableCredential"], "n": 1},
        {"type": ["VerifiableCredential"], "n": 2},
    ]
    files = evidence_files(
        credentials=credentials,
        credential_titles=("A", "B"),
        pdf=b"%PDF-1.7",
        new_id=lambda: _new_id(counter),
        domain="gw.example.se",
        elm_data_model="https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2",
    )
    assert [f.document.media_type for f in files] == ["application/json"] * 2 + ["application/pdf"]
    assert json.loads(files[1].data) == credentials[1]
    assert files[2].data == b"%PDF-1.7"
    assert [f.document.language for f in files] == [None, None, "EN"]
    assert files[0].document.conforms_to == "https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2"
    ids = [f.document.evidence_id for f in files] + [f.document.registry_object_id for f in files]
    assert len(set(ids)) == 6
    assert all(CONTENT_ID.match(f.document.content_id) for f in files)
    second = _ids()
    again = evidence_files(
        credentials=credentials,
        credential_titles=("A", "B"),
        pdf=b"%PDF-1.7",
        new_id=lambda: _new_id(second),
        domain="gw.example.se",
        elm_data_model="https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2",
        pdf_first=True,
    )
    assert again[0].document.media_type == "application/pdf"
    assert [f.document for f in again[1:]] == [f.document for f in files[:2]]  # same ids: same


def test_content_domain_falls_back_when_the_host_breaks_the_rule() -> None:
    assert content_domain("GW.Example.se") == "gw.example.se"
    assert content_domain("127.0.0.1") == "127.0.0.1"
    assert content_domain("::1") == "gateway"
    assert content_domain(None) == "gateway"


def test_the_signed_pdf_inside_the_elmo_is_used() -> None:
    pdf = b"%PDF-1.7 signed inside"
    uri = "data:application/pdf;base64," + base64.b64encode(pdf).decode()
    elmo = _elmo((Attachment(contents=(Text("data:text/plain;base64,aGk="), Text(uri))),))
    assert embedded_pdf(elmo) == pdf
    assert embedded_pdf(_elmo()) is None
    assert (
        embedded_pdf(_elmo((Attachment(contents=(Text("data:application/pdf;base64,***"),)),)))
        is None
    )


def test_the_preview_view_and_the_disclosed_items() -> None:
    elmo = _elmo()
    (first, _) = results_view(elmo, "sv")
    assert first.name == "Uppsala University"  # no Swedish title: the one there is
    assert [(line.depth, line.title, line.credits) for line in first.lines] == [
        (0, "Programme (sv)", ""),
        (1, "Course 1 (sv)", "7.5"),
        (1, "Course 2 (sv)", "15"),
    ]
    assert first.credits_total == "22.5"
    items = disclosed_items(elmo)
    assert [(i.code, i.grade, i.credits) for i in items[:3]] == [
        ("P1", "VG", None),
        ("C1", "VG", "7.5"),
        ("C2", "VG", "15"),
    ]
    assert credential_titles(elmo) == ("ELM 3.2 credential: Uppsala University",) * 2


def test_identity_matching_tolerates_spelling_not_another_birth_date() -> None:
    learner = StoreLearner("19900315-2389", "Karin Maria", "Andersson", date(1990, 3, 15))
    person = replace(
        factories.PERSON,
        family_name="ANDERSON",
        given_name="Karin",
        date_of_birth=date(1990, 3, 15),
    )
    assert person_match(person, learner, threshold=3).matched
    assert not person_match(
        replace(person, date_of_birth=date(1990, 3, 16)), learner, threshold=3
    ).matched
    assert not person_match(replace(person, family_name="Lindqvist"), learner, threshold=3).matched
