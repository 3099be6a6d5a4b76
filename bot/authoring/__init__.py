"""Authoring: draft a briefing from an article's text for a curator to review."""
