"""OOTS evidence provider: EDM (RegRep 4) requests, responses, errors, packaging, validation."""
