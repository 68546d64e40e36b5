"""claim factuality: how the speaker tells each claim's content (polarity, certainty, time, cue)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: claims stored before it are read again when the pipeline version changes.
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("factuality", sa.JSON(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("sitroom stores migrate forward only; restore the .bak copy instead")
