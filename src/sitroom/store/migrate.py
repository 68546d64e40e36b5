"""Schema migrations (Alembic), run programmatically when a store is opened."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, sqlite_path: Path | None = None) -> None:
    """Bring the schema to the newest revision.

    An existing SQLite file that needs migrating is copied to ``<name>.bak-<revision>`` first, so a
    migration that goes wrong never costs the user their data.
    """
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head_revision():
        return
    if current is not None and sqlite_path is not None and sqlite_path.exists():
        shutil.copy2(sqlite_path, sqlite_path.with_name(f"{sqlite_path.name}.bak-{current}"))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
