"""Building a demo import document: catalogues, learners and study histories from a fixed seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gateway.core.grading import BUILTIN_SCALES
from gateway.core.importing import FORMAT, VERSION, derive_term
from gateway.core.records import AcademicTerm, GradingScale

Document = dict[str, Any]
_HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (1, 6), (5, 1), (5, 17)}


@dataclass(frozen=True)
class Spec:
    """One opportunity of a demo catalogue; ``scale`` grades its results."""

    code: str
    kind: str
    title_sv: str
    title_en: str
    credits: str
    level: str | None = None
    isced_f: str | None = None
    language: str | None = None
    parent: str | None = None
    scale: str | None = None


def programme(code: str, sv: str, en: str, credits: str, level: str, isced: str, lang: str) -> Spec:
    return Spec(code, "programme", sv, en, credits, level, isced, lang)


def course(
    code: str,
    sv: str,
    en: str,
    credits: str,
    level: str,
    isced: str,
    lang: str,
    scale: str,
    parent: str | None = None,
) -> Spec:
    return Spec(code, "course", sv, en, credits, level, isced, lang, parent, scale)


def module(course_code: str, suffix: str, sv: str, en: str, credits: str, scale: str) -> Spec:
    """A Ladok module; its code is the course code and the module code (unique per institution)."""
    return Spec(
        f"{course_code}-{suffix}", "module", sv, en, credits, None, None, None, course_code, scale
    )


def _number(value: str) -> int | float:
    amount = Decimal(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _drop_none(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of a Swedish personnummer's first nine digits (YYMMDDNNN)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def fodselsnummer(birth: date, individual: int) -> str | None:
    """A Norwegian fødselsnummer with valid control digits, or None when none exists."""
    base = f"{birth:%d%m%y}{individual:03d}"
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = 11 - sum(int(d) * w for d, w in zip(base, w1, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10:
        return None
    k2 = 11 - sum(int(d) * w for d, w in zip(base + str(k1), w2, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return None if k2 == 10 else f"{base}{k1}{k2}"


class DocumentBuilder:
    """Accumulates one import document; every random choice comes from ``seed``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.doc: Document = {
            "format": FORMAT,
            "version": VERSION,
            "institutions": [],
            "grading_scales": [],
            "terms": [],
            "learners": [],
            "opportunities": [],
            "results": [],
        }
        self.specs: dict[tuple[str, str], Spec] = {}
        self.scales: dict[str, GradingScale] = dict(BUILTIN_SCALES)
        self.terms: dict[str, AcademicTerm] = {}

    def institution(self, schac: str, sv: str, en: str, country: str, url: str, **ids: str) -> None:
        self.doc["institutions"].append(
            {"schac": schac, "name_sv": sv, "name_en": en, "country": country, "url": url, **ids}
        )

    def scale(self, scale: GradingScale) -> None:
        self.scales[scale.code] = scale
        self.doc["grading_scales"].append(
            {
                "code": scale.code,
                "name_sv": scale.name_sv,
                "name_en": scale.name_en,
                "grades": [
                    {
                        "label": g.label,
                        "passing": g.passing,
                        "description_sv": g.description_sv,
                        "description_en": g.description_en,
                    }
                    for g in scale.grades
                ],
            }
        )

    def term(self, term: AcademicTerm, *, listed: bool = True) -> None:
        """Make a term known; ``listed`` writes it to the document (else it is derived)."""
        self.terms[term.code] = term
        if listed:
            self.doc["terms"].append(
                {
                    "code": term.code,
                    "name_sv": term.name_sv,
                    "name_en": term.name_en,
                    "start": term.start.isoformat(),
                    "end": term.end.isoformat(),
                }
            )

    def catalogue(self, schac: str, specs: list[Spec]) -> None:
        for spec in specs:
            self.specs[(schac, spec.code)] = spec
            self.doc["opportunities"].append(
                _drop_none(
                    {
                        "institution": schac,
                        "code": spec.code,
                        "kind": spec.kind,
                        "title_sv": spec.title_sv,
                        "title_en": spec.title_en,
                        "level": spec.level,
                        "isced_f": spec.isced_f,
                        "credits": _number(spec.credits),
                        "language": spec.language,
                        "parent": spec.parent,
                    }
                )
            )

    def learner(
        self,
        national_id: str,
        given: str,
        family: str,
        birth: date,
        gender: int,
        *,
        id_country: str,
        citizenship: str,
        esi: str | None = None,
    ) -> None:
        self.doc["learners"].append(
            _drop_none(
                {
                    "national_id": national_id,
                    "id_country": id_country,
                    "given_names": given,
                    "family_name": family,
                    "birth_date": birth.isoformat(),
                    "citizenship": citizenship,
                    "gender": gender,
                    "esi": esi,
                }
            )
        )

    def modules_of(self, schac: str, code: str) -> list[Spec]:
        return [s for (inst, _), s in self.specs.items() if inst == schac and s.parent == code]

    def grade(self, scale_code: str, passing: bool) -> str:
        labels = [g.label for g in self.scales[scale_code].grades if g.passing is passing]
        return self.rng.choice(labels)

    def day_in(self, term: str) -> date:
        """A weekday in the last weeks of ``term``, when results are reported."""
        if term not in self.terms:
            derived = derive_term(term)
            assert derived is not None, term
            self.term(derived, listed=False)
        day = self.terms[term].end - timedelta(days=self.rng.randint(3, 24))
        while day.weekday() > 4 or (day.month, day.day) in _HOLIDAYS:
            day -= timedelta(days=1)
        return day

    def result(
        self,
        learner: str,
        schac: str,
        code: str,
        status: str,
        *,
        term: str | None = None,
        when: date | None = None,
        grade: str | None = None,
    ) -> None:
        spec = self.specs[(schac, code)]
        if term is not None and when is None and status != "in-progress":
            when = self.day_in(term)
        self.doc["results"].append(
            _drop_none(
                {
                    "learner": learner,
                    "institution": schac,
                    "opportunity": code,
                    "status": status,
                    "date": when.isoformat() if when else None,
                    "term": term,
                    "grade": grade,
                    "scale": spec.scale if grade is not None else None,
                }
            )
        )

    def study(
        self, learner: str, schac: str, code: str, term: str, status: str, grade: str | None = None
    ) -> None:
        """A course result and the results of its modules (the last one decides the course).

        A module graded on the course's scale carries the course grade; the course is reported
        on the day its last module was.
        """
        spec = self.specs[(schac, code)]
        assert spec.scale is not None
        if status != "in-progress":
            grade = grade or self.grade(spec.scale, status == "passed")
        days: list[date] = []
        modules = self.modules_of(schac, code)
        for index, part in enumerate(modules):
            assert part.scale is not None
            last = index == len(modules) - 1
            if last and status == "in-progress":
                break
            part_status = status if last else "passed"
            if part.scale == spec.scale and (last or status == "passed"):
                part_grade = grade
            else:
                part_grade = self.grade(part.scale, part_status == "passed")
            days.append(self.day_in(term))
            self.result(learner, schac, part.code, part_status, term=term, when=days[-1],
                        grade=part_grade)  # fmt: skip
        when = max(days) if days and status != "in-progress" else None
        self.result(learner, schac, code, status, term=term, when=when, grade=grade)

    def programme_result(self, learner: str, schac: str, code: str, finished: date | None) -> None:
        status = "passed" if finished is not None else "in-progress"
        self.result(learner, schac, code, status, when=finished)

    def last_date(self, learner: str) -> date:
        dates = [r["date"] for r in self.doc["results"] if r["learner"] == learner and "date" in r]
        return date.fromisoformat(max(dates))
