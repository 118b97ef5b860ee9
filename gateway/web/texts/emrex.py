"""UI texts of the EMREX contact point and client pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {}
