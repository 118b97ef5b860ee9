"""What `gateway wallet status` prints: issued wallet credentials, their status, revocations."""

from __future__ import annotations

import getpass

from gateway.flows.credential_status.manage import credential_statuses, revoke_as_operator
from gateway.flows.credential_status.publish import status_list_uri
from gateway.flows.services import Services
from gateway.settings import Settings
from gateway.storage.credential_status import CredentialStatus


def _lines(item: CredentialStatus, identifier: str) -> list[str]:
    lines = [
        f"credential {item.credential_id}: {item.state} · {item.configuration} · {item.title}",
        f"  issued {item.issued_at.isoformat(timespec='seconds')} to learner {item.learner_id}",
        f"  status_list idx {item.idx} uri {status_list_uri(identifier, item.list_name)}",
    ]
    if item.revoked_at is not None:
        when = item.revoked_at.isoformat(timespec="seconds")
        lines.append(f"  revoked {when} by {item.revoked_by} ({item.revoked_actor}): {item.reason}")
    lines += [f"  carries {c.kind} {c.record_id}: {c.text}" for c in item.carried]
    return lines


async def wallet_status(
    settings: Settings,
    *,
    credential_id: int | None = None,
    revoke: int | None = None,
    reason: str | None = None,
) -> str:
    """The status of every issued credential (or one); ``revoke``: revoke it first, for
    ``reason``, recorded as done by the operator running the command."""
    identifier = settings.server.public_url.rstrip("/")
    services = await Services.open(settings)
    try:
        if revoke is not None:
            operator = f"operator {getpass.getuser()}"
            revoked = await revoke_as_operator(
                services, revoke, reason=reason or "", operator=operator
            )
            return "\n".join(_lines(revoked, identifier))
        found = await credential_statuses(services, credential_id=credential_id)
    finally:
        await services.close()
    if not found:
        return f"no credential {credential_id}" if credential_id else "no wallet credentials"
    return "\n".join(line for item in found for line in _lines(item, identifier))
