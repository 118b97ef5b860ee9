"""`gateway schemas`: copy from a spec folder or download from a mirror, always checksum-checked."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from gateway.errors import SchemaMissingError
from gateway.flows.schema_dir import (
    GITHUB_RAW,
    PinnedFile,
    fill_schema_dir,
    load_manifest,
    missing_files,
    require_schema_dir,
)

ELMO_FILES = ("elmo/schema.xsd", "elmo/references/xmldsig-core-schema.xsd")


def small_manifest() -> tuple[PinnedFile, ...]:
    return tuple(p for p in load_manifest() if p.path in ELMO_FILES)


def test_manifest_pins_every_file_the_gateway_loads() -> None:
    paths = {p.path for p in load_manifest()}
    for needed in (
        "elmo/schema.xsd",
        "elmo/w3/xml.xsd",
        "elmo/emreg/emregjsonschema.json",
        "elm/european-commission-empl_European-Learning-Model/EDC-3.2-LTS/rdf/ap/edc/edc-ap-context.jsonld",
        "oots/tdd-1.0.x/xsd/sdg/oots_driver_v1.0.0.xsd",
    ):
        assert needed in paths
    for pinned in load_manifest():
        assert pinned.url.startswith("https://")
        assert len(pinned.sha256) == 64


def test_copy_from_spec_folder_then_keep(schema_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    first = fill_schema_dir(target, source=schema_dir, manifest=small_manifest())
    assert (first.copied, first.kept) == (2, 0)
    second = fill_schema_dir(target, source=schema_dir, manifest=small_manifest())
    assert (second.copied, second.kept) == (0, 2)
    assert missing_files(target, small_manifest()) == []


def test_changed_source_file_is_refused(schema_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "spec"
    for pinned in small_manifest():
        (source / pinned.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(schema_dir / pinned.path, source / pinned.path)
    (source / "elmo/schema.xsd").write_bytes(b"<xs:schema/>")
    target = tmp_path / "schemas"
    with pytest.raises(SchemaMissingError, match="does not match the pinned sha256"):
        fill_schema_dir(target, source=source, manifest=small_manifest())
    assert not (target / "elmo/schema.xsd").exists()


def test_missing_schema_dir_is_a_clear_startup_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaMissingError, match="run `make schemas`"):
        require_schema_dir(tmp_path / "nothing-here")


async def test_download_from_a_mirror_over_http(schema_dir: Path, tmp_path: Path) -> None:
    """The download path, against a real HTTP server on loopback standing in for upstream."""
    served: list[str] = []

    async def raw(request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        served.append(path)
        for pinned in small_manifest():
            if unquote(urlsplit(pinned.url).path) == path:
                return web.Response(body=(schema_dir / pinned.path).read_bytes())
        raise web.HTTPNotFound()

    app = web.Application()
    app.router.add_get("/{tail:.*}", raw)
    async with TestServer(app, host="127.0.0.1") as server:
        mirror = str(server.make_url(""))
        target = tmp_path / "schemas"
        report = await asyncio.to_thread(
            fill_schema_dir, target, mirror=mirror, manifest=small_manifest()
        )
    assert report.downloaded == 2
    assert len(served) == 2
    for pinned in small_manifest():
        data = (target / pinned.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == pinned.sha256
        assert pinned.url.startswith(GITHUB_RAW)
