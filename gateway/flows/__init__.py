"""Async use cases: one module per use case; they own transactions and call core and storage."""
