"""ELMO → Europass ELM 3.2 JSON-LD credentials and the EU micro-credential element report."""

from gateway.core.elm.convert import convert_elmo
from gateway.core.elm.identity import DisplayImage, IssuerIdentity
from gateway.core.elm.results import ConversionReport, ConversionResult, CredentialReport, Unmapped

__all__ = [
    "ConversionReport",
    "ConversionResult",
    "CredentialReport",
    "DisplayImage",
    "IssuerIdentity",
    "Unmapped",
    "convert_elmo",
]
