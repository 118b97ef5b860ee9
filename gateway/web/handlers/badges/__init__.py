"""Open Badges 3.0 pages: issuer profiles, badge downloads, public share links (docs/badges.md)."""
