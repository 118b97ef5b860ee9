"""EMREX contact point, client and registry over HTTP: two real gateways on loopback."""
