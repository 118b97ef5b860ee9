"""Awarded degrees (examen): records, import rules, documents, ELMO and ELM (notes/degrees §6)."""
