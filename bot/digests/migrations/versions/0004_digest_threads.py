"""Whether a subscription posts its digest threaded (a compact post, the facts as replies in its thread); existing
subscriptions stay flat."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_digest_threads"
down_revision = "0003_thread_contexts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_subscriptions") as batch:
        batch.add_column(sa.Column("thread", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("digest_subscriptions") as batch:
        batch.drop_column("thread")
