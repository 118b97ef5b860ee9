"""The OpenID4VP 1.0 verifier use cases: present from a wallet, verify, store (issue #14)."""
