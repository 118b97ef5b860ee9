"""What a degree costs to export, against the same courses exported as a transcript (`make
bench-degrees`).

For each demo degree (a kandidatexamen of 25 results, a civilingenjörsexamen of 30, a
högskoleexamen, a masterexamen) it measures, on a seeded SQLite database in a temp folder:

- the degree certificate (Swedish) and the Diploma Supplement as PDF (reportlab), against the
  floor: the gateway's PDF transcript of the same courses;
- the whole degree export (`gateway elmo export --degree`: the degree and its results read, three
  PDFs rendered, ELMO written, XSD-validated and signed), against the floor: the same results
  exported as a plain signed ELMO transcript (one PDF, no documents);
- the ELM 3.2 degree credential built from the degree and its documents.

The operations are sampled in turns and each figure is the median of its samples (a shared VM
drifts; timing an operation right next to its floor keeps the drift out of the ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.core.degrees.certificate import certificate_pdf  # noqa: E402
from gateway.core.degrees.elm import degree_credential  # noqa: E402
from gateway.core.degrees.supplement import supplement_pdf  # noqa: E402
from gateway.core.elm import IssuerIdentity  # noqa: E402
from gateway.core.elmo.build import elmo_from_transcript  # noqa: E402
from gateway.core.elmo.schema import ElmoSchema  # noqa: E402
from gateway.core.keys import issue_certificate, make_ca, new_rsa_key  # noqa: E402
from gateway.core.pdf import transcript_pdf  # noqa: E402
from gateway.core.records import InstitutionTranscript, Transcript  # noqa: E402
from gateway.flows.degrees.export import export_degree, with_documents  # noqa: E402
from gateway.flows.degrees.load import awarded_degrees  # noqa: E402
from gateway.flows.elmo.export import export_elmo  # noqa: E402
from gateway.flows.services import Services  # noqa: E402
from gateway.storage.database import Database, upgrade_database  # noqa: E402
from tests.degrees import HOLDERS  # noqa: E402
from tests.storage.helpers import Backend, seed  # noqa: E402
from tests.tools import settings_for  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ISSUER = IssuerIdentity({"en": "emrex-gateway bench operator"}, "SE5560000000", "SE")
Job = Callable[[], Awaitable[object]]


def _now(function: Callable[..., object], *args: object) -> Job:
    """A synchronous call as a job (run in the loop's thread, as the flows' threads run it)."""

    async def job() -> object:
        return function(*args)

    return job


async def measure(rounds: int, schema_dir: Path, folder: Path) -> dict[str, list[float]]:
    template = Backend().template(folder / "migrated", upgrade_database)
    url = template.derive(folder / "seeded", lambda u: seed(u, "se")).clone(folder / "db")
    key = issue_certificate(
        make_ca("Bench CA", "emrex-gateway bench", "SE"), new_rsa_key(), "Bench EMP", "bench", "SE"
    )
    db = Database.open(url)
    services = Services(
        settings_for(schema_dir), db, key, ElmoSchema.load(schema_dir), clock=lambda: NOW
    )
    jobs: dict[str, Job] = {}
    try:
        for holder in HOLDERS:
            (awarded,) = await awarded_degrees(services, holder)
            (item,) = await with_documents(services, [awarded])
            degree, count = awarded.degree, len(list(awarded.results()))
            name = f"{degree.code} ({count} results)"
            courses = Transcript(
                awarded.learner, (InstitutionTranscript(degree.institution, awarded.parts),)
            )
            elmo = elmo_from_transcript(courses, generated=NOW)
            ids = sorted(awarded.result_ids())

            jobs[f"{name}: certificate PDF (sv)"] = _now(certificate_pdf, awarded, "sv")
            jobs[f"{name}: Diploma Supplement PDF"] = _now(supplement_pdf, awarded)
            jobs[f"{name}: floor, PDF transcript"] = _now(transcript_pdf, elmo)
            jobs[f"{name}: degree export"] = functools.partial(
                export_degree, services, holder, degree.code
            )
            jobs[f"{name}: floor, transcript export"] = functools.partial(
                export_elmo, services, holder, select=ids
            )
            jobs[f"{name}: ELM degree credential"] = _now(
                functools.partial(degree_credential, issuer=ISSUER, issued=NOW), item
            )
        for job in jobs.values():
            await job()  # warm-up: fonts, schema, caches
        timings: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(rounds):
            for name, job in jobs.items():
                began = time.perf_counter()
                await job()
                timings[name].append(time.perf_counter() - began)
        return timings
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="samples of each operation")
    parser.add_argument("--schemas", default=os.environ.get("GATEWAY_SCHEMAS", "var/schemas"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        timings = asyncio.run(measure(args.rounds, Path(args.schemas), Path(tmp)))
    medians = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    print(f"{args.rounds} rounds in turns; ms (median), ratio to the floor")
    width = max(len(name) for name in medians)
    for name, ms in medians.items():
        subject, what = name.split(": ", 1)
        floor = None
        if "PDF" in what and not what.startswith("floor"):
            floor = medians[f"{subject}: floor, PDF transcript"]
        elif what == "degree export":
            floor = medians[f"{subject}: floor, transcript export"]
        ratio = f"  {ms / floor:5.2f}× floor" if floor else ""
        print(f"  {name:<{width}}  {ms:8.1f}{ratio}")


if __name__ == "__main__":
    main()
