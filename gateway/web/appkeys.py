"""Every typed application key of the aiohttp app, in one place."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.credential_status.check import StatusListClient
from gateway.flows.oots.provider import OotsProvider
from gateway.flows.services import Services
from gateway.flows.verifier.config import Verifier
from gateway.flows.wallet.issuer import WalletIssuer
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.settings import Settings
from gateway.web.render import Renderer

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
RENDERER = web.AppKey("renderer", Renderer)
WALLET = web.AppKey("wallet", WalletIssuer)
WALLET_KINDS = web.AppKey("wallet_kinds", KindRegistry)  # when not the registry's own
OOTS = web.AppKey("oots", OotsProvider)
VERIFIER = web.AppKey("verifier", Verifier)
STATUS_LISTS = web.AppKey("status_lists", StatusListClient)  # the verifier's status checks
