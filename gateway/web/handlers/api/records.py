"""POST /api/v1/records (issue #16): the records document in one transaction, the summary out."""

from __future__ import annotations

from aiohttp import web

from gateway.core.api.clients import ApiClient, Scope
from gateway.core.api.openapi import IDEMPOTENCY_HEADER, REPLAYED_HEADER
from gateway.core.api.records import check_idempotency_key
from gateway.flows.api.records import post_records
from gateway.web import appkeys
from gateway.web.handlers.api.calls import api_call, read_json_body


@api_call("postRecords", Scope.RECORDS_WRITE)
async def records(request: web.Request, client: ApiClient) -> web.StreamResponse:
    key = check_idempotency_key(request.headers.get(IDEMPOTENCY_HEADER))
    body = await read_json_body(request)
    answer = await post_records(request.app[appkeys.SERVICES], client, body, key)
    headers = {"Cache-Control": "no-store"}
    if answer.replayed:
        headers[REPLAYED_HEADER] = "true"
    return web.json_response(answer.body, status=answer.status, headers=headers)
