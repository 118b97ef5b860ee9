"""Migration 0005 for real: datasets made before credential kinds become transcript datasets."""

from __future__ import annotations

import json

from alembic import command

from gateway.storage.database import alembic_config, upgrade_database
from tests.storage.helpers import execute, outside_loop, rows


def _offer(url: str, offer_id: str, learner_id: int, import_id: int | None) -> None:
    execute(
        url,
        "INSERT INTO wallet_offers (id, token_hash, code_hash, learner_id, source, import_id, "
        "failed_attempts, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        offer_id,
        f"t-{offer_id}",
        f"c-{offer_id}",
        learner_id,
        "own" if import_id is None else "import",
        import_id,
    )


def test_existing_datasets_become_transcript_datasets(seeded_url: str) -> None:
    outside_loop(command.downgrade, alembic_config(seeded_url), "0004")
    ((learner_id,),) = rows(seeded_url, "SELECT min(id) FROM learners")
    execute(
        seeded_url,
        "INSERT INTO client_sessions (id, session_id, learner_id, contact_point, "
        "contact_point_url, state, created_at, expires_at) VALUES (7, 's', ?, 'NO-GW', "
        "'https://no.example', 'returned', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        learner_id,
    )
    execute(
        seeded_url,
        "INSERT INTO external_imports (id, learner_id, client_session_id, contact_point, "
        "contact_point_url, certificate_sha256, signature_algorithm, elmo_xml, report_count, "
        "result_count, ects_total, received_at) VALUES (9, ?, 7, 'NO-GW', 'https://no.example', "
        "?, 'rsa-sha256', ?, 2, 3, 15, CURRENT_TIMESTAMP)",
        learner_id,
        "0" * 64,
        b"<elmo/>",
    )
    _offer(seeded_url, "own-offer", learner_id, None)
    _offer(seeded_url, "import-offer", learner_id, 9)
    for offer_id, position, report, document in (
        ("own-offer", 1, 1, b"<signed/>"),
        ("own-offer", 2, 1, b"<signed too/>"),
        ("import-offer", 1, 1, None),
        ("import-offer", 2, 2, None),
    ):
        execute(
            seeded_url,
            "INSERT INTO wallet_datasets (offer_id, position, report, title, document) "
            "VALUES (?, ?, ?, 'Institution', ?)",
            offer_id,
            position,
            report,
            document,
        )

    outside_loop(upgrade_database, seeded_url)

    found = rows(
        seeded_url,
        "SELECT offer_id, position, configuration, subject, import_id FROM wallet_datasets "
        "ORDER BY offer_id, position",
    )
    assert [(o, p, c, json.loads(s), i) for o, p, c, s, i in found] == [
        (
            "import-offer",
            1,
            "elm_transcript_sd_jwt",
            {"import": 9, "report": 1, "source": "import"},
            9,
        ),
        (
            "import-offer",
            2,
            "elm_transcript_sd_jwt",
            {"import": 9, "report": 2, "source": "import"},
            9,
        ),
        ("own-offer", 1, "elm_transcript_sd_jwt", {"report": 1, "source": "own"}, None),
        ("own-offer", 2, "elm_transcript_sd_jwt", {"report": 1, "source": "own"}, None),
    ]

    # and back: the report numbers return from the subjects
    outside_loop(command.downgrade, alembic_config(seeded_url), "0004")
    assert rows(
        seeded_url,
        "SELECT offer_id, position, report FROM wallet_datasets ORDER BY offer_id, position",
    ) == [("import-offer", 1, 1), ("import-offer", 2, 2), ("own-offer", 1, 1), ("own-offer", 2, 1)]
