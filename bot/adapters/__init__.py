"""Platform adapters: translate platform events to core commands and replies back."""
