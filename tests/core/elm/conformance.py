"""Offline ELM conformance for tests: pyld with local contexts, key round trip, pyshacl, arrays."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from pyld import jsonld
from pyshacl import validate
from rdflib.namespace import SH

ELM = "elm/european-commission-empl_European-Learning-Model/EDC-3.2-LTS/rdf/ap/edc"
W3C_V1 = "elm/dc4eu_vc/pkg/vc20/contextstore/data/credentials-v1.jsonld"
EDC_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": W3C_V1,
    EDC_CONTEXT: f"{ELM}/edc-ap-context.jsonld",
}
GENERIC_SHAPES = ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl")
CONVERTED_SHAPES = ("EDC-converted.ttl",)
CONVERTED_SCHEMA = "http://data.europa.eu/snb/model/ap/edc-converted"

Loader = Callable[[str, Mapping[str, Any]], dict[str, Any]]


def offline_loader(schema_dir: Path) -> Loader:
    """A pyld document loader that serves the two contexts from the schema directory only."""
    cache: dict[str, Any] = {}

    def load(url: str, options: Mapping[str, Any]) -> dict[str, Any]:
        local = CONTEXTS.get(url)
        if local is None:
            raise AssertionError(f"JSON-LD processing tried to fetch {url}")
        if url not in cache:
            cache[url] = json.loads((schema_dir / local).read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": cache[url]}

    return load


def expand(doc: Mapping[str, Any], loader: Loader) -> tuple[list[Any], list[str]]:
    """The expanded document and the properties JSON-LD dropped while expanding."""
    dropped: list[str] = []
    expanded = jsonld.expand(
        dict(doc), {"documentLoader": loader}, on_property_dropped=lambda p: dropped.append(str(p))
    )
    return expanded, dropped


def key_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every object key path in ``value``, array positions collapsed to ``[]``."""
    if isinstance(value, dict):
        if set(value) == {"id"}:
            return  # a node reference: compaction rightly turns it into the bare IRI
        for key, item in value.items():
            path = f"{prefix}/{key}"
            yield path
            if key not in ("@context",):
                yield from key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from key_paths(item, prefix + "[]")


def lost_keys(doc: Mapping[str, Any], loader: Loader) -> set[str]:
    """Key paths of ``doc`` that do not survive expand → compact with the same context."""
    expanded, _ = expand(doc, loader)
    compacted = jsonld.compact(
        expanded,
        {"@context": doc["@context"]},
        {"documentLoader": loader},
    )
    ours = {p.replace("[]", "") for p in key_paths(doc)}
    theirs = {p.replace("[]", "") for p in key_paths(compacted)}
    return ours - theirs


@dataclass
class ShaclReport:
    conforms: bool
    text: str
    seconds: float


@dataclass
class ElmShapes:
    """The official shapes graphs, parsed once; ``validate`` runs pyshacl on one credential."""

    generic: rdflib.Graph
    converted: rdflib.Graph
    loader: Loader
    timings: list[float] = field(default_factory=list)

    @classmethod
    def load(cls, schema_dir: Path) -> ElmShapes:
        generic = rdflib.Graph()
        for name in GENERIC_SHAPES:
            generic.parse(schema_dir / ELM / name, format="turtle")
        converted = rdflib.Graph()
        for name in GENERIC_SHAPES + CONVERTED_SHAPES:
            converted.parse(schema_dir / ELM / name, format="turtle")
        return cls(generic, converted, offline_loader(schema_dir))

    def validate(self, doc: Mapping[str, Any]) -> ShaclReport:
        started = time.perf_counter()
        nquads = jsonld.to_rdf(
            dict(doc), {"documentLoader": self.loader, "format": "application/n-quads"}
        )
        data = rdflib.Graph()
        data.parse(data=nquads, format="nt")  # one default graph; rdflib's nquads parser warns
        schemas = doc.get("credentialSchema", [])
        ids = {s.get("id") for s in (schemas if isinstance(schemas, list) else [schemas])}
        shapes = self.converted if CONVERTED_SCHEMA in ids else self.generic
        conforms, _, text = validate(
            data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
        )
        seconds = time.perf_counter() - started
        self.timings.append(seconds)
        return ShaclReport(bool(conforms), str(text), seconds)


def _expand_term(value: str, prefixes: Mapping[str, str]) -> str:
    prefix, sep, local = value.partition(":")
    return prefixes[prefix] + local if sep and prefix in prefixes else value


@dataclass(frozen=True)
class Cardinality:
    """Which JSON keys the shapes allow more than once, to check that those are always arrays."""

    terms: dict[str, str]  # JSON term → property or class IRI
    language_maps: frozenset[str]
    many: dict[tuple[str, str], bool]  # (class IRI, property IRI) → unbounded

    @classmethod
    def load(cls, schema_dir: Path, shapes: rdflib.Graph) -> Cardinality:
        edc = json.loads((schema_dir / CONTEXTS[EDC_CONTEXT]).read_text(encoding="utf-8"))
        w3c = json.loads((schema_dir / W3C_V1).read_text(encoding="utf-8"))
        vc = w3c["@context"]["VerifiableCredential"]["@context"]
        terms: dict[str, str] = {}
        language_maps: set[str] = set()
        for context in (vc, edc["@context"]):
            prefixes = {
                k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))
            }
            for term, value in context.items():
                if term.startswith("@") or not isinstance(value, str | dict):
                    continue
                iri = value if isinstance(value, str) else value.get("@id", "")
                if isinstance(value, dict) and value.get("@container") == "@language":
                    language_maps.add(term)
                terms[term] = _expand_term(iri, prefixes)
        many: dict[tuple[str, str], bool] = {}
        for shape in shapes.subjects(rdflib.RDF.type, SH.NodeShape):
            for target in shapes.objects(shape, SH.targetClass):
                for prop in shapes.objects(shape, SH.property):
                    path = shapes.value(prop, SH.path)
                    if path is not None:
                        many[(str(target), str(path))] = shapes.value(prop, SH.maxCount) is None
        return cls(terms, frozenset(language_maps), many)

    def problems(self, value: Any, where: str = "") -> Iterator[str]:
        """Keys whose array-ness disagrees with the shapes of the node's classes."""
        if isinstance(value, list):
            for item in value:
                yield from self.problems(item, where + "[]")
            return
        if not isinstance(value, dict):
            return
        types = value.get("type", [])
        classes = [
            str(self.terms.get(t, t)) for t in (types if isinstance(types, list) else [types])
        ]
        for key, item in value.items():
            if key in ("@context", "id", "type") or key in self.language_maps:
                continue
            prop = str(self.terms.get(key, key))
            verdicts = {self.many[(c, prop)] for c in classes if (c, prop) in self.many}
            if verdicts == {True} and not isinstance(item, list):
                yield f"{where}/{key} is multi-valued in the shapes but not an array"
            if verdicts == {False} and isinstance(item, list):
                yield f"{where}/{key} is single-valued in the shapes but an array"
            yield from self.problems(item, f"{where}/{key}")
