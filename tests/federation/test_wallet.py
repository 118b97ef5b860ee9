"""Scenario 3: se imports Karin's Norwegian results through its EMREX client and issues them to
the test wallet (OpenID4VCI 1.0 over https); the wallet verifies what it got with libraries we did
not write (OWF sd-jwt + jwcrypto: the x5c chain to se's development CA, every disclosure, cnf),
the ELM document against the official SHACL shapes, and the embedded ELMO against no's registry
certificate.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp

from gateway.core.elmo.signature import verify_elmo
from gateway.core.keys import load_certificate
from tests.core.elm.conformance import ElmShapes
from tests.federation.support import KARIN_NO, KARIN_SE, Federation, browsing, fetch_everything
from tests.federation.support import view_import as view
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import check_credential, embedded_elmo, offer_page


async def test_norwegian_results_imported_by_se_reach_a_wallet_and_verify(
    fed: Federation, schema_dir: Path
) -> None:
    connector = aiohttp.TCPConnector(ssl=fed.ssl_context())
    async with browsing(fed) as karin, aiohttp.ClientSession(connector=connector) as http:
        returned = await fetch_everything(karin, fed.se, fed.no, "NO-GW", (KARIN_SE, KARIN_NO))
        path, _ = await view(karin, returned)
        import_id = path.rsplit("/", 1)[-1]
        wallet_page = await karin.get(f"{fed.se}/wallet")
        assert wallet_page.status == 200, wallet_page.text
        pressed = await karin.post(
            f"{fed.se}/wallet/offers", [("csrf", wallet_page.csrf), ("import_id", import_id)]
        )
        assert pressed.status == 200, pressed.text
        offer = offer_page(pressed.text, pressed.headers)
        assert offer.link.startswith("openid-credential-offer://?credential_offer_uri=https")
        assert offer.qr.startswith("data:image/")

        wallet = TestWallet(http)
        _, received = await wallet.receive_all(offer.link, offer.tx_code)
        after = await karin.get(f"{fed.se}/wallet")

    assert received
    ca = load_certificate((fed.ca_file).read_bytes())
    no_cert = load_certificate(fed.registry_entry("NO-GW")["pubKey"].encode())
    shapes = ElmShapes.load(schema_dir)
    institutions = set()
    for item in received:
        checked = check_credential(
            item.credential,
            trust_anchor=ca,
            issuer=fed.se,
            holder_jwk=wallet.public_jwk,
            shapes=shapes,
        )
        claims = checked.library.claims
        assert (claims["given_name"], claims["family_name"]) == ("Karin", "Andersson")
        institutions.add(claims["awarding_institution"])
        # the evidence is no's signed ELMO as received: it verifies with no's registry cert
        verify_elmo(embedded_elmo(checked.elm), [no_cert])
    assert institutions == {
        "University of Oslo",
        "Norwegian University of Science and Technology",
    }
    assert after.text.count('data-event="credential_accepted"') >= len(received)
