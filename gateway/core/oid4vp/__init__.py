"""OpenID4VP 1.0 verifier protocol logic (HAIP 1.0 profile): requests, responses, presentations."""
