"""event category: what kind of happening an event is where its PLOVER and ACLED types do not say it

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: events stored before it are read again when the pipeline version changes.
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("category", sa.String(length=24), nullable=True))
    # Incidents are recomputed whole on every run.
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("category", sa.String(length=24), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("sitroom stores migrate forward only; restore the .bak copy instead")
