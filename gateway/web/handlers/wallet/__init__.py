"""Wallet: the learner's Digital wallet page and the OpenID4VCI endpoints."""
