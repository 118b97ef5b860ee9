"""What `gateway elm convert|check` and `gateway wallet offer` print (the operator's view)."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from gateway.errors import InvalidInput
from gateway.flows.elmo.elm import check_file, convert_elmo_file
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.flows.services import Services
from gateway.flows.wallet.issuer import load_wallet_issuer, operator_identity
from gateway.flows.wallet.kinds.micro import micro_choice
from gateway.flows.wallet.kinds.transcript import transcript_choice
from gateway.flows.wallet.offers import create_offer
from gateway.settings import Settings


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def elm_convert(settings: Settings, path: Path, *, packed: bool, report: Path | None) -> str:
    """The ELM credentials (a JSON array, one per ELMO report) issued by the ``[issuer]``."""
    result = convert_elmo_file(settings, path, packed=packed, issuer=operator_identity(settings))
    if report is not None:
        report.write_text(_json(result.report.to_json()) + "\n", encoding="utf-8")
    return _json(list(result.credentials))


def elm_check(settings: Settings, path: Path, *, packed: bool) -> str:
    """The EU micro-credential (Annex I) report of each credential, as a JSON array."""
    reports = check_file(settings, path, packed=packed, issuer=operator_identity(settings))
    return _json([r.to_json() for r in reports])


async def wallet_offer(
    settings: Settings,
    national_id: str,
    *,
    select: Collection[int] | None,
    import_id: int | None,
    micro: bool = False,
) -> str:
    """Make an offer as "Add to wallet" does; the lines hold the link and the tx_code.

    ``micro``: the micro-credentials (ELM, flat, Open Badge) of the ``select``ed courses, or of
    every complete one.
    """
    wallet = load_wallet_issuer(settings)
    services = await Services.open(settings)
    try:
        chosen = transcript_choice(select, import_id)
        if micro:
            if select is None:
                found = await learner_micro_credentials(services.db, national_id)
                select = [c.candidate.achievement.result_id or 0 for c in found.eligible]
                if not select:
                    raise InvalidInput("no course of this learner is a complete micro-credential")
            chosen = micro_choice(select)
        created = await create_offer(services, wallet, national_id, chosen=chosen)
    finally:
        await services.close()
    lines = [
        f"offer: {created.link}",
        f"credential_offer_uri: {created.offer_uri}",
        f"tx_code: {created.tx_code}",
        f"expires: {created.expires_at.isoformat(timespec='seconds')}",
    ]
    for credential in created.credentials:
        line = f"credential {credential.position}: {credential.title}"
        if credential.report is not None:
            missing = ", ".join(map(str, credential.report.missing)) or "none"
            line += f" (Annex I missing: {missing})"
        lines.append(line)
    return "\n".join(lines)
