"""OOTS use cases: receive requests, answer with evidence, preview, outbox delivery, requester."""
