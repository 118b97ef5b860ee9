"""UI texts per area of the gateway, merged into one catalogue (each key names its area)."""

from __future__ import annotations

from gateway.web.texts import (
    badges,
    common,
    credential_status,
    degrees,
    emrex,
    home,
    microcredentials,
    oots,
    verifier,
    wallet,
)
from gateway.web.texts.common import Texts

MODULES = (
    common,
    emrex,
    wallet,
    oots,
    microcredentials,
    degrees,
    badges,
    home,
    credential_status,
    verifier,
)


def all_texts() -> Texts:
    merged: Texts = {}
    for module in MODULES:
        clash = merged.keys() & module.TEXTS.keys()
        if clash:
            raise RuntimeError(f"UI text keys defined twice: {sorted(clash)}")
        merged.update(module.TEXTS)
    return merged
