"""What one Open Badge costs to issue, part by part (`make bench-badges`).

On the test factory's complete course (Database Design I, two outcomes, two assessment types,
one quality assurance) it measures the parts of ``flows/badges/issue.issue_badge``: building the
OpenBadgeCredential, the embedded ``eddsa-rdfc-2022`` proof (two RDFC-1.0 canonicalisations by
pyld, two SHA-256, one Ed25519 signature), the VC-JWT (ES256), drawing the SVG and the PNG
(Pillow) and baking both. The floor is the signatures alone (Ed25519 + ES256 over the same
bytes): the ratios say what JSON-LD canonicalisation and drawing add on top of the cryptography.
Operations are sampled in turns; each figure is the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519  # noqa: E402

from gateway.core import jose  # noqa: E402
from gateway.core.badges.baking import bake_png, bake_svg  # noqa: E402
from gateway.core.badges.credential import open_badge  # noqa: E402
from gateway.core.badges.image import BadgeFace, badge_png, badge_svg  # noqa: E402
from gateway.core.badges.integrity import add_proof  # noqa: E402
from gateway.core.badges.jwt import sign_badge  # noqa: E402
from gateway.core.microcredentials import result_eligibility  # noqa: E402
from gateway.flows.badges.contexts import badge_contexts  # noqa: E402
from tests.core.microcredentials.factories import DATA, KARIN, RESULT, UU  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
METHOD = "https://gateway.example.se/badges/issuers/uu.se#z6Mk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--schemas", type=Path, default=ROOT / "var" / "schemas")
    args = parser.parse_args()
    contexts = badge_contexts(args.schemas)
    candidate = result_eligibility(KARIN, UU, RESULT, DATA).candidate
    es256 = ec.generate_private_key(ec.SECP256R1())
    eddsa = ed25519.Ed25519PrivateKey.generate()
    credential = open_badge(candidate, base_url="https://gateway.example.se", issued=NOW, salt="0")
    proved = add_proof(
        credential, eddsa, verification_method=METHOD, created="x", contexts=contexts
    )
    token = sign_badge(proved, es256, kid=METHOD)
    face = BadgeFace.of(candidate)
    svg, png = badge_svg(face), badge_png(face)
    payload = jose.json_dumps(proved)
    jobs: dict[str, Callable[[], object]] = {
        "floor: Ed25519 + ES256 signatures": lambda: (
            eddsa.sign(payload),
            es256.sign(payload, ec.ECDSA(hashes.SHA256())),
        ),
        "credential (dict)": lambda: open_badge(
            candidate, base_url="https://gateway.example.se", issued=NOW, salt="0"
        ),
        "embedded proof (RDFC-1.0 + Ed25519)": lambda: add_proof(
            credential, eddsa, verification_method=METHOD, created="x", contexts=contexts
        ),
        "VC-JWT (ES256)": lambda: sign_badge(proved, es256, kid=METHOD),
        "SVG (draw + bake)": lambda: bake_svg(badge_svg(face), token),
        "PNG (Pillow draw + bake)": lambda: bake_png(badge_png(face), token),
    }
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.rounds):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - start)
    floor = statistics.median(samples["floor: Ed25519 + ES256 signatures"])
    total = 0.0
    print(f"one badge, {args.rounds} rounds, medians (svg {len(svg)} B, png {len(png)} B):")
    for name, values in samples.items():
        median = statistics.median(values)
        if not name.startswith("floor"):
            total += median
        print(f"  {name:40} {median * 1000:8.2f} ms  {median / floor:7.1f}x floor")
    whole = "whole badge (sum of the parts)"
    print(f"  {whole:40} {total * 1000:8.2f} ms  {total / floor:7.1f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
