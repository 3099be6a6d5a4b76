"""Scheduled briefing digests: subscriptions, a delivery ledger and the scheduler that posts them."""
