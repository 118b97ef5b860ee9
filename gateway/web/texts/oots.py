"""UI texts of the OOTS preview pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {}
