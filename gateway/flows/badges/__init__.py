"""Open Badges 3.0 use cases: institution keys, a learner's badges, share links, the command."""
