"""The integration API's tests: clients made by the real flow, calls over real HTTP, and every
answer checked against the OpenAPI document the gateway serves (jsonschema, not our code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from gateway.flows.api.clients import add_client
from gateway.storage.database import Database
from tests.web.nodes import Node

CONTRACT_URI = "urn:emrex-gateway:openapi"


async def new_client(
    node: Node, name: str, *scopes: str, certificate_pem: bytes | None = None
) -> str:
    """A client of ``node`` made as `gateway api-client add` makes it; its bearer secret."""
    db = Database.open(node.database_url)
    try:
        added = await add_client(
            db, name, list(scopes), datetime.now(UTC), certificate_pem=certificate_pem
        )
    finally:
        await db.dispose()
    return added.token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


class Contract:
    """The OpenAPI document as served; validates bodies against its component schemas."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(CONTRACT_URI, resource)

    def check(self, body: Any, schema: str) -> None:
        validator = Draft202012Validator(
            {"$ref": f"{CONTRACT_URI}#/components/schemas/{schema}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert errors == [], errors

    def check_answer(self, answer: Answer, path: str, method: str) -> None:
        """The status is one the document lists for the operation, and the body its schema."""
        responses = self.document["paths"][path][method]["responses"]
        assert str(answer.status) in responses, (answer.status, answer.body)
        content = responses[str(answer.status)]["content"]
        (media_type,) = content
        assert answer.headers["Content-Type"].startswith(media_type)
        self.check(answer.body, content[media_type]["schema"]["$ref"].rsplit("/", 1)[1])


async def fetch_contract(node: Node) -> Contract:
    async with (
        aiohttp.ClientSession() as http,
        http.get(node.path("/api/v1/openapi.json")) as response,
    ):
        assert response.status == 200
        return Contract(await response.json())


async def call(
    node: Node,
    method: str,
    path: str,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    content_type: str | None = "application/json",
) -> Answer:
    sent = {**(bearer(token) if token else {}), **(headers or {})}
    if data is not None and content_type is not None:
        sent["Content-Type"] = content_type
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, node.path(path), data=data, headers=sent) as response,
    ):
        body = await response.json(content_type=None)
        return Answer(response.status, dict(response.headers), body)
