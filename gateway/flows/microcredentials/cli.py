"""What `gateway elm convert|check … --micro` (and `elm check FILE.json`) print."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

from gateway.core.microcredentials import Eligibility
from gateway.flows.microcredentials.files import (
    check_credentials_file,
    check_micro,
    convert_micro,
)
from gateway.flows.wallet.issuer import operator_identity
from gateway.settings import Settings


@dataclass(frozen=True)
class Printed:
    """The command's standard output and the lines for standard error."""

    out: str
    notes: tuple[str, ...] = ()


def why(course: Eligibility) -> str:
    """The gaps grouped by reason: ``elements 6, 9, 10: the results store has no syllabus …``."""
    by_reason: dict[str, list[int]] = {}
    for gap in course.gaps:
        by_reason.setdefault(gap.explanation, []).append(gap.element)
    return "; ".join(
        f"element{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}: {reason}"
        for reason, numbers in by_reason.items()
    )


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def elm_convert_micro(
    settings: Settings, path: Path, *, packed: bool, report: Path | None
) -> Printed:
    """The micro-credentials (a JSON array) and, on stderr, each course that is not one and why."""
    result = asyncio.run(
        convert_micro(settings, path, packed=packed, issuer=operator_identity(settings))
    )
    if report is not None:
        report.write_text(_json(result.report()) + "\n", encoding="utf-8")
    notes = []
    for course in result.courses:
        if course.eligible:
            continue
        achievement = course.candidate.achievement
        notes.append(
            f"not a micro-credential: {achievement.code} {achievement.title()!r} "
            f"({achievement.source}): {why(course)}"
        )
    return Printed(_json(result.issued()), tuple(notes))


def elm_check_micro(settings: Settings, path: Path, *, packed: bool) -> str:
    """Per passed course of the ELMO: eligible or not, why, and the Annex I element report."""
    found = asyncio.run(
        check_micro(settings, path, packed=packed, issuer=operator_identity(settings))
    )
    return _json(found)


def elm_check_credentials(settings: Settings, path: Path) -> str:
    """The Annex I report of each ELM credential in a JSON file."""
    return _json([r.to_json() for r in check_credentials_file(settings, path)])
