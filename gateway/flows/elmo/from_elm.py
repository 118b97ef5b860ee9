"""`gateway elm to-elmo FILE [--out FILE]`: an ELM credential file → ELMO 1.7 and its report.

FILE holds JSON: an ELM 3.2 credential, or a decoded SD-JWT VC payload with the ELM in claim
``elm`` (``urn:eudi:elm:1``) or at its top level (``urn:eudi:diploma:1``). Nothing is verified
here (an operator inspects a file); the verifier converts only presentations it has verified.
The ELMO is checked against the v1.7.0 XSD of the schema directory before it is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from gateway.core.elm.to_elmo import ElmToElmoResult, elm_to_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.errors import InvalidInput
from gateway.settings import Settings

MAX_JSON_BYTES: Final = 16 * 1024 * 1024


def read_credential(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_JSON_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_JSON_BYTES} bytes")
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"{path} does not hold a JSON object")
    return value


def convert_credential_file(settings: Settings, path: Path) -> ElmToElmoResult:
    """Convert and XSD-validate (``SchemaInvalid`` when the ELMO would not be valid)."""
    result = elm_to_elmo(read_credential(path))
    result.validate(ElmoSchema.load(settings.schemas.dir))
    return result


def elm_to_elmo_file(settings: Settings, path: Path, out: Path | None) -> str:
    """The conversion report as JSON; the ELMO XML goes to ``out`` when given."""
    result = convert_credential_file(settings, path)
    if out is not None:
        out.write_bytes(result.xml)
    report = dict(result.report_json(), schema="valid against ELMO 1.7.0", written=str(out or ""))
    return json.dumps(report, indent=2, ensure_ascii=False)
