"""EMREX pages: contact point selection and consent, client, registry entries, transfers log."""
