"""Use cases of EU micro-credentials: eligibility from the results store, ELM from ELMO files."""
