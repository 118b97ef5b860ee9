"""EU micro-credentials (Council Recommendation 2022/C 243/02, Annex I) from the results store.

``eligibility`` decides whether a passed course or module is a complete micro-credential and,
if not, which elements are missing and why; ``elm`` writes one as an ELM 3.2 credential.
"""

from gateway.core.microcredentials.candidates import (
    Achievement,
    Candidate,
    Holder,
    elmo_candidates,
    result_candidate,
    transcript_candidates,
)
from gateway.core.microcredentials.eligibility import (
    Eligibility,
    Gap,
    GapReason,
    eligibility_of,
    result_eligibility,
    transcript_eligibility,
)
from gateway.core.microcredentials.elm import elm_micro_credential, micro_credential_id

__all__ = [
    "Achievement",
    "Candidate",
    "Eligibility",
    "Gap",
    "GapReason",
    "Holder",
    "eligibility_of",
    "elm_micro_credential",
    "elmo_candidates",
    "micro_credential_id",
    "result_candidate",
    "result_eligibility",
    "transcript_candidates",
    "transcript_eligibility",
]
