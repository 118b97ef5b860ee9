"""Import files (`gateway import`) carrying SQL metacharacters and markup: stored verbatim, shown
escaped; a file refused halfway changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import main
from gateway.core.keys import SigningKey
from tests.storage.helpers import Template, dump, rows
from tests.web.hardening.support import SQL, SQL_TOKEN, XSS, assert_escaped, shown_escaped
from tests.web.nodes import browser, csrf_of, running_node

CODE = "SQL';--"
HOSTILE_LEARNER = {
    "national_id": SQL_TOKEN,
    "id_country": "DE",
    "given_names": XSS,
    "family_name": SQL,
    "birth_date": "1999-09-09",
}
RECORDS: dict[str, Any] = {
    "format": "emrex-gateway/records",
    "version": 1,
    "learners": [HOSTILE_LEARNER],
    "opportunities": [
        {
            "institution": "uu.se",
            "code": CODE,
            "kind": "course",
            "title_sv": XSS,
            "title_en": XSS,
            "credits": "7.5",
        }
    ],
    "results": [
        {
            "learner": SQL_TOKEN,
            "institution": "uu.se",
            "opportunity": CODE,
            "status": "passed",
            "date": "2024-01-15",
            "grade": "VG",
            "scale": "UV",
        }
    ],
}


def _config(home: Path, url: str, schema_dir: Path) -> Path:
    path = home / "gateway.toml"
    path.write_text(
        f'[server]\npublic_url = "http://127.0.0.1:8080"\n[database]\nurl = "{url}"\n'
        f'[signing]\ncert = "{home}/c.crt"\nkey = "{home}/c.key"\n'
        f'[schemas]\ndir = "{schema_dir}"\n[logging]\nformat = "text"\nlevel = "WARNING"\n',
        encoding="utf-8",
    )
    return path


def _import(url: str, home: Path, schema_dir: Path, name: str, data: bytes) -> int:
    file = home / name
    file.write_bytes(data)
    return main(["--config", str(_config(home, url, schema_dir)), "import", str(file)])


def _csv(records: dict[str, Any]) -> bytes:
    learner, opportunity, result = (records[k][0] for k in ("learners", "opportunities", "results"))
    row = {
        "institution": "uu.se",
        "national_id": learner["national_id"],
        "opportunity": opportunity["code"],
        "status": "passed",
        "date": result["date"],
        "grade": "VG",
        "scale": "UV",
        **{k: learner[k] for k in ("id_country", "given_names", "family_name", "birth_date")},
        **{k: opportunity[k] for k in ("kind", "title_sv", "title_en")},
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_sql_metacharacters_are_stored_verbatim(
    tmp_path: Path, seeded_template: Template, schema_dir: Path, fmt: str
) -> None:
    url = seeded_template.clone(tmp_path / "db")
    learners = rows(url, "SELECT count(*) FROM learners")[0][0]
    data = json.dumps(RECORDS).encode() if fmt == "json" else _csv(RECORDS)
    assert _import(url, tmp_path, schema_dir, f"hostile.{fmt}", data) == 0
    assert rows(url, "SELECT count(*) FROM learners")[0][0] == learners + 1
    stored = rows(
        url, "SELECT given_names, family_name FROM learners WHERE national_id = ?", SQL_TOKEN
    )
    assert stored == [(XSS, SQL)]
    titles = rows(url, "SELECT title_en FROM opportunities WHERE code = ?", CODE)
    assert titles == [(XSS,)]


def test_a_refused_hostile_file_changes_nothing(
    tmp_path: Path, seeded_template: Template, schema_dir: Path
) -> None:
    url = seeded_template.clone(tmp_path / "db")
    before = dump(url)
    broken = json.loads(json.dumps(RECORDS))
    broken["results"][0]["grade"] = SQL  # not on the scale: the whole file is refused
    assert _import(url, tmp_path, schema_dir, "broken.json", json.dumps(broken).encode()) == 1
    assert dump(url) == before


async def test_imported_markup_is_shown_escaped(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    def load(url: str) -> None:
        assert _import(url, tmp_path, schema_dir, "h.json", json.dumps(RECORDS).encode()) == 0

    hostile = seeded_template.derive(tmp_path / "template", load)
    async with (
        running_node(tmp_path / "node", hostile, signing_key, schema_dir) as node,
        browser() as client,
    ):
        login = await (await client.get(node.path("/login"))).text()
        assert_escaped(login)  # the development page lists every learner by name
        assert shown_escaped(login)
        await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(login), "national_id": SQL_TOKEN, "next": "/"},
        )
        request = await client.post(
            node.path("/emrex"),
            data={"sessionId": "s", "returnUrl": "https://client.example.org/r"},
        )
        selection = await request.text()
        wallet = await (await client.get(node.path("/wallet"))).text()
    assert request.status == 200
    for page in (selection, wallet):
        assert_escaped(page)
        assert shown_escaped(page)
