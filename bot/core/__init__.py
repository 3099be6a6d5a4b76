"""The platform-free core: content, commands, answers. Never imports a chat platform library."""
