"""Wallet use cases: offers, the OpenID4VCI issuer protocol, ELM documents for credentials."""
