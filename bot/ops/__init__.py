"""Operations: health and metrics over HTTP, content reload."""
