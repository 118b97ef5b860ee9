"""OpenID for Verifiable Credential Issuance 1.0 (final): pure protocol logic of the issuer."""
