"""EMREX use cases: contact point, client, registry, browser sessions and the transfers log."""
