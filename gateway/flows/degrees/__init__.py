"""Degree use cases: the PDFs an import supplies, a learner's degrees, exports and evidence."""
