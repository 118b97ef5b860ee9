"""Offline Open Badges 3.0 conformance for tests: the official JSON Schema and JSON-LD contexts.

The purl URLs are mapped to the files in the schema directory (spec/openbadges/README.md gives
the mapping); nothing is fetched. ``issuer_dependent`` finds terms that no context defines:
VCDM 2.0's ``@vocab`` keeps them, but under the issuer-dependent namespace, i.e. undefined.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator
from pyld import jsonld
from referencing import Registry, Resource

from tests.core.elm.conformance import Loader, expand, lost_keys

OB = "openbadges/1EdTech_openbadges-specification"
VALIDATOR = "openbadges/1EdTech_digital-credentials-public-validator/inspector-vc/src"
PURL = "https://purl.imsglobal.org/spec/ob/v3p0"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": (
        "elm/dc4eu_vc/pkg/vc20/contextstore/data/credentials-v2.jsonld"
    ),
    f"{PURL}/context-3.0.3.json": f"{OB}/main/ob_v3p0/context-3.0.3.json",
    f"{PURL}/context-3.0.2.json": f"{OB}/main/ob_v3p0/context-3.0.2.json",
    f"{PURL}/extensions.json": f"{VALIDATOR}/main/resources/contexts/ob-v3p0-extensions.json",
}
SCHEMAS = {
    f"{PURL}/schema/json/ob_v3p0_{name}_schema.json": f"{OB}/gh-pages/docs/schema/{name}.json"
    for name in ("achievementcredential", "endorsementcredential", "profile")
}
ACHIEVEMENT_SCHEMA = f"{PURL}/schema/json/ob_v3p0_achievementcredential_schema.json"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


def ob_loader(schema_dir: Path) -> Loader:
    """A pyld document loader serving the VCDM 2.0 and OB 3.0 contexts from the schema dir."""
    cache: dict[str, Any] = {}

    def load(url: str, options: Mapping[str, Any]) -> dict[str, Any]:
        local = CONTEXTS.get(url)
        if local is None:
            raise AssertionError(f"JSON-LD processing tried to fetch {url}")
        if url not in cache:
            cache[url] = json.loads((schema_dir / local).read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": cache[url]}

    return load


def _iris(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            if key == "@type":
                yield from item if isinstance(item, list) else [item]
            yield from _iris(item)
    elif isinstance(value, list):
        for item in value:
            yield from _iris(item)


@dataclass
class ObConformance:
    """The achievement-credential schema (draft 2019-09) and the offline JSON-LD loader."""

    validator: Draft201909Validator
    loader: Loader

    @classmethod
    def load(cls, schema_dir: Path) -> ObConformance:
        resources = {
            url: Resource.from_contents(json.loads((schema_dir / path).read_text("utf-8")))
            for url, path in SCHEMAS.items()
        }
        registry: Registry[Any] = Registry().with_resources(resources.items())
        schema = resources[ACHIEVEMENT_SCHEMA].contents
        return cls(Draft201909Validator(schema, registry=registry), ob_loader(schema_dir))

    def schema_errors(self, credential: Mapping[str, Any]) -> list[str]:
        return [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300]
            for e in self.validator.iter_errors(dict(credential))
        ]

    def expand(self, credential: Mapping[str, Any]) -> list[Any]:
        expanded: list[Any] = jsonld.expand(dict(credential), {"documentLoader": self.loader})
        return expanded

    def undefined_terms(self, credential: Mapping[str, Any]) -> set[str]:
        """Terms JSON-LD drops, and terms and types kept only by an issuer-dependent ``@vocab``."""
        expanded, dropped = expand(credential, self.loader)
        vague = {i for i in _iris(expanded) if i.startswith(ISSUER_DEPENDENT)}
        return vague | set(dropped)

    def lost_keys(self, credential: Mapping[str, Any]) -> set[str]:
        return lost_keys(credential, self.loader)
