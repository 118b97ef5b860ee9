"""Repository of credential status (Token Status List, issue #15): index reservation at random,
the records a credential carries, revocation (who, why, when), and the lists' signed tokens.

Takes the flow's session and never commits. Every change of an entry moves its list's
``changed_at``; a token is stored with the ``changed_at`` it reflects, so whichever process
serves the list next sees from the database alone that it must be signed again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.storage.carried_records import Carried, degree_values, result_values
from gateway.storage.degree_tables import DegreeRow
from gateway.storage.status_tables import (
    CarriedKind,
    CarriedRecordRow,
    CredentialState,
    CredentialStatusRow,
    RevocationCause,
    StatusListRow,
)
from gateway.storage.tables import (
    ResultRow,
)
from gateway.storage.wallet_tables import WalletCredentialRow, WalletDatasetRow

FULL_SHARE: Final = 0.75
"""A list takes new entries until this share is used (random probing stays cheap)."""
MAX_PROBES: Final = 200


@dataclass(frozen=True)
class StatusChoice:
    """An entry chosen for a credential about to be signed: claimed when it is issued."""

    list_id: int | None
    """None: a new list, created by ``claim`` under ``list_name``."""
    list_name: str
    idx: int
    size: int
    bits: int


class IndexTaken(Exception):
    """Another credential claimed the chosen entry (or list name) first: choose again."""


@dataclass(frozen=True)
class CredentialStatus:
    """An issued credential's status, as My transfers and ``gateway wallet status`` show it."""

    credential_id: int
    learner_id: int
    configuration: str
    title: str
    offer_id: str
    position: int
    issued_at: datetime
    list_name: str
    idx: int
    state: CredentialState
    revoked_at: datetime | None
    revoked_by: RevocationCause | None
    revoked_actor: str | None
    reason: str | None
    carried: tuple[Carried, ...] = ()


class StatusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- issuing

    async def choose(
        self, *, size: int, bits: int, randbelow: Callable[[int], int] = secrets.randbelow
    ) -> StatusChoice:
        """A random free index of the open list (a new list when all are full); nothing is
        written: ``claim`` takes it in the issuing transaction."""
        used = (
            select(func.count())
            .where(CredentialStatusRow.list_id == StatusListRow.id)
            .scalar_subquery()
        )
        query = (
            select(StatusListRow.id, StatusListRow.name)
            .where(StatusListRow.size == size, StatusListRow.bits == bits)
            .where(used < int(size * FULL_SHARE))
            .order_by(StatusListRow.id.desc())
            .limit(1)
        )
        found = (await self.session.execute(query)).first()
        if found is None:
            return StatusChoice(None, secrets.token_urlsafe(12), randbelow(size), size, bits)
        idx = await self._free_index(found[0], size, randbelow)
        return StatusChoice(found[0], found[1], idx, size, bits)

    async def claim(
        self,
        choice: StatusChoice,
        *,
        dataset_id: int,
        learner_id: int,
        configuration: str,
        now: datetime,
    ) -> int:
        """Take the chosen entry for ``dataset_id``'s credential; IndexTaken if it is gone."""
        try:
            list_id = choice.list_id
            if list_id is None:
                created = StatusListRow(
                    name=choice.list_name,
                    size=choice.size,
                    bits=choice.bits,
                    created_at=now,
                    changed_at=now,
                )
                self.session.add(created)
                await self.session.flush()
                list_id = created.id
            row = CredentialStatusRow(
                list_id=list_id,
                idx=choice.idx,
                dataset_id=dataset_id,
                learner_id=learner_id,
                configuration=configuration,
                state=CredentialState.VALID,
                created_at=now,
            )
            self.session.add(row)
            await self.session.flush()
        except IntegrityError:
            raise IndexTaken(f"{choice.list_name}/{choice.idx}") from None
        return row.id

    async def _free_index(self, list_id: int, size: int, randbelow: Callable[[int], int]) -> int:
        for _ in range(MAX_PROBES):
            candidate = randbelow(size)
            taken = await self.session.scalar(
                select(CredentialStatusRow.id).where(
                    CredentialStatusRow.list_id == list_id,
                    CredentialStatusRow.idx == candidate,
                )
            )
            if taken is None:
                return candidate
        raise RuntimeError("no free status list index found")  # (3/4)^200: never

    async def record_carried(
        self, status_id: int, carried: Iterable[tuple[CarriedKind, int]]
    ) -> tuple[Carried, ...]:
        """What credential ``status_id`` carries, with the values those records hold now."""
        wanted = list(dict.fromkeys(carried))
        ids = {kind: [i for k, i in wanted if k is kind] for kind in CarriedKind}
        results = await result_values(self.session, ids[CarriedKind.RESULT])
        degrees = await degree_values(self.session, ids[CarriedKind.DEGREE])
        values = [
            found
            for kind, record_id in wanted
            if (found := (results if kind is CarriedKind.RESULT else degrees).get(record_id))
        ]
        for item in values:
            self.session.add(
                CarriedRecordRow(
                    status_id=status_id,
                    record_kind=item.kind,
                    record_id=item.record_id,
                    carried=item.text[:500],
                    fingerprint=item.fingerprint,
                )
            )
        await self.session.flush()
        return tuple(values)

    # ----- revoking

    async def revoke(
        self,
        credential_ids: Iterable[int],
        *,
        cause: RevocationCause,
        actor: str,
        reason: str,
        now: datetime,
        learner_id: int | None = None,
    ) -> int:
        """Revoke the still-valid credentials among ``credential_ids`` (of ``learner_id``, when
        given); returns how many were revoked. Revocation is final (Status Type INVALID)."""
        dataset_ids = select(WalletCredentialRow.dataset_id).where(
            WalletCredentialRow.id.in_(sorted(set(credential_ids)))
        )
        return await self._revoke(
            CredentialStatusRow.dataset_id.in_(dataset_ids),
            learner_id=learner_id,
            cause=cause,
            actor=actor,
            reason=reason,
            now=now,
        )

    async def _revoke(
        self,
        where: ColumnElement[bool],
        *,
        learner_id: int | None,
        cause: RevocationCause,
        actor: str,
        reason: str,
        now: datetime,
    ) -> int:
        conditions = [where, CredentialStatusRow.state == CredentialState.VALID]
        if learner_id is not None:
            conditions.append(CredentialStatusRow.learner_id == learner_id)
        list_ids = list(
            await self.session.scalars(
                select(CredentialStatusRow.list_id).where(*conditions).distinct()
            )
        )
        if not list_ids:
            return 0
        result = await self.session.execute(
            update(CredentialStatusRow)
            .where(*conditions)
            .values(
                state=CredentialState.REVOKED,
                revoked_at=now,
                revoked_by=cause,
                revoked_actor=actor[:200],
                revocation_reason=reason[:1000],
            )
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(StatusListRow).where(StatusListRow.id.in_(list_ids)).values(changed_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def revoke_changed(self, *, updated_at: datetime, actor: str, now: datetime) -> int:
        """After an import at ``updated_at``: revoke every valid credential carrying a result or
        degree that import changed, where the values it carried are no longer the stored ones."""
        revoked = 0
        for kind, table in ((CarriedKind.RESULT, ResultRow), (CarriedKind.DEGREE, DegreeRow)):
            changed = select(table.id).where(table.updated_at == updated_at)
            rows = (
                await self.session.execute(
                    select(CarriedRecordRow.status_id, CarriedRecordRow.record_id)
                    .add_columns(CarriedRecordRow.carried, CarriedRecordRow.fingerprint)
                    .join(CredentialStatusRow, CredentialStatusRow.id == CarriedRecordRow.status_id)
                    .where(
                        CarriedRecordRow.record_kind == kind,
                        CarriedRecordRow.record_id.in_(changed),
                        CredentialStatusRow.state == CredentialState.VALID,
                    )
                )
            ).all()
            if not rows:
                continue
            ids = {r[1] for r in rows}
            now_values = await (
                result_values(self.session, ids)
                if kind is CarriedKind.RESULT
                else degree_values(self.session, ids)
            )
            reasons: dict[int, list[str]] = {}
            for status_id, record_id, carried, digest in rows:
                current = now_values.get(record_id)
                if current is None or current.fingerprint != digest:
                    after = current.text if current else "removed"
                    reasons.setdefault(status_id, []).append(f"{carried} → {after}")
            for status_id, changes in reasons.items():
                revoked += await self._revoke(
                    CredentialStatusRow.id == status_id,
                    learner_id=None,
                    cause=RevocationCause.IMPORT,
                    actor=actor,
                    reason="; ".join(changes),
                    now=now,
                )
        return revoked

    # ----- reading

    def _views(self) -> Select[int, CredentialStatusRow, str, str, str, int, datetime]:
        return (
            select(
                WalletCredentialRow.id,
                CredentialStatusRow,
                StatusListRow.name,
                WalletDatasetRow.title,
                WalletDatasetRow.offer_id,
                WalletDatasetRow.position,
                WalletCredentialRow.issued_at,
            )
            .join(WalletDatasetRow, WalletDatasetRow.id == WalletCredentialRow.dataset_id)
            .join(CredentialStatusRow, CredentialStatusRow.dataset_id == WalletDatasetRow.id)
            .join(StatusListRow, StatusListRow.id == CredentialStatusRow.list_id)
        )

    async def credentials(
        self, *, learner_id: int | None = None, credential_id: int | None = None
    ) -> list[CredentialStatus]:
        """Issued credentials with their status and carried records, newest first."""
        query = self._views()
        if learner_id is not None:
            query = query.where(CredentialStatusRow.learner_id == learner_id)
        if credential_id is not None:
            query = query.where(WalletCredentialRow.id == credential_id)
        query = query.order_by(WalletCredentialRow.issued_at.desc(), WalletCredentialRow.id.desc())
        found = (await self.session.execute(query)).all()
        carried: dict[int, list[Carried]] = {}
        status_ids = [row[1].id for row in found]
        if status_ids:
            for item in await self.session.scalars(
                select(CarriedRecordRow)
                .where(CarriedRecordRow.status_id.in_(status_ids))
                .order_by(CarriedRecordRow.id)
            ):
                carried.setdefault(item.status_id, []).append(
                    Carried(item.record_kind, item.record_id, item.carried, item.fingerprint)
                )
        return [
            CredentialStatus(
                credential_id=cid,
                learner_id=entry.learner_id,
                configuration=entry.configuration,
                title=title,
                offer_id=offer_id,
                position=position,
                issued_at=issued_at,
                list_name=name,
                idx=entry.idx,
                state=entry.state,
                revoked_at=entry.revoked_at,
                revoked_by=entry.revoked_by,
                revoked_actor=entry.revoked_actor,
                reason=entry.revocation_reason,
                carried=tuple(carried.get(entry.id, ())),
            )
            for cid, entry, name, title, offer_id, position, issued_at in found
        ]
