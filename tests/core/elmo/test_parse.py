"""Lenient ELMO parsing: official and peer samples, clear errors with paths, and round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gateway.core.elmo.model import (
    Elmo,
    Identifier,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Text,
)
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo, parse_elmo_bytes
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput, XmlRejected
from tests.core.elmo import strategies

MB = 1 << 20


def _examples(schema_dir: Path) -> Path:
    return schema_dir / "elmo" / "examples"


def test_official_example_parses(schema_dir: Path) -> None:
    elmo = parse_elmo_bytes((schema_dir / "elmo" / "example.xml").read_bytes(), max_bytes=MB)
    assert elmo.generated_date == datetime(2015, 10, 31, 12, tzinfo=timezone(timedelta(hours=2)))
    assert (elmo.learner.given_names, elmo.learner.family_name) == ("Wojciech Łukasz", "Rygielski")
    assert elmo.learner.identifier("someOtherCustomIdentifierType") == "ABC000000"
    (report,) = elmo.reports
    assert report.issuer.identifier("schac") == "uw.edu.pl"
    assert report.issuer.titles[0] == Text("Uniwersytet Warszawski", "pl")
    assert len(elmo.specifications()) == 6
    by_code = {los.identifier("local"): los for los in elmo.specifications()}
    programme = by_code["MNM2-BIO"]
    assert programme.type == "Degree Programme"
    assert programme.instance.credits[0].scheme == "ECTS"  # kept as sent
    assert programme.instance.ects() == Decimal("120")
    course = by_code["1000-217bMRJ"]
    assert course.instance.result_label == "45.1"
    assert [(lv.type, lv.value) for lv in course.instance.levels] == [("EQF", "5"), ("NQF", "5")]
    assert [p.type for p in course.has_part] == ["Class", "Class"]
    assert elmo.ects_total() == Decimal("141")
    assert len(elmo.attachments) == 1
    assert len(report.attachments) == 2


def test_norwegian_sample_parses_via_unpack(schema_dir: Path) -> None:
    packed = (_examples(schema_dir) / "emrex-gateway" / "sampleElmo.b64").read_text()
    elmo = parse_elmo_bytes(
        unpack_elmo(packed, max_packed_bytes=MB, max_xml_bytes=MB), max_bytes=MB
    )
    assert elmo.learner.bday == date(1991, 1, 20)
    (report,) = elmo.reports
    assert report.issuer.identifier("erasmus") == "N OSLO01"
    # gradingScheme before issueDate (wrong order) is read anyway
    assert report.issue_date == datetime(
        2023, 2, 21, 8, 53, 51, tzinfo=timezone(timedelta(hours=1))
    )
    assert [g.local_id for g in report.grading_schemes] == ["30"]
    assert elmo.generated_date.microsecond == 479000
    first = report.opportunities[0]
    assert first.identifier("local") == "INF4000-1"
    credit = first.instance.credits[0]
    assert (credit.scheme, credit.level, credit.value) == ("ECTS", "Master", Decimal("20"))
    assert first.instance.levels[0].description == Text("European Qualification Framework")
    assert first.instance.academic_term is not None
    assert first.instance.academic_term.titles[2] == Text("2019 Spring", "en")
    assert elmo.ects_total() == Decimal("20")


def test_swedish_2015_sample_is_too_old_and_says_where(schema_dir: Path) -> None:
    xml = (_examples(schema_dir) / "dk-emrex" / "swedish_1_elmo1.0.xml").read_bytes()
    with pytest.raises(InvalidInput, match=r"^elmo/report\[1\]/issueDate: not an xs:dateTime"):
        parse_elmo_bytes(xml, max_bytes=MB)


def test_signature_unknown_elements_and_attributes_are_ignored(
    signed_xml: bytes, factory_elmo: Elmo
) -> None:
    noisy = signed_xml.replace(
        b"<learner>",
        b'<learner extra="1"><nickname>x</nickname><ext:thing xmlns:ext="urn:x">y</ext:thing>',
        1,
    ).replace(b"<status>", b"<note>ignored</note><status>")
    assert parse_elmo(parse_xml(noisy)) == factory_elmo


def _doc(body: str) -> bytes:
    return (
        '<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">'
        "<generatedDate>2024-01-01T00:00:00Z</generatedDate>" + body + "</elmo>"
    ).encode()


LEARNER = "<learner><givenNames>Å</givenNames><familyName>Ö</familyName></learner>"
ISSUER = "<issuer><identifier type='schac'>su.se</identifier><url>u</url></issuer>"
DATE = "<issueDate>2024-01-01T00:00:00+01:00</issueDate>"


def _los(instance: str = "<date>2024-01-01</date>", extra: str = "") -> str:
    return (
        "<learningOpportunitySpecification><title>T</title>"
        f"<specifies><learningOpportunityInstance>{instance}</learningOpportunityInstance>"
        f"</specifies>{extra}</learningOpportunitySpecification>"
    )


def test_minimal_document_tolerates_missing_optional_parts() -> None:
    elmo = parse_elmo_bytes(
        _doc(LEARNER + "<report><issuer/>" + _los("") + DATE + "</report>"), max_bytes=MB
    )
    assert elmo.learner.given_names == "Å"
    assert elmo.learner.identifiers == ()
    (report,) = elmo.reports
    assert (report.issuer.identifiers, report.issuer.titles, report.issuer.url) == ((), (), "")
    assert report.opportunities == (
        LearningOpportunitySpecification(
            titles=(Text("T"),), instance=LearningOpportunityInstance()
        ),
    )
    assert report.issue_date == datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=1)))


def test_whitespace_in_tokens_collapses_but_strings_keep_it() -> None:
    elmo = parse_elmo_bytes(
        _doc(
            "<learner><identifier type=' nationalIdentifier\n'>\n 1990 </identifier>"
            "<givenNames>\n  Åsa\n  Maria </givenNames><familyName>Ö</familyName></learner>"
            "<report>"
            + ISSUER
            + DATE
            + "<gradingScheme localId='UG'><description>a\n  b</description></gradingScheme>"
            "</report>"
        ),
        max_bytes=MB,
    )
    assert elmo.learner.given_names == "Åsa Maria"
    assert elmo.learner.identifiers == (Identifier("nationalIdentifier", "1990"),)
    assert elmo.reports[0].grading_schemes[0].descriptions == (Text("a\n  b"),)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        pytest.param("", r"elmo/learner: missing", id="no-learner"),
        pytest.param(
            "<learner><familyName>Ö</familyName></learner>",
            r"elmo/learner/givenNames: missing",
            id="no-given-names",
        ),
        pytest.param(
            "<learner><givenNames>Å</givenNames></learner>",
            r"elmo/learner/familyName: missing",
            id="no-family-name",
        ),
        pytest.param(
            LEARNER + "<report>" + DATE + "</report>",
            r"elmo/report\[1\]/issuer: missing",
            id="no-issuer",
        ),
        pytest.param(
            LEARNER + "<report>" + ISSUER + "</report>",
            r"elmo/report\[1\]/issueDate: missing",
            id="no-issue-date",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + DATE
            + "</report><report>"
            + ISSUER
            + _los()
            + "<learningOpportunitySpecification><title>X</title>"
            + "</learningOpportunitySpecification>"
            + DATE
            + "</report>",
            r"^elmo/report\[2\]/learningOpportunitySpecification\[2\]/specifies: missing$",
            id="no-specifies",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + "<learningOpportunitySpecification><specifies/></learningOpportunitySpecification>"
            + DATE
            + "</report>",
            r"learningOpportunitySpecification\[1\]/specifies/learningOpportunityInstance: missing",
            id="no-instance",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + _los(extra="<hasPart>" + _los("<date>2024-1-5</date>") + "</hasPart>")
            + DATE
            + "</report>",
            r"^elmo/report\[1\]/learningOpportunitySpecification\[1\]/hasPart\[1\]/"
            r"learningOpportunitySpecification/specifies/learningOpportunityInstance/date: "
            r"not an xs:date",
            id="bad-date-deep",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + _los("<credit><scheme>ects</scheme><value>7,5</value></credit>")
            + DATE
            + "</report>",
            r"learningOpportunityInstance/credit\[1\]/value: not an xs:decimal",
            id="decimal-comma",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + _los("<credit><scheme>ects</scheme><value>1E2</value></credit>")
            + DATE
            + "</report>",
            r"credit\[1\]/value: not an xs:decimal",
            id="decimal-exponent",
        ),
        pytest.param(
            LEARNER
            + "<report>"
            + ISSUER
            + _los("<credit><value>7.5</value></credit>")
            + DATE
            + "</report>",
            r"credit\[1\]/scheme: missing",
            id="credit-without-scheme",
        ),
        pytest.param(
            "<learner><givenNames>Å</givenNames><familyName>Ö</familyName><bday>1990-02-30</bday></learner>",
            r"elmo/learner/bday: not an xs:date",
            id="impossible-date",
        ),
        pytest.param(
            LEARNER + "<report>" + ISSUER + "<issueDate>2015-12-17</issueDate></report>",
            r"elmo/report\[1\]/issueDate: not an xs:dateTime",
            id="date-for-datetime",
        ),
        pytest.param(
            LEARNER + "<report>" + ISSUER + DATE + "<gradingScheme/></report>",
            r"elmo/report\[1\]/gradingScheme\[1\]/@localId: missing",
            id="scheme-without-id",
        ),
        pytest.param(
            "<learner><identifier>1</identifier><givenNames>Å</givenNames><familyName>Ö</familyName></learner>",
            r"elmo/learner/identifier\[1\]/@type: missing",
            id="identifier-without-type",
        ),
    ],
)
def test_missing_or_malformed_required_parts_name_the_path(body: str, path: str) -> None:
    with pytest.raises(InvalidInput, match=path):
        parse_elmo_bytes(_doc(body), max_bytes=MB)


def test_not_an_elmo_document() -> None:
    with pytest.raises(
        InvalidInput,
        match=r"not an ELMO 1\.x document: the root element is 'elmo' in namespace "
        r"'http://purl\.org/net/elmo'",
    ):
        parse_elmo(parse_xml(b'<elmo xmlns="http://purl.org/net/elmo"/>'))


def test_bytes_go_through_the_hardened_parser() -> None:
    with pytest.raises(XmlRejected, match="larger than 10 bytes"):
        parse_elmo_bytes(_doc(LEARNER), max_bytes=10)
    with pytest.raises(XmlRejected, match="DTD"):
        parse_elmo_bytes(b"<!DOCTYPE elmo><elmo/>", max_bytes=MB)


def test_timezone_forms_and_fractions() -> None:
    elmo = parse_elmo_bytes(
        _doc(LEARNER).replace(b"2024-01-01T00:00:00Z", b"2024-01-01T10:00:00.1234567-05:30"),
        max_bytes=MB,
    )
    assert elmo.generated_date == datetime(
        2024, 1, 1, 10, 0, 0, 123456, tzinfo=timezone(-timedelta(hours=5, minutes=30))
    )
    naive = parse_elmo_bytes(
        _doc(LEARNER).replace(b"2024-01-01T00:00:00Z", b"2024-01-01T10:00:00"), max_bytes=MB
    )
    assert naive.generated_date.tzinfo is None
    with pytest.raises(ValueError, match="timezone"):
        elmo_to_xml(naive)  # we never emit a datetime without its offset


def test_deep_tree_round_trips(factory_elmo: Elmo) -> None:
    leaf = factory_elmo.specifications()[2]
    deep = leaf
    for level in range(8):
        deep = LearningOpportunitySpecification(
            titles=(Text(f"Nivå {level}", "sv"), Text(f"Level {level}", "en")),
            instance=LearningOpportunityInstance(date=date(2020, 1, 1)),
            has_part=(deep, leaf),
        )
    report = factory_elmo.reports[0]
    elmo = Elmo(
        generated_date=datetime(2026, 1, 1, tzinfo=UTC),
        learner=factory_elmo.learner,
        reports=(
            type(report)(issuer=report.issuer, issue_date=report.issue_date, opportunities=(deep,)),
        ),
    )
    assert parse_elmo(parse_xml(elmo_to_xml(elmo))) == elmo


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.ELMO)
def test_write_then_parse_round_trips(elmo: Elmo) -> None:
    assert parse_elmo(parse_xml(elmo_to_xml(elmo))) == elmo
