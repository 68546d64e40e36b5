"""Schema migrations (Alembic), run programmatically when a store is opened.

Alembic is imported when a store is opened, not with this module: the command line imports the store
package at start-up, and ``--help`` or the commands that open no store (``gazetteer``, ``train``) need
no migration.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed number: every sitroom process that migrates a PostgreSQL database takes this advisory lock.
_MIGRATION_LOCK = 0x5174_0000_0001


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, sqlite_path: Path | None = None) -> None:
    """Bring the schema to the newest revision.

    An existing SQLite file that needs migrating is copied to ``<name>.bak-<revision>`` first, so a
    migration that goes wrong never costs the user their data. On PostgreSQL the whole migration is one
    transaction (its DDL is transactional) under an advisory lock, so processes opening a new database at
    the same time wait for the first one's tables instead of racing to create them.
    """
    from alembic import command

    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head_revision():
        return
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            current = current_revision(connection)
            if current == head_revision():
                return
        if current is not None and sqlite_path is not None and sqlite_path.exists():
            shutil.copy2(sqlite_path, sqlite_path.with_name(f"{sqlite_path.name}.bak-{current}"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
