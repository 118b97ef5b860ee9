"""The whole URL surface of the gateway, in one table."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from gateway.web.handlers import home, login, ops
from gateway.web.handlers.api import merits as api_merits
from gateway.web.handlers.api import openapi as api_openapi
from gateway.web.handlers.api import records as api_records
from gateway.web.handlers.badges import downloads as badge_downloads
from gateway.web.handlers.badges import issuers as badge_issuers
from gateway.web.handlers.badges import shares as badge_shares
from gateway.web.handlers.credential_status import credentials as credential_status
from gateway.web.handlers.credential_status import lists as status_lists
from gateway.web.handlers.emrex import client, contact_point, registry, transfers
from gateway.web.handlers.oots import preview as oots_preview
from gateway.web.handlers.oots import query as oots
from gateway.web.handlers.verifier import pages as verifier
from gateway.web.handlers.verifier import wallet as verifier_wallet
from gateway.web.handlers.wallet import api as wallet_api
from gateway.web.handlers.wallet import pages as wallet

STATIC_DIR = Path(__file__).parent / "static"


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", home.home, name="home")
    app.router.add_get("/status", home.status, name="status")
    app.router.add_get("/login", login.login_page, name="login")
    app.router.add_post("/login", login.login)
    app.router.add_post("/logout", login.logout, name="logout")
    app.router.add_get("/transfers", transfers.transfers, name="transfers")
    # Credential status (issue #15): status list tokens; the learner's credentials on My transfers
    app.router.add_get("/status/{name}", status_lists.status_list, name="status_list")
    app.router.add_post("/transfers/credentials/{credential_id}/revoke", credential_status.revoke)
    app.router.add_post("/transfers/credentials/{credential_id}/fresh", credential_status.fresh)
    # EMREX contact point, client and registry (issue #3)
    app.router.add_post("/emrex", contact_point.receive, name="emrex")
    app.router.add_get("/emrex", contact_point.receive)
    app.router.add_get("/emrex/{rid}", contact_point.selection, name="emrex_select")
    app.router.add_post("/emrex/{rid}/select", contact_point.select)
    app.router.add_get("/emrex/{rid}/consent", contact_point.consent, name="emrex_consent")
    app.router.add_post("/emrex/{rid}/send", contact_point.send)
    app.router.add_post("/emrex/{rid}/cancel", contact_point.cancel)
    app.router.add_get("/client", client.client_page, name="client")
    app.router.add_post("/client/start", client.start)
    app.router.add_post("/client/return", client.receive_return, name="client_return")
    app.router.add_get("/client/return", client.return_get)
    app.router.add_get("/client/imports/{import_id}", client.import_page, name="client_import")
    app.router.add_get("/client/imports/{import_id}/elmo.xml", client.import_document)
    app.router.add_get("/registry/entry.json", registry.entry, name="registry_entry")
    app.router.add_get("/registry/emrex-data-access-point.xml", registry.manifest)
    # Wallet bridge: OpenID4VCI 1.0 credential issuer (issue #4); flows/wallet/issuer.py builds
    # the absolute URLs of these paths (Endpoints.under, OFFER_PATH, TYPE_METADATA_PATH).
    app.router.add_get("/wallet", wallet.wallet_page, name="wallet")
    app.router.add_post("/wallet/offers", wallet.create_offer)
    app.router.add_get("/wallet/offers/{offer_id}/report.json", wallet.offer_report)
    app.router.add_get("/.well-known/openid-credential-issuer", wallet_api.issuer_metadata)
    app.router.add_get(
        "/.well-known/oauth-authorization-server", wallet_api.authorization_server_metadata
    )
    app.router.add_get("/.well-known/jwt-vc-issuer", wallet_api.jwt_vc_issuer)
    app.router.add_get("/type-metadata/{vct}", wallet_api.type_metadata)
    app.router.add_get("/credential-offer/{token}", wallet_api.credential_offer)
    app.router.add_post("/token", wallet_api.token)
    app.router.add_post("/nonce", wallet_api.nonce)
    app.router.add_post("/credential", wallet_api.credential)
    app.router.add_post("/notification", wallet_api.notification)
    # Open Badges 3.0 (issue #17, docs/badges.md): issuer profiles (the `kid` of every badge
    # resolves here), the learner's downloads and share links, public share pages.
    app.router.add_get("/badges/issuers/{schac}", badge_issuers.issuer_profile, name="badge_issuer")
    app.router.add_get("/badges/{share_id}", badge_shares.page, name="badge_share")
    app.router.add_get("/badges/{share_id}/{name}", badge_shares.document)
    app.router.add_get(
        r"/wallet/badges/{result:\d+}.{format:svg|png|json}", badge_downloads.download
    )
    app.router.add_post("/wallet/badges/shares", badge_downloads.share)
    app.router.add_post("/wallet/badges/shares/{share_id}/revoke", badge_downloads.revoke)

    # OpenID4VP 1.0 verifier (issue #14); flows/verifier/config.py builds the absolute URLs of
    # the wallet's paths (REQUEST_PATH, RESPONSE_PATH, RETURN_PATH).
    app.router.add_get("/wallet/present", verifier.start_page, name="wallet_present")
    app.router.add_post("/wallet/present", verifier.start)
    app.router.add_get("/wallet/present/status/{poll}", verifier.status)
    app.router.add_get("/wallet/present/return", verifier.returned)
    app.router.add_get("/wallet/present/request/{id}", verifier_wallet.request_object)
    app.router.add_post("/wallet/present/request/{id}", verifier_wallet.request_object)
    app.router.add_post("/wallet/present/response/{id}", verifier_wallet.response)
    # OOTS evidence provider (issue #5): EDM requests in, answers out through the outbox; the
    # preview space (flows/oots/config.py PREVIEW_PATH builds the PreviewLocation URLs).
    app.router.add_post("/oots/query", oots.query, name="oots_query")
    app.router.add_get("/oots/preview/{token}", oots_preview.preview, name="oots_preview")
    app.router.add_post("/oots/preview/{token}", oots_preview.decide)
    app.router.add_get("/oots/preview/{token}/documents/{content_id}", oots_preview.document)
    # Student-records integration API (issue #16): clients of `gateway api-client`; the
    # contract is /api/v1/openapi.json (core/api/openapi.py describes these paths).
    app.router.add_post("/api/v1/records", api_records.records, name="api_records")
    app.router.add_get("/api/v1/merits", api_merits.merits, name="api_merits")
    app.router.add_get("/api/v1/merits/{id}", api_merits.merit)
    app.router.add_get("/api/v1/openapi.json", api_openapi.openapi, name="api_openapi")
    # Operations (issue #7): liveness, readiness, Prometheus metrics (web/metrics.py restricts it).
    app.router.add_get("/healthz", ops.healthz, name="healthz")
    app.router.add_get("/readyz", ops.readyz, name="readyz")
    app.router.add_get("/metrics", ops.metrics, name="metrics")
    app.router.add_static("/static/", STATIC_DIR, name="static", append_version=True)
