"""The Discord adapter: app commands from the shared registry, embeds, and digest posting."""
