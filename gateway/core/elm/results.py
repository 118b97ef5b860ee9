"""What a conversion returns: ELM credentials plus the ELMO parts that did not map, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Unmapped:
    """One ELMO element (or value) that has no place in the ELM output.

    ``elmo_path`` is XPath-like, 1-based, e.g.
    ``elmo/report[1]/learningOpportunitySpecification[2]/specifies/learningOpportunityInstance/
    shortenedGrading``.
    """

    elmo_path: str
    what: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"elmo_path": self.elmo_path, "what": self.what, "reason": self.reason}


@dataclass(frozen=True)
class CredentialReport:
    """The unmapped parts of one ELMO report (→ one credential), ordered by ELMO path."""

    credential_id: str
    report_path: str
    unmapped: tuple[Unmapped, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "credential_id": self.credential_id,
            "report_path": self.report_path,
            "unmapped": [u.to_json() for u in self.unmapped],
        }


@dataclass(frozen=True)
class ConversionReport:
    """Per credential what did not map, plus ELMO-level parts that belong to no single report."""

    credentials: tuple[CredentialReport, ...]
    elmo: tuple[Unmapped, ...] = ()

    def unmapped_for(self, index: int) -> tuple[Unmapped, ...]:
        """Everything credential ``index`` (0-based) does not carry: ELMO-level, then its own."""
        return self.elmo + self.credentials[index].unmapped

    def with_extra(self, extra: tuple[Unmapped, ...]) -> ConversionReport:
        """This report plus findings from elsewhere (e.g. the XML scan), placed by path."""
        elmo = list(self.elmo)
        own: list[list[Unmapped]] = [list(c.unmapped) for c in self.credentials]
        for item in extra:
            target = next(
                (
                    i
                    for i, c in enumerate(self.credentials)
                    if item.elmo_path.startswith(c.report_path + "/")
                    or item.elmo_path == c.report_path
                ),
                None,
            )
            (elmo if target is None else own[target]).append(item)
        return ConversionReport(
            credentials=tuple(
                CredentialReport(c.credential_id, c.report_path, ordered(own[i]))
                for i, c in enumerate(self.credentials)
            ),
            elmo=ordered(elmo),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "elmo": [u.to_json() for u in self.elmo],
            "credentials": [c.to_json() for c in self.credentials],
        }


@dataclass(frozen=True)
class ConversionResult:
    """One ELM 3.2 JSON-LD credential per ELMO report (same order) and the conversion report."""

    credentials: tuple[dict[str, Any], ...]
    report: ConversionReport


def ordered(items: list[Unmapped]) -> tuple[Unmapped, ...]:
    """A stable order (by path, indices compared as numbers), duplicates dropped."""
    unique = dict.fromkeys(items)
    return tuple(sorted(unique, key=lambda u: (path_key(u.elmo_path), u.what, u.reason)))


def path_key(path: str) -> tuple[tuple[str, int], ...]:
    """Sort key for ``a/b[2]/c[10]`` that orders indices numerically."""
    key: list[tuple[str, int]] = []
    for step in path.split("/"):
        name, _, rest = step.partition("[")
        key.append((name, int(rest.rstrip("]")) if rest else 0))
    return tuple(key)
