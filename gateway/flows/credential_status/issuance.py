"""Status for every credential the wallet issuer signs (issue #15), whatever its kind.

Called by the one credential endpoint flow (``flows/wallet/protocol.py``): before signing, the
dataset gets a random free index of the open status list (the same one again if a first
attempt failed), which becomes the credential's ``status.status_list`` claim; when it is
issued, the results and degrees it carries are recorded with the values they had
(``StatusRepository.record_carried``, in the issuing transaction).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gateway.core.statuslist import StatusReference, status_claim
from gateway.flows.credential_status.publish import status_list_uri
from gateway.flows.services import Services
from gateway.storage.credential_status import Reservation, StatusRepository
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


async def reserve_status(
    services: Services, identifier: str, *, dataset_id: int, learner_id: int, configuration: str
) -> tuple[Reservation, dict[str, Any]]:
    """The dataset's status entry and the ``status`` claim its credential carries in clear."""
    config = services.settings.status
    async with services.db.session(write=True) as session, session.begin():
        reservation = await StatusRepository(session).reserve(
            dataset_id,
            learner_id,
            configuration,
            size=config.list_size,
            bits=config.bits,
            now=services.clock(),
        )
    uri = status_list_uri(identifier, reservation.list_name)
    return reservation, status_claim(StatusReference(idx=reservation.idx, uri=uri))
