"""ELMO use cases: export (sign) a transcript, verify a file, convert ELMO files to ELM."""
