"""Alembic environment: runs migrations on the connection that ``sitroom.store`` hands over."""

from alembic import context

from sitroom.store.schema import declared_here, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # The full-text objects are created by their migration alone; autogenerate must not drop them.
    include_name=lambda name, type_, _parents: declared_here(name, type_),
    # SQLite cannot ALTER most things in place; batch mode rebuilds tables the portable way.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
