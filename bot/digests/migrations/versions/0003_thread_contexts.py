"""What each chat thread remembers of its last answer, for follow-up questions, until it expires."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_thread_contexts"
down_revision = "0002_server_id"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thread_contexts",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("server_id", sa.String(64), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("thread_id", sa.String(64), primary_key=True),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_thread_contexts_expires_at", "thread_contexts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_thread_contexts_expires_at", "thread_contexts")
    op.drop_table("thread_contexts")
