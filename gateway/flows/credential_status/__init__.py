"""Credential status (issue #15): publishing our Token Status Lists and checking anyone's."""
