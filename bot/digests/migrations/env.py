"""Alembic environment for the digest tables: runs on the connection Store.migrate passes in."""
from __future__ import annotations

import logging

from alembic import context

from bot.digests.storage import VERSION_TABLE, metadata

log = logging.getLogger(__name__)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
