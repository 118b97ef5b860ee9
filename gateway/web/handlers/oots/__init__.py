"""OOTS endpoints: the EDM query endpoint and the learner's preview pages."""
