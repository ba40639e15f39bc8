"""Engine creation and schema migration for a workspace's store (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# Held (transaction-scoped) while migrating, so that several processes opening one PostgreSQL
# store at once do not race to create the schema.
MIGRATION_LOCK = 0x61637467  # "actg"


def sqlite_url(workspace: Path) -> str:
    return f"sqlite:///{workspace / 'actorgraph.db'}"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver actorgraph installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets `serve` read while `ingest` writes; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_read_tuning(dbapi_conn, _record) -> None:
    # Readers of large stores (workbench, profiles): a memory map and a 128 MB page cache, where the
    # default 2 MB makes every query of a 2 GB store re-read its index pages through system calls.
    # Not for ingest: mapped and cached pages count in its memory, which would then grow with the store.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA mmap_size=1073741824")
    cur.execute("PRAGMA cache_size=-131072")
    cur.close()


def make_engine(url: str, reader: bool = True) -> Engine:
    url = normalise_url(url)
    if url.startswith("postgresql"):
        # pre_ping: a long ingest outlives server restarts and idle-connection reaping.
        engine = create_engine(url, future=True, pool_pre_ping=True)
    else:
        engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if reader:
            event.listen(engine, "connect", _sqlite_read_tuning)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is current)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def batches(items: list, size: int = 500):
    """Slices of an id list: SQLite caps the number of bound parameters of one statement."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
