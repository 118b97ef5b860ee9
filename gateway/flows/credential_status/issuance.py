"""Status for every credential the wallet issuer signs (issue #15), whatever its kind.

Called by the one credential endpoint flow (``flows/wallet/protocol.py``): before signing, a
random free index of the open status list is chosen, which becomes the credential's
``status.status_list`` claim; the issuing transaction claims it (``StatusRepository.claim``;
taken meanwhile: choose and sign again) and records the results and degrees the credential
carries with the values they had (``record_carried``). A refused request stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gateway.core.statuslist import StatusReference, status_claim
from gateway.flows.credential_status.publish import status_list_uri
from gateway.flows.services import Services
from gateway.storage.credential_status import StatusChoice, StatusRepository
from gateway.storage.status_tables import CarriedKind

CarriedIds = tuple[tuple[CarriedKind, int], ...]


def carried_ids(subject: Mapping[str, Any]) -> CarriedIds:
    """The records a dataset's subject names: ``result`` / ``results`` ids, ``degree`` id."""
    found: list[tuple[CarriedKind, int]] = []
    results = subject.get("results")
    single = subject.get("result")
    for value in [*(results if isinstance(results, list) else ()), single]:
        if isinstance(value, int) and not isinstance(value, bool):
            found.append((CarriedKind.RESULT, value))
    degree = subject.get("degree")
    if isinstance(degree, int) and not isinstance(degree, bool):
        found.append((CarriedKind.DEGREE, degree))
    return tuple(dict.fromkeys(found))


async def choose_status(services: Services, identifier: str) -> tuple[StatusChoice, dict[str, Any]]:
    """An entry for a credential about to be signed, and the ``status`` claim it carries in
    clear; nothing is stored until the issuing transaction claims it."""
    config = services.settings.status
    async with services.db.session() as session:
        choice = await StatusRepository(session).choose(size=config.list_size, bits=config.bits)
    uri = status_list_uri(identifier, choice.list_name)
    return choice, status_claim(StatusReference(idx=choice.idx, uri=uri))
