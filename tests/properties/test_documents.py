"""EMREG JSON, OOTS evidence requests, import files and the EMREX parameters: typed errors only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import example, given
from hypothesis import strategies as st

from gateway.core.emrex import ReturnCode, check_return_url, match_person, parse_request
from gateway.core.importing import CSV_COLUMNS, FORMAT, check_file, parse_import
from gateway.core.keys import issue_certificate, make_ca, new_rsa_key
from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.request import build_query_request, parse_query_request
from gateway.core.registry import emp_entry, emreg_document, parse_registry
from tests.core.oots import factories as oots_factories
from tests.properties.hostile import (
    FUZZ,
    deep_json,
    json_bytes,
    mutated_bytes,
    mutated_json,
    mutated_xml,
    text_values,
    typed,
)

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "var" / "schemas"
_EMREG = json.loads((SCHEMA_DIR / "elmo/emreg/emregjsonschema.json").read_text("utf-8"))
VALIDATE = jsonschema.Draft6Validator(_EMREG).validate
_CA = make_ca("Fuzz CA", "tests", "SE")
_CERT = issue_certificate(_CA, new_rsa_key(), "Fuzz EMP", "tests", "SE").certificate
REGISTRY = emreg_document(
    [emp_entry("SE-GW", "SE", "https://emp.example.se/emrex", ["uu.se"], _CERT)]
)
QUERIES = [build_query_request(oots_factories.request(v)) for v in EdmVersion]

# --- EMREG JSON -------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(mutated_json(REGISTRY).map(json_bytes), mutated_bytes(json_bytes(REGISTRY))))
@example(deep_json(20_000))  # RecursionError inside json.loads
@example(b'{"countries": [], "emps": [], "x": ' + b"9" * 5000 + b"}")  # int digit limit
@example(json_bytes({**REGISTRY, "ncps": REGISTRY["emps"], "emps": None}))
@example(json_bytes(REGISTRY).replace(b"https://emp.example.se", b"https://[::1"))
def test_registry_takes_any_document(data: bytes) -> None:
    typed(parse_registry, data, VALIDATE, insecure_hosts=["127.0.0.1"])


# --- OOTS evidence requests ---------------------------------------------------------------------


@FUZZ
@given(st.sampled_from(QUERIES).flatmap(lambda q: mutated_xml(q) | mutated_bytes(q)))
def test_query_request_parser_takes_mutated_requests(data: bytes) -> None:
    typed(parse_query_request, data, max_bytes=1 << 20)


# --- import files -------------------------------------------------------------------------------

IMPORT = {
    "format": FORMAT,
    "version": 1,
    "institutions": [
        {
            "schac": "fuzz.se",
            "name_sv": "Fuzz",
            "name_en": "Fuzz",
            "country": "SE",
            "url": "https://fuzz.se",
        }
    ],
    "learners": [
        {
            "national_id": "19900315-2389",
            "given_names": "Karin",
            "family_name": "Andersson",
            "birth_date": "1990-03-15",
        }
    ],
    "opportunities": [
        {
            "institution": "fuzz.se",
            "code": "FZ101",
            "kind": "course",
            "title_sv": "Fuzz",
            "title_en": "Fuzz",
            "credits": "7.5",
        }
    ],
    "results": [
        {
            "learner": "19900315-2389",
            "institution": "fuzz.se",
            "opportunity": "FZ101",
            "status": "passed",
            "date": "2024-01-15",
            "grade": "VG",
            "scale": "UHL-3",
        }
    ],
}


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    names = list(dict.fromkeys(name for row in rows for name in row))
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8", "surrogatepass")


CSV_ROW = {
    "institution": "fuzz.se",
    "national_id": "19900315-2389",
    "opportunity": "FZ101",
    "status": "passed",
    "date": "2024-01-15",
    "grade": "VG",
    "scale": "UHL-3",
    "credits": "7.5",
    "given_names": "Karin",
    "family_name": "Andersson",
    "birth_date": "1990-03-15",
}


@FUZZ
@given(mutated_json(IMPORT).map(json_bytes) | mutated_bytes(json_bytes(IMPORT)))
@example(deep_json(20_000))
def test_json_import_takes_mutated_files(data: bytes) -> None:
    parsed = typed(check_file, data, "fuzz.json", "json")
    del parsed


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {c: st.just(v) | text_values for c, v in CSV_ROW.items()},
            optional={c: text_values for c in CSV_COLUMNS if c not in CSV_ROW},
        ),
        min_size=1,
        max_size=3,
    ).map(_csv)
    | mutated_bytes(_csv([CSV_ROW]))
)
def test_csv_import_takes_hostile_cells(data: bytes) -> None:
    typed(check_file, data, "fuzz.csv", "csv")


def test_import_seeds_are_valid() -> None:
    assert parse_import(json_bytes(IMPORT), "seed.json", "json").learners
    assert parse_import(_csv([CSV_ROW]), "seed.csv", "csv").results
    assert parse_registry(json_bytes(REGISTRY), VALIDATE).contact_points
    assert all(parse_query_request(q).natural_person for q in QUERIES)


# --- EMREX parameters ---------------------------------------------------------------------------


@FUZZ
@given(st.none() | text_values, st.none() | text_values, text_values)
@example("s", "https://[::1", "NCP_OK")  # an unclosed IPv6 literal: urlsplit raises ValueError
@example("s", "https://h:99999999/", "EMP_")
@example("s", "https://user@host/", "ncp_ok ")
def test_emrex_parameters(session_id: str | None, return_url: str | None, code: str) -> None:
    typed(parse_request, session_id, return_url, ["127.0.0.1"])
    typed(check_return_url, return_url, ())
    typed(ReturnCode.parse, code)


@FUZZ
@given(text_values, text_values, text_values, text_values)
def test_person_match_takes_any_names(
    given_a: str, family_a: str, given_b: str, family_b: str
) -> None:
    match = match_person(
        given_a[:200],
        family_a[:200],
        date(1990, 3, 15),
        given_b[:200],
        family_b[:200],
        None,
        threshold=3,
    )
    assert not match.matched
