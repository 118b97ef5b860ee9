"""Every credential we produce conforms to the official ELM 3.2 shapes and survives JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gateway.core.elm import ConversionResult, convert_elmo
from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.signature import sign_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey
from gateway.flows.elmo.elm import convert_xml
from tests.core.elm import fixtures
from tests.core.elm.conformance import Cardinality, ElmShapes, expand, key_paths, lost_keys
from tests.core.elmo import factories

MAX = 16 * 1024 * 1024


def _official_example(schema_dir: Path, key: SigningKey) -> ConversionResult:
    xml = (schema_dir / "elmo" / "example.xml").read_bytes()
    return convert_xml(xml, issuer=fixtures.ISSUER, issued=fixtures.ISSUED, max_bytes=MAX)


def _norwegian_sample(schema_dir: Path, key: SigningKey) -> ConversionResult:
    packed = (schema_dir / "elmo" / "examples" / "emrex-gateway" / "sampleElmo.b64").read_bytes()
    xml = unpack_elmo(packed, max_packed_bytes=MAX, max_xml_bytes=MAX)
    return convert_xml(xml, issuer=fixtures.ISSUER, issued=fixtures.ISSUED, max_bytes=MAX)


def _swedish_signed(schema_dir: Path, key: SigningKey) -> ConversionResult:
    """Model → ELMO XML → our XML-DSig → the file flow: the whole export-to-wallet path."""
    xml = sign_elmo(elmo_to_xml(fixtures.swedish_elmo()), key)
    return convert_xml(xml, issuer=fixtures.ISSUER, issued=fixtures.ISSUED, max_bytes=MAX)


def _swedish_unsigned(schema_dir: Path, key: SigningKey) -> ConversionResult:
    return convert_elmo(
        fixtures.swedish_elmo(), issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED
    )


def _ladok_factory(schema_dir: Path, key: SigningKey) -> ConversionResult:
    elmo: Elmo = elmo_from_transcript(factories.transcript(), generated=factories.GENERATED)
    xml = sign_elmo(elmo_to_xml(elmo), key)
    return convert_xml(xml, issuer=fixtures.ISSUER, issued=fixtures.ISSUED, max_bytes=MAX)


INPUTS: dict[str, Callable[[Path, SigningKey], ConversionResult]] = {
    "official-example": _official_example,
    "norwegian-sample": _norwegian_sample,
    "swedish-signed": _swedish_signed,
    "swedish-unsigned": _swedish_unsigned,
    "ladok-factory": _ladok_factory,
}
_cache: dict[str, ConversionResult] = {}


def converted(name: str, schema_dir: Path, key: SigningKey) -> ConversionResult:
    if name not in _cache:
        _cache[name] = INPUTS[name](schema_dir, key)
    return _cache[name]


def credentials() -> list[tuple[str, int]]:
    counts = {"official-example": 1, "norwegian-sample": 1, "ladok-factory": 2}
    return [(name, i) for name in INPUTS for i in range(counts.get(name, 2))]


@pytest.fixture(params=credentials(), ids=lambda p: f"{p[0]}-{p[1] + 1}")
def credential(
    request: pytest.FixtureRequest, schema_dir: Path, signing_key: SigningKey
) -> dict[str, Any]:
    name: str = request.param[0]
    index: int = request.param[1]
    result = converted(name, schema_dir, signing_key)
    assert index < len(result.credentials), f"{name} has {len(result.credentials)} credentials"
    return result.credentials[index]


def test_conforms_to_the_official_shapes(credential: dict[str, Any], elm_shapes: ElmShapes) -> None:
    report = elm_shapes.validate(credential)
    if not report.conforms:
        pytest.fail(f"{credential['id']} does not conform:\n{report.text}", pytrace=False)


def test_json_ld_drops_no_key_we_wrote(credential: dict[str, Any], elm_shapes: ElmShapes) -> None:
    _, dropped = expand(credential, elm_shapes.loader)
    assert dropped == []
    assert lost_keys(credential, elm_shapes.loader) == set()


def test_multi_valued_properties_are_arrays(
    credential: dict[str, Any], cardinality: Cardinality
) -> None:
    # Concept.inScheme is unbounded in the shapes, yet every EC sample writes one object: each EU
    # concept belongs to one scheme, and wallets read ``inScheme.id``.
    problems = [p for p in cardinality.problems(credential) if "/inScheme " not in p]
    assert problems == []


def test_the_key_check_catches_a_term_outside_the_context(
    credential: dict[str, Any], elm_shapes: ElmShapes
) -> None:
    broken = json.loads(json.dumps(credential))
    broken["credentialSubject"]["hasClaim"][0]["contactHours"] = "30"
    assert lost_keys(broken, elm_shapes.loader) == {"/credentialSubject/hasClaim/contactHours"}


def test_the_shapes_catch_a_missing_mandatory_part(
    elm_shapes: ElmShapes, swedish_result: ConversionResult
) -> None:
    broken = json.loads(json.dumps(swedish_result.credentials[1]))
    del broken["issuer"]["eIDASIdentifier"]
    report = elm_shapes.validate(broken)
    assert not report.conforms
    assert "eidasLegalIdentifier" in report.text


def test_every_node_has_an_iri_id(credential: dict[str, Any]) -> None:
    def nodes(value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list):
            return [n for item in value for n in nodes(item)]
        if isinstance(value, dict):
            found = [value] if "type" in value else []
            return found + [n for key, v in value.items() if key != "@context" for n in nodes(v)]
        return []

    for node in nodes(credential):
        assert str(node.get("id", "")).startswith(("urn:", "http://", "https://")), node["type"]


def test_validation_time_per_credential_is_small(
    elm_shapes: ElmShapes, swedish_result: ConversionResult
) -> None:
    # Measured here: 60-150 ms per credential (9-72 KiB) on one core, shapes parsed once.
    report = elm_shapes.validate(swedish_result.credentials[0])
    assert report.conforms
    assert report.seconds < 5.0


def test_key_paths_collapse_arrays_and_references() -> None:
    doc = {"a": [{"b": 1}, {"c": {"id": "urn:x"}}]}
    assert set(key_paths(doc)) == {"/a", "/a[]/b", "/a[]/c"}
