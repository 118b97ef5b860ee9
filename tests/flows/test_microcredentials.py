"""Every demo learner's passed courses: complete ones conform to EDC-generic-full with 11 of 11."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from pyshacl import validate

from gateway.core.demo import KARIN_PERSONNUMMER
from gateway.core.elm.microcredential import microcredential_report
from gateway.core.microcredentials import GapReason, elm_micro_credential
from gateway.errors import NotFound
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from tests.core.elm import fixtures
from tests.core.elm.conformance import ElmShapes

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def test_every_demo_learner(seeded_db: Database, schema_dir: Path) -> None:
    async with seeded_db.session() as session:
        learners = await RecordsRepository(session).learners()
    assert len(learners) >= 30
    issued: list[dict[str, Any]] = []
    ineligible = 0
    for learner in learners:
        found = await learner_micro_credentials(seeded_db, learner.national_id)
        for course in found.courses:
            credential = elm_micro_credential(
                course.candidate, issuer=fixtures.ISSUER, issued=ISSUED
            )
            report = microcredential_report(credential)
            assert report.missing == course.missing, course.candidate.achievement.source
            if course.eligible:
                assert report.to_json()["present"] == 11
                issued.append(credential)
            else:
                assert course.gaps
                ineligible += 1
    assert len(issued) > 50
    assert ineligible > 20
    # One graph for all of them (node ids are distinct per credential): pyshacl once.
    shapes = ElmShapes.load(schema_dir)
    graph = rdflib.Graph()
    for credential in issued:
        options = {"documentLoader": shapes.loader, "format": "application/n-quads"}
        graph.parse(data=jsonld.to_rdf(credential, options), format="nt")
    assert len(set(graph.subjects(rdflib.RDF.type, _EDC))) == len(issued)
    conforms, _, text = validate(
        graph, shacl_graph=shapes.generic, inference="none", advanced=False, allow_warnings=False
    )
    assert conforms, text


_EDC = rdflib.URIRef("http://data.europa.eu/snb/model/elm/EuropeanDigitalCredential")


async def test_karins_courses(seeded_db: Database) -> None:
    found = await learner_micro_credentials(seeded_db, KARIN_PERSONNUMMER)
    verdicts = {c.candidate.achievement.code: c for c in found.courses}
    eligible = {c.candidate.achievement.code for c in found.eligible}
    assert {"1DL301", "1DL201", "EC7110", "5DV501"} <= eligible
    assert verdicts["1MA025"].missing == (6,)
    assert verdicts["1MA025"].gaps[0].reason is GapReason.NO_OUTCOMES
    assert verdicts["EC7113"].missing == (9,)
    assert "EC7112" not in verdicts  # failed
    assert "5DV503" not in verdicts  # in progress
    assert verdicts["1DL301-TEN1"].missing == (6, 8, 9, 10)  # a module: no syllabus of its own
    chosen = found.chosen([verdicts["1DL301"].candidate.achievement.result_id or 0])
    assert [c.candidate.achievement.code for c in chosen] == ["1DL301"]


async def test_an_unknown_learner(seeded_db: Database) -> None:
    with pytest.raises(NotFound):
        await learner_micro_credentials(seeded_db, "19700101-0000")
