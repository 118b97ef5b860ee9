"""emrex-gateway: EMREX contact point and client, ELMO→ELM wallet bridge, OOTS evidence provider."""

__version__ = "0.1.0"
