"""Wallet-bridge state (OpenID4VCI offers, codes, tokens, nonces, issued credentials) — issue #4."""

from __future__ import annotations
