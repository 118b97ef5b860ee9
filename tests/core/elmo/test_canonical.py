"""Canonical emission: what we write is its own C14N form, and the same document lxml writes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from gateway.core.elmo.canonical import elmo_to_canonical, escape_attribute, escape_text
from gateway.core.elmo.model import (
    Attachment,
    Elmo,
    GradingScheme,
    Identifier,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Report,
    Text,
)
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.xml import parse_xml
from gateway.errors import XmlRejected
from tests.core.elmo import strategies

MB = 1 << 20
AWKWARD = "a & b < c > d \"e\" 'f'\tg\nh\ri ]]> &amp; Å — 𝄞"


def _c14n(xml: bytes) -> bytes:
    return etree.tostring(parse_xml(xml, max_bytes=64 * MB), method="c14n")


def _assert_canonical(elmo: Elmo, *, reads_back: bool = True) -> bytes:
    """What the signer relies on, for one model (``reads_back``: unless tokens get collapsed)."""
    emitted = elmo_to_canonical(elmo)
    assert _c14n(emitted) == emitted  # already in C14N form: the digest is SHA-256 of it
    assert _c14n(elmo_to_xml(elmo)) == emitted  # the same document as the lxml writer's
    if reads_back:
        assert parse_elmo(parse_xml(emitted, max_bytes=64 * MB)) == elmo
    return emitted


def test_factory_transcript_is_emitted_canonical(factory_elmo: Elmo) -> None:
    emitted = _assert_canonical(factory_elmo)
    assert emitted.startswith(b'<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">')
    assert emitted.endswith(b"\n</elmo>")
    assert b"<?xml" not in emitted
    assert b"/>" not in emitted  # C14N never self-closes


def test_factory_transcript_validates(factory_elmo: Elmo, elmo_schema: ElmoSchema) -> None:
    elmo_schema.validate(parse_xml(elmo_to_canonical(factory_elmo)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.ELMO)
def test_any_model_is_emitted_canonical(elmo: Elmo) -> None:
    _assert_canonical(elmo)


def test_escaping_of_text_and_attributes(factory_elmo: Elmo) -> None:
    assert escape_text(AWKWARD) == (
        "a &amp; b &lt; c &gt; d \"e\" 'f'\tg\nh&#xD;i ]]&gt; &amp;amp; Å — 𝄞"
    )
    assert escape_attribute(AWKWARD) == (
        "a &amp; b &lt; c > d &quot;e&quot; 'f'&#x9;g&#xA;h&#xD;i ]]> &amp;amp; Å — 𝄞"
    )
    los = factory_elmo.reports[0].opportunities[0]
    awkward_los = dataclasses.replace(
        los,
        identifiers=(Identifier(AWKWARD, AWKWARD),),
        titles=(Text(AWKWARD, AWKWARD), Text(AWKWARD)),
        descriptions=(Text(AWKWARD, "sv"), Text("")),
    )
    report = dataclasses.replace(
        factory_elmo.reports[0],
        opportunities=(awkward_los,),
        grading_schemes=(GradingScheme(AWKWARD, (Text(AWKWARD, "en"),)),),
    )
    # The parser collapses whitespace in xs:token values, so this one does not read back as is.
    elmo = dataclasses.replace(factory_elmo, reports=(report,))
    emitted = _assert_canonical(elmo, reads_back=False)
    assert b"h&#xD;i" in emitted
    assert b'localId="a &amp; b &lt; c > d &quot;e&quot;' in emitted


def test_empty_elements_are_start_end_pairs(factory_elmo: Elmo) -> None:
    empty_los = LearningOpportunitySpecification(
        titles=(Text(""),), instance=LearningOpportunityInstance()
    )
    report = Report(
        issuer=factory_elmo.reports[0].issuer,
        issue_date=datetime(2026, 1, 1, tzinfo=UTC),
        opportunities=(empty_los,),
        grading_schemes=(GradingScheme("UG"),),
        attachments=(Attachment(),),
    )
    elmo = Elmo(factory_elmo.generated_date, factory_elmo.learner, (report,), (Attachment(),))
    emitted = _assert_canonical(elmo)
    assert b"<learningOpportunityInstance></learningOpportunityInstance>" in emitted
    assert b'<gradingScheme localId="UG"></gradingScheme>' in emitted
    assert b"<title></title>" in emitted
    assert emitted.count(b"<attachment></attachment>") == 2


def test_deep_nesting_indents_like_libxml2(factory_elmo: Elmo) -> None:
    """libxml2 stops indenting at 60 spaces; the emitter does the same, and stays canonical."""
    deep = LearningOpportunitySpecification(
        titles=(Text("Botten", "sv"),), instance=LearningOpportunityInstance(date=date(2020, 1, 1))
    )
    for level in range(20):
        deep = LearningOpportunitySpecification(
            titles=(Text(f"Nivå {level}", "sv"),),
            instance=LearningOpportunityInstance(status="passed"),
            has_part=(deep,),
        )
    report = dataclasses.replace(factory_elmo.reports[0], opportunities=(deep,))
    emitted = _assert_canonical(dataclasses.replace(factory_elmo, reports=(report,)))
    assert b"\n" + b" " * 60 + b"<" in emitted
    assert b"\n" + b" " * 62 not in emitted


def test_big_attachment_next_to_non_ascii_text(factory_elmo: Elmo) -> None:
    content = "data:application/pdf;base64," + "QUJD+/9=" * 40_000
    attachment = Attachment(
        titles=(Text("Bilaga — betyg", "sv"),),
        type="Transcript of Records",
        contents=(
            Text(content, "sv"),
            Text("data:application/pdf;base64,JVBERi0xLjQK"),
        ),
    )
    elmo = dataclasses.replace(factory_elmo, attachments=(attachment,))
    emitted = _assert_canonical(elmo)
    assert f'<content xml:lang="sv">{content}</content>'.encode() in emitted


def test_characters_xml_forbids_do_not_pass_the_validation_parse(factory_elmo: Elmo) -> None:
    learner = dataclasses.replace(factory_elmo.learner, given_names="Åsa\ufffe")
    emitted = elmo_to_canonical(dataclasses.replace(factory_elmo, learner=learner))
    with pytest.raises(XmlRejected, match="not well-formed"):
        parse_xml(emitted)
    lone_surrogate = dataclasses.replace(factory_elmo.learner, family_name="\ud800")
    with pytest.raises(ValueError, match="surrogate"):
        elmo_to_canonical(dataclasses.replace(factory_elmo, learner=lone_surrogate))


def test_naive_datetimes_are_refused(factory_elmo: Elmo) -> None:
    naive = dataclasses.replace(factory_elmo, generated_date=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone"):
        elmo_to_canonical(naive)
