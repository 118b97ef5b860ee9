"""POST /api/v1/records over real HTTP: the same import as `gateway import`, idempotent retries."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from aiohttp.test_utils import unused_port

from gateway.core.demo import demo_document
from gateway.core.keys import SigningKey
from gateway.storage.tables import Base, UTCDateTime
from tests.storage.helpers import Template, dump, rows
from tests.web.api.support import Contract, call, new_client
from tests.web.nodes import Node, default_wallet_key
from tests.web.processes import ROOT, write_deployment

RECORDS = "/api/v1/records"
DEGREE_TABLES = "gateway.storage.degree_tables"
EXAMPLES = ROOT / "docs" / "examples"


def record_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the results store's tables, without the times the rows were written."""
    found = {}
    for mapper in Base.registry.mappers:
        if mapper.class_.__module__ not in ("gateway.storage.tables", DEGREE_TABLES):
            continue
        table = mapper.class_.__table__
        columns = [c.name for c in table.columns if not isinstance(c.type, UTCDateTime)]
        sql = f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY id"  # noqa: S608
        found[table.name] = rows(url, sql)
    return found


def _describe(body: dict[str, Any]) -> str:
    """The CLI's summary line, made from the API's counts."""
    return "; ".join(
        f"{kind.replace('_', ' ')}: {c['inserted']} inserted, {c['updated']} updated, "
        f"{c['unchanged']} unchanged"
        for kind, c in body["counts"].items()
    )


async def test_an_api_import_equals_the_cli_import_row_for_row(
    tmp_path: Path,
    api_node: Node,
    contract: Contract,
    migrated_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
) -> None:
    data = json.dumps(demo_document("se"), ensure_ascii=False).encode()
    path = tmp_path / "records.json"
    path.write_bytes(data)
    cli = write_deployment(
        tmp_path / "cli",
        migrated_template.clone(tmp_path / "cli"),
        signing_key,
        default_wallet_key(),
        schema_dir,
        unused_port(),
    )
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "gateway", "--config", str(cli.config), "import", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    token = await new_client(api_node, "ladok", "records:write")
    answer = await call(api_node, "POST", RECORDS, token=token, data=data)
    assert answer.status == 200, answer.body
    contract.check_answer(answer, RECORDS, "post")
    assert done.stdout.strip() == f"{path}: {_describe(answer.body)}"
    assert answer.body["inserted"] > 100
    assert answer.body["changed"] is True

    via_api, via_cli = record_rows(api_node.database_url), record_rows(cli.database_url)
    assert via_api["results"]
    assert via_api == via_cli

    again = await call(api_node, "POST", RECORDS, token=token, data=data)
    assert again.status == 200
    assert again.body["inserted"] == again.body["updated"] == 0
    assert again.body["changed"] is False


async def test_a_retried_post_with_the_same_key_is_applied_once(
    api_node: Node, contract: Contract
) -> None:
    token = await new_client(api_node, "ladok", "records:write")
    document = demo_document("no")
    data = json.dumps(document).encode()
    key = {"Idempotency-Key": "ladok-batch-2026-12-07"}
    first, second = await asyncio.gather(
        call(api_node, "POST", RECORDS, token=token, data=data, headers=key),
        call(api_node, "POST", RECORDS, token=token, data=data, headers=key),
    )
    assert first.status == second.status == 200
    assert first.body == second.body
    assert first.body["inserted"] > 0  # both show the answer of the one that applied
    replayed = sorted(a.headers.get("Idempotent-Replayed", "") for a in (first, second))
    assert replayed == ["", "true"]
    contract.check_answer(second, RECORDS, "post")
    before = dump(api_node.database_url)

    retried = await call(api_node, "POST", RECORDS, token=token, data=data, headers=key)
    assert (retried.status, retried.body) == (200, first.body)
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert dump(api_node.database_url) == before

    result = document["results"][0]
    result["status"], result["grade"] = "failed", "F"
    changed = json.dumps(document).encode()
    refused = await call(api_node, "POST", RECORDS, token=token, data=changed, headers=key)
    assert refused.status == 422
    assert refused.body["error"] == "idempotency_key_reused"
    contract.check_answer(refused, RECORDS, "post")
    assert dump(api_node.database_url) == before

    fresh = {"Idempotency-Key": "ladok-batch-2026-12-08"}
    applied = await call(api_node, "POST", RECORDS, token=token, data=changed, headers=fresh)
    assert applied.status == 200
    assert applied.body["counts"]["results"]["updated"] == 1


async def test_a_refused_document_names_record_and_field_and_writes_nothing(
    api_node: Node, contract: Contract
) -> None:
    token = await new_client(api_node, "ladok", "records:write")
    document = demo_document("se")
    document["results"][3]["grade"] = "VG"
    document["results"][3]["scale"] = "TH"
    before = dump(api_node.database_url)
    answer = await call(api_node, "POST", RECORDS, token=token, data=json.dumps(document).encode())
    assert answer.status == 422
    contract.check_answer(answer, RECORDS, "post")
    assert answer.body["error"] == "invalid_records"
    assert answer.body["record"] == "results[3]"
    assert answer.body["field"] in ("grade", "status")
    assert "results[3]" in answer.body["detail"]
    assert not re.search(r"\d{8}-\d{4}", json.dumps(answer.body))  # no national identifier
    assert dump(api_node.database_url) == before


async def test_degrees_go_through_the_same_import_and_name_no_files(
    api_node: Node, contract: Contract
) -> None:
    """The ``degrees`` section over HTTP (issue #13): imported and counted as by `gateway
    import`; an institution's own PDF can only be given with an import file."""
    token = await new_client(api_node, "ladok", "records:write")
    document = json.loads((EXAMPLES / "degrees.json").read_text(encoding="utf-8"))
    with_pdf = json.loads(json.dumps(document))
    with_pdf["degrees"][0]["certificate_pdf"] = "pdf/certificate.pdf"
    before = dump(api_node.database_url)
    refused = await call(api_node, "POST", RECORDS, token=token, data=json.dumps(with_pdf).encode())
    assert refused.status == 422
    contract.check_answer(refused, RECORDS, "post")
    assert (refused.body["record"], refused.body["field"]) == ("degrees[0]", "certificate_pdf")
    assert "only be given in an import file" in refused.body["detail"]
    assert dump(api_node.database_url) == before
    answer = await call(api_node, "POST", RECORDS, token=token, data=json.dumps(document).encode())
    assert answer.status == 200, answer.body
    contract.check_answer(answer, RECORDS, "post")
    assert answer.body["counts"]["degrees"] == {"inserted": 1, "updated": 0, "unchanged": 0}
