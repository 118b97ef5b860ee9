"""Our registry entry (EMREG JSON, EWP manifest), the client's registry, `registry build`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from gateway.core.keys import SigningKey, write_key_pair
from gateway.core.registry import emreg_document, load_manifest_schema, parse_registry
from gateway.core.xml import parse_xml
from gateway.flows.emrex.registry import load_emreg_validator
from tests.storage.helpers import Backend, Template, sqlite_path, table_names
from tests.web.emrex.support import (
    CP_ACRONYM,
    KARIN_NO,
    browsing,
    dev_login,
    federation,
    write_registry,
)
from tests.web.nodes import running_node

LOOPBACK = ["127.0.0.1", "localhost"]


async def test_our_entry_round_trips_through_the_registry_parser(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    overrides = {"emrex": {"acronym": "SE-TEST"}, "gateway": {"country": "SE"}}
    async with (
        running_node(
            tmp_path / "n",
            seeded_template,
            signing_key,
            schema_dir,
            overrides,
        ) as node,
        browsing() as person,
    ):
        page = await person.get(node.path("/registry/entry.json"))
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("application/json")
    entry: dict[str, Any] = json.loads(page.text)
    assert set(entry) == {"acronym", "countryCode", "institutions", "url", "pubKey"}
    registry = parse_registry(
        json.dumps(emreg_document([entry])).encode(),
        load_emreg_validator(schema_dir),
        insecure_hosts=LOOPBACK,
    )
    point = registry.contact_point("SE-TEST")
    assert point is not None
    assert point.url == node.path("/emrex")
    assert point.country_code == "SE"
    assert set(point.institutions) == {"uu.se", "umu.se", "su.se"}
    assert point.certificates == (signing_key.certificate,)


async def test_the_manifest_entry_is_valid_against_the_ewp_xsd(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    https = {"server": {"public_url": "https://emp.example.se"}}
    async with (
        running_node(
            tmp_path / "n",
            seeded_template,
            signing_key,
            schema_dir,
            https,
        ) as node,
        browsing() as person,
    ):
        page = await person.get(
            f"http://127.0.0.1:{node.settings.server.port}/registry/emrex-data-access-point.xml"
        )
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("application/xml")
    root = parse_xml(page.text.encode())
    xsd = load_manifest_schema(schema_dir)
    assert xsd.validate(root), xsd.error_log
    assert "<url>https://emp.example.se/emrex</url>" in page.text
    assert page.text.count("<institution>") == 3


async def test_the_client_reads_the_legacy_ncps_form(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    async with federation(
        tmp_path, seeded_template, seeded_no_template, signing_key, client_key, schema_dir
    ) as fed:
        document = await write_registry(tmp_path / "legacy.json", [fed.cp], schema_dir)
        document["ncps"] = document.pop("emps")
        (tmp_path / "legacy.json").write_text(json.dumps(document), encoding="utf-8")
    client = {"registry": {"source": str(tmp_path / "legacy.json")}}
    async with (
        running_node(
            tmp_path / "c2",
            seeded_no_template,
            client_key,
            schema_dir,
            client,
        ) as node,
        browsing() as person,
    ):
        page = await dev_login(person, node, KARIN_NO, "/client")
    assert f'value="{CP_ACRONYM}"' in page.text


async def test_without_a_registry_the_client_says_so_and_the_contact_point_serves(
    tmp_path: Path, seeded_no_template: Template, client_key: SigningKey, schema_dir: Path
) -> None:
    home = tmp_path / "n"
    home.mkdir()
    (home / "registry.json").write_text('{"emps": "not a list"}', encoding="utf-8")
    async with (
        running_node(home, seeded_no_template, client_key, schema_dir) as node,
        browsing() as person,
    ):
        page = await dev_login(person, node, KARIN_NO, "/client")
        assert page.status == 200
        assert "The EMREX registry is unavailable" in page.text
        assert "/client/start" not in page.text
        served = await person.get(node.path("/emrex?sessionId=s&returnUrl=https://a.example/r"))
        assert served.status == 200


def test_registry_build_lists_every_node(
    tmp_path: Path,
    database_backend: Backend,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    configs, urls = [], []
    for name, database, key, country, port in (
        ("se", seeded_template, signing_key, "SE", 8081),
        ("no", seeded_no_template, client_key, "NO", 8082),
    ):
        home = tmp_path / name
        home.mkdir()
        database_url = database.clone(home)
        urls.append(database_url)
        write_key_pair(key, home / "signing.crt", home / "signing.key")
        config = home / "gateway.toml"
        config.write_text(
            f"""
[gateway]
country = "{country}"
[server]
public_url = "http://127.0.0.1:{port}"
[database]
url = "{database_url}"
[signing]
cert = "{home / "signing.crt"}"
key = "{home / "signing.key"}"
[schemas]
dir = "{schema_dir}"
[emrex]
acronym = "{name.upper()}-GW"
""",
            encoding="utf-8",
        )
        configs.append(config)
    out = tmp_path / "registry.json"
    gateway = [sys.executable, "-m", "gateway", "--config", str(configs[0])]
    done = subprocess.run(
        [*gateway, "registry", "build", *map(str, configs), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 contact point(s)" in done.stdout
    registry = parse_registry(
        out.read_bytes(), load_emreg_validator(schema_dir), insecure_hosts=LOOPBACK
    )
    assert [p.acronym for p in registry.contact_points] == ["SE-GW", "NO-GW"]
    norway = registry.contact_point("NO-GW")
    assert norway is not None
    assert set(norway.institutions) == {"uio.no", "ntnu.no"}
    assert norway.url == "http://127.0.0.1:8082/emrex"
    assert [c.code for c, _ in registry.by_country()] == ["NO", "SE"]

    missing = tmp_path / "missing.toml"
    no_database = database_backend.empty(tmp_path / "none")
    missing.write_text(configs[0].read_text().replace(urls[0], no_database))
    failed = subprocess.run(
        [*gateway, "registry", "build", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 1
    assert "empty or missing" in failed.stderr
    if database_backend.name == "sqlite":
        assert not sqlite_path(no_database).exists(), "a missing database must not be created"
    else:
        assert table_names(no_database) == set(), "an empty database must stay empty"
