"""Offline validation against the official ELMO v1.7.0 XSD (DESIGN.md §3 "Schema validation")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from lxml import etree

from gateway.core.elmo.model import ELMO_NS
from gateway.core.xml import load_xsd
from gateway.errors import SchemaInvalid, SchemaMissingError

#: Remote schemaLocations imported by schema.xsd (and its imports) → files under
#: ``<schema_dir>/elmo/`` (every one pinned in gateway/data/schemas.toml).
REMOTE_LOCATIONS: Final = {
    "http://www.w3.org/2001/03/xml.xsd": "w3/xml.xsd",
    "https://www.w3.org/2001/03/xml.xsd": "w3/xml.xsd",
    "https://raw.githubusercontent.com/emrex-eu/elmo-schemas/v1/references/"
    "xmldsig-core-schema.xsd": "references/xmldsig-core-schema.xsd",
    "https://raw.githubusercontent.com/emrex-eu/elmo-schemas/v1/references/"
    "EUROPASS_ISOCountries_V1.1.xsd": "references/EUROPASS_ISOCountries_V1.1.xsd",
    "https://raw.githubusercontent.com/erasmus-without-paper/ewp-specs-types-address/"
    "stable-v1/schema.xsd": "ewp-specs-types-address/schema.xsd",
    "https://raw.githubusercontent.com/erasmus-without-paper/ewp-specs-architecture/"
    "stable-v1/common-types.xsd": "ewp-specs-architecture/common-types.xsd",
}
MAX_REPORTED_ERRORS: Final = 5

# Schema messages quote element values (names, ids, dates): keep those out of ``message``.
_QUOTED_VALUE = re.compile(r"(?:[Tt]he value )?'[^']*'(?= is not)")


@dataclass(frozen=True)
class ElmoSchema:
    """The compiled v1.7.0 schema; load it once at start-up and share it."""

    xsd: etree.XMLSchema

    @classmethod
    def load(cls, schema_dir: Path) -> ElmoSchema:
        """Compile ``schema_dir/elmo/schema.xsd``, resolving its remote imports offline."""
        base = schema_dir / "elmo"
        if not base.is_dir():
            raise SchemaMissingError(
                f"ELMO schema directory {base} is missing; run `make schemas` to fill it"
            )
        uri_map = {uri: base / local for uri, local in REMOTE_LOCATIONS.items()}
        missing = sorted({str(path) for path in uri_map.values() if not path.is_file()})
        if missing:
            raise SchemaMissingError(
                f"ELMO schema imports missing: {', '.join(missing)}; run `make schemas`"
            )
        return cls(load_xsd(base / "schema.xsd", uri_map))

    def validate(self, root: etree._Element) -> None:
        """Raise ``SchemaInvalid`` listing the first errors (with line numbers) if invalid."""
        if self.xsd.validate(root):
            return
        errors: list[Any] = list(cast(Iterable[Any], self.xsd.error_log))  # untyped in stubs
        shown = [f"line {e.line}: {_redact(e.message)}" for e in errors[:MAX_REPORTED_ERRORS]]
        more = len(errors) - len(shown)
        summary = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        raise SchemaInvalid(
            f"ELMO does not validate against the v1.7.0 schema: {summary}",
            detail="\n".join(f"line {e.line}: {e.message}" for e in errors),
        )


def _redact(message: str) -> str:
    return _QUOTED_VALUE.sub("the value", message.replace(f"{{{ELMO_NS}}}", ""))
