"""The gateway operator as ELM credential issuer (EDC IssuerNodeShape) and the display image."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from gateway.core.elm import vocabulary

_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")

# A 1x1 white PNG: DisplayDetail needs an image; the wallet renders the credential itself.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a4944415478da63f80f0001010100"
    "1cb08c990000000049454e44ae426082"
)


@dataclass(frozen=True)
class IssuerIdentity:
    """Who seals the credentials: the gateway operator, never the awarding institution.

    ``legal_name`` maps language tags (``en``, ``sv``…) to the registered name;
    ``eidas_identifier`` is the notation of the eIDAS legal identifier (e.g. a VAT or
    organisation number) registered in ``eidas_country`` (defaults to ``country``).
    Countries are ISO 3166-1 alpha-2.
    """

    legal_name: Mapping[str, str]
    eidas_identifier: str
    country: str
    homepage: str | None = None
    eidas_country: str | None = None

    def __post_init__(self) -> None:
        names = dict(self.legal_name)
        if not names or not all(v.strip() for v in names.values()):
            raise ValueError("issuer legal_name needs at least one non-empty name")
        bad = [tag for tag in names if not _LANGUAGE_TAG.fullmatch(tag)]
        if bad:
            raise ValueError(f"issuer legal_name has invalid language tags: {bad}")
        if not self.eidas_identifier.strip():
            raise ValueError("issuer eidas_identifier is empty")
        for key in ("country", "eidas_country"):
            value = getattr(self, key)
            if value is not None and vocabulary.country_code(value) is None:
                raise ValueError(f"issuer {key} {value!r} is not an ISO 3166-1 alpha-2 code")
        if self.homepage is not None and not self.homepage.startswith(("https://", "http://")):
            raise ValueError("issuer homepage must be an http(s) URL")
        object.__setattr__(self, "legal_name", names)

    @property
    def registration_country(self) -> str:
        return self.eidas_country or self.country


@dataclass(frozen=True)
class DisplayImage:
    """The page image of ``displayParameter`` (one page); PNG or JPEG bytes."""

    content: bytes = field(default=TINY_PNG, repr=False)
    file_type: Literal["PNG", "JPEG"] = "PNG"
