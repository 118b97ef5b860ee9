"""Handlers of the OpenID4VP verifier: the learner's pages and the wallet's endpoints."""
