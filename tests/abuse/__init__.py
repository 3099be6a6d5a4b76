"""Abuse tests: each hardening finding (issue 11) replayed through the real entry points, asserting the clean
outcome."""
