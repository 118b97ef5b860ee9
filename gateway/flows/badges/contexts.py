"""The JSON-LD contexts a badge's embedded proof is canonicalised with, from the schema directory.

URL → file in ``[schemas] dir`` (spec/openbadges/README.md gives the mapping; ``make schemas``
fills it): the VCDM 2.0 context, OB 3.0 context 3.0.3 (and 3.0.2, still found in issued badges)
and the OB extensions context. Read once per process; nothing is ever fetched.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Final

from gateway.errors import SchemaMissingError

_OB: Final = "openbadges/1EdTech_openbadges-specification/main/ob_v3p0"
_PURL: Final = "https://purl.imsglobal.org/spec/ob/v3p0"
CONTEXT_FILES: Final = {
    "https://www.w3.org/ns/credentials/v2": (
        "elm/dc4eu_vc/pkg/vc20/contextstore/data/credentials-v2.jsonld"
    ),
    f"{_PURL}/context-3.0.3.json": f"{_OB}/context-3.0.3.json",
    f"{_PURL}/context-3.0.2.json": f"{_OB}/context-3.0.2.json",
    f"{_PURL}/extensions.json": (
        "openbadges/1EdTech_digital-credentials-public-validator/inspector-vc/src/main/"
        "resources/contexts/ob-v3p0-extensions.json"
    ),
}

_LOADED: dict[Path, dict[str, Any]] = {}
_LOCK = threading.Lock()


def badge_contexts(schema_dir: Path) -> dict[str, Any]:
    """URL → parsed context document (a clear error when the schema directory lacks one)."""
    with _LOCK:
        found = _LOADED.get(schema_dir)
        if found is None:
            found = {}
            for url, relative in CONTEXT_FILES.items():
                path = schema_dir / relative
                try:
                    found[url] = json.loads(path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    raise SchemaMissingError(
                        f"schema directory {schema_dir} has no {relative}; run `make schemas`"
                    ) from None
            _LOADED[schema_dir] = found
        return found
