"""Baked images give back exactly the signed credential; Pillow and lxml read what we wrote."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree
from PIL import Image

from gateway.core.badges.baking import NotBaked, bake_png, bake_svg, unbake_png, unbake_svg
from gateway.core.badges.image import OB_NAMESPACE, BadgeFace, badge_png, badge_svg
from gateway.core.badges.jwt import BadgeInvalid, sign_badge, verify_badge
from gateway.core.microcredentials import result_eligibility
from tests.core.badges.test_credential import badge
from tests.core.microcredentials.factories import DATA, KARIN, RESULT, UU

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
KEY = ec.generate_private_key(ec.SECP256R1())


def face(lang: str = "en") -> BadgeFace:
    return BadgeFace.of(result_eligibility(KARIN, UU, RESULT, DATA).candidate, lang)


def token() -> str:
    return sign_badge(badge(), KEY, kid="https://gateway.example.se/badges/issuers/uu.se#k")


def test_png_bakes_the_jwt_into_one_itxt_chunk_pillow_reads() -> None:
    signed = token()
    baked = bake_png(badge_png(face()), signed)
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert image.size == (600, 600)
    assert image.text["openbadgecredential"] == signed  # type: ignore[attr-defined]
    assert unbake_png(baked) == signed
    rebaked = bake_png(baked, signed[::-1])  # re-baking replaces, never adds a second chunk
    assert unbake_png(rebaked) == signed[::-1]
    assert rebaked.count(b"openbadgecredential") == 1


def test_svg_bakes_the_jwt_as_the_first_child_and_is_accessible() -> None:
    signed = token()
    baked = bake_svg(badge_svg(face("sv")), signed)
    root = etree.fromstring(baked.encode("utf-8"))
    first = root[0]
    assert first.tag == f"{{{OB_NAMESPACE}}}credential"
    assert first.get("verify") == signed
    assert unbake_svg(baked.encode("utf-8")) == signed
    svg = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title = root.find(f"{svg}title")
    desc = root.find(f"{svg}desc")
    assert title is not None
    assert desc is not None
    assert title.text == "Databasteknik I — Uppsala universitet"
    assert desc.text is not None
    for words in ("1DL301", "7.5 hp", "EQF-nivå 6", "2011-01-14"):
        assert words in desc.text


def test_damaged_images_are_refused() -> None:
    baked = bytearray(bake_png(badge_png(face()), token()))
    baked[40] ^= 1
    with pytest.raises(NotBaked, match="CRC"):
        unbake_png(bytes(baked))
    with pytest.raises(NotBaked, match="found 0"):
        unbake_png(badge_png(face()))
    with pytest.raises(NotBaked, match="found 0"):
        unbake_svg(badge_svg(face()).encode())


def test_our_verifier_checks_signature_claims_and_time() -> None:
    signed = token()
    verified = verify_badge(signed, KEY.public_key(), now=NOW)
    assert verified.credential == badge() | {
        "credentialSubject": verified.credential["credentialSubject"]
    }
    with pytest.raises(BadgeInvalid, match="not valid yet"):
        verify_badge(signed, KEY.public_key(), now=NOW - timedelta(days=1))
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(BadgeInvalid):
        verify_badge(signed, other.public_key(), now=NOW)
