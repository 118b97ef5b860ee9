"""`gateway badge issue --learner ID --course CODE [--out DIR]`: a course's badge as files.

Writes ``<CODE>.jwt`` (the VC-JWT), ``<CODE>.json`` (the signed credential), ``<CODE>.svg``
and ``<CODE>.png`` (both baked with the VC-JWT) into DIR and returns their paths. The course
must be one of the learner's passed courses that is a complete micro-credential; otherwise
the error says which elements are missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from gateway.errors import InvalidInput, NotFound
from gateway.flows.badges.issue import eligible_course, issue_badge
from gateway.flows.microcredentials.cli import why
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.flows.services import Services
from gateway.settings import Settings


def _safe_name(code: str) -> str:
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in code).lstrip(".")
    return name or "badge"


async def badge_issue(settings: Settings, national_id: str, code: str, out: Path) -> list[Path]:
    """Issue the badge, then write its four files (NotFound/InvalidInput before any is written)."""
    services = await Services.open(settings)
    try:
        try:
            course = await eligible_course(services, national_id, code=code)
        except NotFound:
            found = await learner_micro_credentials(services.db, national_id)
            near = [c for c in found.courses if c.candidate.achievement.code == code]
            if near:
                raise InvalidInput(
                    f"course {code} is not a complete micro-credential: {why(near[0])}"
                ) from None
            raise NotFound(f"the learner has no passed course {code}") from None
        issued = issue_badge(services, course, now=services.clock())
    finally:
        await services.close()
    base = _safe_name(code)
    files = {
        out / f"{base}.jwt": (issued.jwt + "\n").encode("ascii"),
        out / f"{base}.json": issued.credential_json(),
        out / f"{base}.svg": issued.svg.encode("utf-8"),
        out / f"{base}.png": issued.png,
    }
    write_files(out, files)
    return list(files)


def write_files(out: Path, files: dict[Path, bytes]) -> None:
    """Each file whole or not at all (written beside, then renamed)."""
    out.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
