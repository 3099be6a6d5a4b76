"""The server (Discord guild or Slack workspace) of each subscription, for the per-server limit."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_server_id"
down_revision = "0001_digests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_subscriptions") as batch:
        batch.add_column(sa.Column("server_id", sa.String(64)))
        batch.create_index("ix_digest_subscriptions_server_id", ["server_id"])


def downgrade() -> None:
    with op.batch_alter_table("digest_subscriptions") as batch:
        batch.drop_index("ix_digest_subscriptions_server_id")
        batch.drop_column("server_id")
