"""The student-records integration API (issue #16): clients, the records contract, merits feed."""
