"""summaries: the map's places by day, month and event type, and the timeline's days, kept by the writes

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from sitroom.store import summary

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "place_days",
        sa.Column("span", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("gazetteer_id", sa.Text(), nullable=False),
        sa.Column("event_type", sa.String(length=24), nullable=False),
        sa.Column("sample", sa.String(length=40), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("lat_min", sa.Float(), nullable=True),
        sa.Column("lat_max", sa.Float(), nullable=True),
        sa.Column("lat_sum", sa.Float(), nullable=True),
        sa.Column("lat_n", sa.Integer(), nullable=False),
        sa.Column("lon_min", sa.Float(), nullable=True),
        sa.Column("lon_max", sa.Float(), nullable=True),
        sa.Column("lon_sum", sa.Float(), nullable=True),
        sa.Column("lon_n", sa.Integer(), nullable=False),
        sa.Column("mixed", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_place_days_mixed", "place_days", ["mixed"])
    op.create_index("ix_place_days_place", "place_days", ["gazetteer_id", "span", "day"])
    op.create_index("ix_place_days_scope", "place_days", ["span", "event_type", "day", "gazetteer_id"])
    for name, day in (("document_days", sa.Date()), ("event_days", sa.String(length=10))):
        op.create_table(
            name,
            sa.Column("day", day, nullable=False),
            sa.Column("event_type", sa.String(length=24), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("day", "event_type"),
        )
    # Stores written before: their summaries computed from what they hold (the code of this revision).
    summary.rebuild(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("sitroom stores migrate forward only; restore the .bak copy instead")
