"""The Swedish grading scales every import knows without defining them.

Codes follow Ladok (as used at Stockholm University): ``UG`` two-grade, ``UV`` three-grade,
``TH`` U/3/4/5 (technical faculties), ``AF`` the seven-grade A–F scale with Fx, ``UB`` the law
scale. Steps are listed best first, as on a transcript's grading-scheme description; the label
is exactly what the Swedish transcript prints. Sources: notes/emrex.md §4.2 (Uppsala, SLU and
Stockholm University grading pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from gateway.core.records import Grade, GradingScale

_FAIL_SV = "Underkänd"
_FAIL_EN = "Fail"

TWO_GRADE = GradingScale(
    code="UG",
    name_sv="Tvågradig betygsskala (U, G)",
    name_en="Two-grade scale (U, G)",
    grades=(
        Grade("G", True, "Godkänd", "Pass"),
        Grade("U", False, _FAIL_SV, _FAIL_EN),
    ),
)

THREE_GRADE = GradingScale(
    code="UV",
    name_sv="Tregradig betygsskala (U, G, VG)",
    name_en="Three-grade scale (U, G, VG)",
    grades=(
        Grade("VG", True, "Väl godkänd", "Pass with distinction"),
        Grade("G", True, "Godkänd", "Pass"),
        Grade("U", False, _FAIL_SV, _FAIL_EN),
    ),
)

NUMERIC = GradingScale(
    code="TH",
    name_sv="Betygsskala U, 3, 4, 5",
    name_en="Grading scale U, 3, 4, 5",
    grades=(
        Grade("5", True, "Med beröm godkänd", "Pass with distinction"),
        Grade("4", True, "Icke utan beröm godkänd", "Pass with credit"),
        Grade("3", True, "Godkänd", "Pass"),
        Grade("U", False, _FAIL_SV, _FAIL_EN),
    ),
)

SEVEN_GRADE = GradingScale(
    code="AF",
    name_sv="Sjugradig målrelaterad betygsskala (A–F)",
    name_en="Seven-grade criterion-referenced scale (A–F)",
    grades=(
        Grade("A", True, "Utmärkt", "Excellent"),
        Grade("B", True, "Mycket bra", "Very good"),
        Grade("C", True, "Bra", "Good"),
        Grade("D", True, "Tillfredsställande", "Satisfactory"),
        Grade("E", True, "Tillräckligt", "Sufficient"),
        Grade("Fx", False, "Otillräckligt", "Inadequate"),
        Grade("F", False, "Helt otillräckligt", "Wholly inadequate"),
    ),
)

LAW = GradingScale(
    code="UB",
    name_sv="Betygsskala för juristutbildningen (U, B, Ba, AB)",
    name_en="Law grading scale (U, B, Ba, AB)",
    grades=(
        Grade("AB", True, "Med beröm godkänd", "Pass with distinction"),
        Grade("Ba", True, "Icke utan beröm godkänd", "Pass with credit"),
        Grade("B", True, "Godkänd", "Pass"),
        Grade("U", False, _FAIL_SV, _FAIL_EN),
    ),
)

#: The built-in scales by code, in a stable order.
BUILTIN_SCALES: Mapping[str, GradingScale] = MappingProxyType(
    {s.code: s for s in (TWO_GRADE, THREE_GRADE, NUMERIC, SEVEN_GRADE, LAW)}
)


def builtin_scale(code: str) -> GradingScale | None:
    """The built-in scale with this code, or None."""
    return BUILTIN_SCALES.get(code)
