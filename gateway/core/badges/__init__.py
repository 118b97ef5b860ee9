"""Open Badges 3.0 (1EdTech): a complete micro-credential course as a signed, baked badge.

``credential`` builds the OpenBadgeCredential, ``jwt`` signs and verifies it as VC-JWT,
``profile`` is the issuer profile with its keys, ``image`` draws the SVG and PNG badge and
``baking`` bakes the signed credential into them and reads it back.
"""

from gateway.core.badges.credential import NotABadge, issuer_id, issuer_profile, open_badge

__all__ = ["NotABadge", "issuer_id", "issuer_profile", "open_badge"]
