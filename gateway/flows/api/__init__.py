"""Use cases of the integration API (issue #16): clients, records in, the merits feed."""
