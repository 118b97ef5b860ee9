"""UI texts of the wallet (OpenID4VCI) pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {}
