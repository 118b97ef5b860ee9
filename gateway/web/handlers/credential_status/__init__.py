"""Credential status pages and endpoints (issue #15): status lists, the learner's credentials."""
