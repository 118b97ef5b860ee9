"""Hypothesis strategies over the ELMO model: what the writer emits and the parser reads back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from gateway.core.elmo.model import (
    ATTACHMENT_TYPES,
    LOS_TYPES,
    STATUSES,
    AcademicTerm,
    Attachment,
    Credit,
    Elmo,
    GradingScheme,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)

T = TypeVar("T")

# XML 1.0 characters without controls (tabs and newlines are added where text allows them).
_CHAR = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),
    exclude_characters="\ufffe\uffff",
)
_WORD = st.one_of(
    st.sampled_from(["Åsa", "Öberg-Ündén", "Łukasz", "Ørjan", "Ελένη", "Юлія", "7.5", "hp"]),
    st.text(_CHAR.filter(lambda c: c != " "), min_size=1, max_size=10),
)
#: An xs:token: no leading, trailing or doubled whitespace (the parser collapses it).
TOKEN = st.lists(_WORD, max_size=4).map(" ".join)
#: An xs:string: anything, including line breaks and carriage returns.
STRING = st.text(st.one_of(_CHAR, st.sampled_from("\t\n\r ")), max_size=40)
LANG = st.sampled_from([None, "sv", "en", "nb", "fi", "de", "pl", "el", "uk"])
DATE = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
DATETIME = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)
DECIMAL = st.one_of(
    st.sampled_from(
        [Decimal("7.5"), Decimal("180"), Decimal("1.5"), Decimal("0"), Decimal("1E+2")]
    ),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**6), max_value=10**6),
)


def _opt(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _tuple(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


TEXT = st.builds(Text, TOKEN, LANG)
PLAIN_TEXT = st.builds(Text, STRING, LANG)
IDENTIFIER = st.builds(Identifier, TOKEN, TOKEN)

INSTANCE = st.builds(
    LearningOpportunityInstance,
    identifiers=_tuple(IDENTIFIER, 2),
    start=_opt(DATE),
    date=_opt(DATE),
    academic_term=_opt(st.builds(AcademicTerm, _tuple(TEXT), DATE, DATE)),
    status=_opt(st.sampled_from(STATUSES) | TOKEN),
    grading_scheme_local_id=_opt(TOKEN),
    result_label=_opt(TOKEN),
    credits=_tuple(
        st.builds(
            Credit,
            st.sampled_from(["ects", "ECTS", "hp"]),
            _opt(DECIMAL),
            _opt(st.sampled_from(["Bachelor", "Master", "PhD"])),
        ),
        2,
    ),
    levels=_tuple(
        st.builds(Level, st.sampled_from(["EQF", "NQF"]), _opt(TOKEN), _opt(PLAIN_TEXT)), 2
    ),
    language_of_instruction=_opt(st.sampled_from(["sv", "en", "no"])),
    engagement_hours=_opt(DECIMAL),
    attachment_refs=_tuple(STRING, 2),
)


def _los(
    parts: st.SearchStrategy[tuple[LearningOpportunitySpecification, ...]],
) -> st.SearchStrategy[LearningOpportunitySpecification]:
    return st.builds(
        LearningOpportunitySpecification,
        titles=_tuple(TEXT),
        instance=INSTANCE,
        identifiers=_tuple(IDENTIFIER, 2),
        type=_opt(st.sampled_from(LOS_TYPES)),
        subject_area=_opt(TOKEN),
        isced_code=_opt(st.sampled_from(["0613", "0541", "0421"])),
        url=_opt(TOKEN),
        descriptions=_tuple(PLAIN_TEXT, 2),
        has_part=parts,
    )


LOS = st.recursive(
    _los(st.just(())),
    lambda children: _los(_tuple(children)),
    max_leaves=8,
)
ATTACHMENT = st.builds(
    Attachment,
    identifiers=_tuple(IDENTIFIER, 1),
    titles=_tuple(TEXT, 2),
    type=_opt(st.sampled_from(ATTACHMENT_TYPES)),
    descriptions=_tuple(PLAIN_TEXT, 1),
    contents=_tuple(st.builds(Text, st.just("data:application/pdf;base64,JVBERi0xLjQK"), LANG), 2),
)
REPORT = st.builds(
    Report,
    issuer=st.builds(
        Issuer, _tuple(IDENTIFIER), _tuple(TEXT), TOKEN, _opt(st.sampled_from(["SE", "NO"]))
    ),
    issue_date=DATETIME,
    opportunities=_tuple(LOS, 3),
    grading_schemes=_tuple(st.builds(GradingScheme, TOKEN, _tuple(PLAIN_TEXT, 2)), 2),
    attachments=_tuple(ATTACHMENT, 1),
)
LEARNER = st.builds(
    Learner,
    given_names=TOKEN,
    family_name=TOKEN,
    identifiers=_tuple(IDENTIFIER, 2),
    citizenship=_opt(st.sampled_from(["SE", "NO", "FI"])),
    bday=_opt(DATE),
    place_of_birth=_opt(TOKEN),
    birth_name=_opt(TOKEN),
    gender=_opt(st.sampled_from([0, 1, 2, 9])),
)
ELMO = st.builds(
    Elmo,
    generated_date=DATETIME,
    learner=LEARNER,
    reports=_tuple(REPORT, 2),
    attachments=_tuple(ATTACHMENT, 1),
)
