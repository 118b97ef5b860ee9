"""Offline OOTS conformance: TDD 1.0 XSDs (xmlschema, XSD 1.1) and Schematron via saxonche (§5)."""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import lxml
import xmlschema
from lxml import etree

from gateway.core.oots.codes import EdmVersion
from gateway.core.xml import parse_xml, read_xml_file
from gateway.errors import ConfigError, SchemaInvalid, SchemaMissingError

#: Where the TDD 1.0.x artefacts sit under the configured schema directory.
TDD_1_0: Final = Path("oots") / "tdd-1.0.x"
_REGREP_URL: Final = "http://docs.oasis-open.org/regrep/regrep-core/v4.0/os/xsd/"
#: Namespace → local file (notes §9): rim.xsd imports xml/xlink/ws-addr without a location.
_LOCATIONS: Final = {
    "urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0": "regrep4/rim.xsd",
    "urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0": "regrep4/query.xsd",
    "urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0": "regrep4/rs.xsd",
    "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:4.0": "regrep4/lcm.xsd",
    "http://www.w3.org/XML/1998/namespace": "xml/xml.xsd",
    "http://www.w3.org/1999/xlink": "xml/xlink.xsd",
    "http://www.w3.org/2005/08/addressing": "xml/ws-addr.xsd",
}
#: The SDG profile imports RegRep by absolute URL: map those URLs so nothing is fetched.
_REMOTE: Final = {
    f"{_REGREP_URL}{n}.xsd": f"regrep4/{n}.xsd" for n in ("rim", "query", "lcm", "rs")
}
MAX_REPORTED_ERRORS: Final = 5
#: Quoted values in reasons may be personal data; quoted element names ('sdg:Name') are kept.
_QUOTED_VALUE = re.compile(r"'(?![A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*')[^']*'")

Transaction = Literal["REQ", "RESP", "ERR"]
SVRL_NS: Final = "http://purl.oclc.org/dsdl/svrl"
_NOT_ERRORS: Final = frozenset({"warning", "warn", "info", "information"})
_SKELETON: Final = Path(lxml.__file__).parent / "isoschematron/resources/xsl/iso-schematron-xslt1"
_SKELETON_STEPS: Final = (
    "iso_dsdl_include.xsl",
    "iso_abstract_expand.xsl",
    "iso_svrl_for_xslt1.xsl",
)


class BusinessRulesBroken(SchemaInvalid):
    """XSD-valid, but failing official Schematron rules; ``rules`` are their ids."""

    def __init__(self, message: str, *, rules: tuple[str, ...], detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.rules = rules


def _require(path: Path) -> Path:
    if not path.is_file():
        raise SchemaMissingError(f"OOTS artefact {path} is missing; run `make schemas`")
    return path


class OotsSchema:
    """The TDD 1.0 XSD set (SDG profile + RegRep 4), compiled once, validating offline."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema

    @classmethod
    def load(cls, schema_dir: Path) -> OotsSchema:
        base = (schema_dir / TDD_1_0 / "xsd").resolve()
        driver = _require(base / "sdg" / "oots_driver_v1.0.0.xsd")
        locations = [(ns, str(_require(base / rel))) for ns, rel in _LOCATIONS.items()]
        mapper = {url: (base / rel).as_uri() for url, rel in _REMOTE.items()}
        try:
            with warnings.catch_warnings():
                # A failed import is only a warning to xmlschema; here it is a broken install.
                warnings.simplefilter("error", xmlschema.XMLSchemaImportWarning)
                schema = xmlschema.XMLSchema11(
                    str(driver),
                    locations=locations,
                    uri_mapper=mapper,
                    allow="local",
                    defuse="always",
                )
        except (xmlschema.XMLSchemaException, xmlschema.XMLSchemaImportWarning, OSError) as exc:
            raise SchemaMissingError(f"OOTS XSD {driver} cannot be loaded: {exc}") from None
        return cls(schema)

    def errors(self, root: etree._Element) -> list[str]:
        """Every violation as ``line N: reason (path)``; empty when the document is valid."""
        found = []
        for error in self._schema.iter_errors(root):
            line = getattr(error, "sourceline", None)
            where = f"line {line}: " if line else ""
            found.append(f"{where}{error.reason} ({error.path})")
        return found

    def validate(self, root: etree._Element, what: str = "message") -> None:
        """Raise ``SchemaInvalid`` naming the first violations (values redacted) if invalid."""
        errors = self.errors(root)
        if not errors:
            return
        shown = [_QUOTED_VALUE.sub("'…'", e) for e in errors[:MAX_REPORTED_ERRORS]]
        more = len(errors) - len(shown)
        summary = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        raise SchemaInvalid(
            f"the {what} does not validate against the OOTS TDD 1.0 XSD: {summary}",
            detail="\n".join(errors),
        )


@dataclass(frozen=True)
class Finding:
    """A failed ``sch:assert`` or a fired ``sch:report`` in the SVRL output."""

    rule: str | None
    role: str | None
    location: str
    text: str

    @property
    def is_error(self) -> bool:
        """Asserts with role warning or info do not make a message non-conformant."""
        return (self.role or "").strip().lower() not in _NOT_ERRORS


@dataclass(frozen=True)
class SchematronReport:
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors


@functools.cache
def _saxon() -> tuple[Any, Any, tuple[Any, ...]]:
    """One SaxonC processor and the compiled ISO skeleton steps, created on first use.

    ``saxonche`` is imported here so that only Schematron users need it. Optimisation is
    off: Saxon's loop lifting crashes the process on the EDM-RESP rules (DESIGN.md §5).
    """
    try:
        saxonche: Any = importlib.import_module("saxonche")
    except ImportError:
        raise ConfigError(
            "OOTS Schematron checks (strict mode, tests) need the saxonche package"
        ) from None
    processor = saxonche.PySaxonProcessor(license=False)
    processor.set_configuration_property("http://saxon.sf.net/feature/optimizationLevel", "0")
    xslt = processor.new_xslt30_processor()
    steps = tuple(
        xslt.compile_stylesheet(stylesheet_file=str(_require(_SKELETON / name)))
        for name in _SKELETON_STEPS
    )
    return processor, xslt, steps


class Schematron:
    """One official ``.sch`` compiled to XSLT once (XPath 2 rules run by Saxon)."""

    def __init__(self, name: str, executable: Any) -> None:
        self.name = name
        self._executable = executable

    @classmethod
    def compile(cls, path: Path) -> Schematron:
        schema = read_xml_file(_require(path))
        # The xslt1 skeleton refuses "xslt2"; Saxon still evaluates the XPath 2 tests.
        schema.set("queryBinding", "xslt")
        processor, xslt, (include, expand, to_svrl) = _saxon()
        node = processor.parse_xml(xml_text=etree.tostring(schema, encoding="unicode"))
        node = include.transform_to_value(xdm_node=node).head
        node = expand.transform_to_value(xdm_node=node).head
        compiled = to_svrl.transform_to_string(xdm_node=node)
        return cls(path.stem, xslt.compile_stylesheet(stylesheet_text=compiled))

    def check(self, root: etree._Element) -> SchematronReport:
        processor, _, _ = _saxon()
        node = processor.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
        svrl = parse_xml(self._executable.transform_to_string(xdm_node=node).encode("utf-8"))
        findings = []
        for kind in ("failed-assert", "successful-report"):
            for item in svrl.iter(f"{{{SVRL_NS}}}{kind}"):
                text = item.findtext(f"{{{SVRL_NS}}}text") or ""
                findings.append(
                    Finding(
                        rule=item.get("id"),
                        role=item.get("role"),
                        location=item.get("location") or "",
                        text=" ".join(text.split()),
                    )
                )
        return SchematronReport(tuple(findings))


class EdmSchematron:
    """The six TDD 1.0 EDM rule files (``EDM-{REQ,RESP,ERR}-{S,C}.sch``), compiled once."""

    def __init__(self, rules: dict[Transaction, tuple[Schematron, Schematron]]) -> None:
        self._rules = rules

    @classmethod
    def load(cls, schema_dir: Path) -> EdmSchematron:
        base = schema_dir / TDD_1_0 / "sch"
        transactions: tuple[Transaction, ...] = ("REQ", "RESP", "ERR")
        return cls(
            {
                t: (
                    Schematron.compile(base / f"EDM-{t}-S.sch"),
                    Schematron.compile(base / f"EDM-{t}-C.sch"),
                )
                for t in transactions
            }
        )

    def check(self, transaction: Transaction, root: etree._Element) -> SchematronReport:
        structure, content = self._rules[transaction]
        return SchematronReport(structure.check(root).findings + content.check(root).findings)


class OotsValidator:
    """XSD (always) and Schematron (strict mode) checks of the messages of the 1.0 line.

    Only ``oots-edm:v1.0`` messages are checked: the 1.1/1.2/2.0 XSDs and rules are not in
    the schema directory, and the 1.0 rules pin the 1.0 version and SR spellings.
    """

    def __init__(self, xsd: OotsSchema, schematron: EdmSchematron | None = None) -> None:
        self.xsd = xsd
        self.schematron = schematron

    @classmethod
    def load(cls, schema_dir: Path, *, strict: bool = False) -> OotsValidator:
        return cls(OotsSchema.load(schema_dir), EdmSchematron.load(schema_dir) if strict else None)

    def covers(self, version: EdmVersion) -> bool:
        return version is EdmVersion.V1_0

    def check(self, transaction: Transaction, root: etree._Element, version: EdmVersion) -> None:
        """Raise ``SchemaInvalid`` if a message of a covered version breaks the XSD or rules."""
        if not self.covers(version):
            return
        what = {"REQ": "request", "RESP": "response", "ERR": "error response"}[transaction]
        self.xsd.validate(root, what)
        if self.schematron is None:
            return
        errors = self.schematron.check(transaction, root).errors
        if errors:
            rules = tuple(sorted({f.rule or "(unnamed rule)" for f in errors}))
            raise BusinessRulesBroken(
                f"the {what} breaks OOTS business rules {', '.join(rules)}",
                rules=rules,
                detail="\n".join(f"{f.rule}: {f.text} at {f.location}" for f in errors),
            )
