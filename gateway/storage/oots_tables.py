"""OOTS evidence-provider state (exchanges, previews, the delivery outbox) — issue #5."""

from __future__ import annotations
