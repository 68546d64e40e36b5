"""claims and events get their own columns; quantities get a note

Revision ID: 0002
Revises: 0001

No release wrote claims or events before this revision, so both tables are empty and are rebuilt
rather than altered column by column.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _annotation_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("quantities") as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    for table in ("claims", "events"):
        op.drop_index(f"ix_{table}_doc_id", table_name=table)
        op.drop_table(table)
    op.create_table(
        "claims",
        *_annotation_columns(),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("speaker", sa.String(length=40), nullable=True),
        sa.Column("speaker_role", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("medium", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("stance", sa.JSON(), nullable=False),
        sa.Column("parent", sa.String(length=40), nullable=True),
        sa.Column("contains", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker"], ["entities.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claims_doc_id", "claims", ["doc_id"], unique=False)
    op.create_index("ix_claims_speaker", "claims", ["speaker"], unique=False)
    op.create_table(
        "events",
        *_annotation_columns(),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=24), nullable=True),
        sa.Column("acled", sa.Text(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=True),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("timex", sa.String(length=40), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("claim", sa.String(length=40), nullable=True),
        sa.Column("claimed_by", sa.String(length=40), nullable=True),
        sa.Column("control_side", sa.String(length=16), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("doc_id", "type", "place", "date"):
        op.create_index(f"ix_events_{column}", "events", [column], unique=False)


def downgrade() -> None:
    raise NotImplementedError("sitroom stores migrate forward only; restore the .bak copy instead")
