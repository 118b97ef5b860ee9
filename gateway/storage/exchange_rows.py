"""EMREX exchange rows as core values: the client sessions and imports the repository returns."""

from __future__ import annotations

from decimal import Decimal

from gateway.core.sessions import ClientSession, ExternalImport, ExternalResult
from gateway.storage.exchange_tables import ClientSessionRow, ExternalImportRow, ExternalResultRow


def client_session_of(row: ClientSessionRow, import_id: int | None = None) -> ClientSession:
    return ClientSession(
        id=row.id,
        session_id=row.session_id,
        learner_id=row.learner_id,
        contact_point=row.contact_point,
        contact_point_url=row.contact_point_url,
        state=row.state.value,
        created_at=row.created_at,
        expires_at=row.expires_at,
        return_code=row.return_code,
        outcome=row.outcome,
        returned_at=row.returned_at,
        import_id=import_id,
        message=row.message,
        next_url=row.next_url,
    )


def import_of(row: ExternalImportRow, results: tuple[ExternalResult, ...]) -> ExternalImport:
    return ExternalImport(
        id=row.id,
        contact_point=row.contact_point,
        contact_point_url=row.contact_point_url,
        certificate_sha256=row.certificate_sha256,
        signature_algorithm=row.signature_algorithm,
        received_at=row.received_at,
        report_count=row.report_count,
        result_count=row.result_count,
        ects_total=Decimal(row.ects_total),
        results=results,
    )


def external_result_of(row: ExternalResultRow) -> ExternalResult:
    return ExternalResult(
        depth=row.depth,
        issuer=row.issuer,
        title=row.title,
        issuer_schac=row.issuer_schac,
        code=row.code,
        kind=row.kind,
        date=row.result_date,
        status=row.status,
        grade=row.grade,
        ects=row.ects,
    )
