"""`gateway verifier log`: presentation transactions and their precise outcomes, for operators."""

from __future__ import annotations

from gateway.core.oid4vp.transaction import Transaction
from gateway.storage.database import Database
from gateway.storage.verifier import VerifierRepository


async def transaction_log(db: Database, limit: int) -> list[Transaction]:
    """The latest ``limit`` transactions, newest first."""
    async with db.session() as session:
        return await VerifierRepository(session).log(limit)


def describe(tx: Transaction) -> str:
    """One tab-separated line: when, transaction, step, outcome, reason, vct, issuer, import."""
    outcome = tx.outcome or ("expired?" if tx.step != "answered" else "-")
    fields = [
        f"{tx.created_at:%Y-%m-%d %H:%M:%S}",
        tx.id[:12],
        tx.step,
        outcome,
        tx.reason or "-",
        tx.vct or "-",
        tx.issuer or tx.chain_subject or "-",
        f"import {tx.import_id}" if tx.import_id else "-",
        "same-device" if tx.same_device else "cross-device",
    ]
    if tx.detail:
        fields.append(tx.detail[:200].replace("\t", " ").replace("\n", " "))
    return "\t".join(fields)
