"""Alembic environment: runs on the connection the caller hands over (see database.migrate)."""

from alembic import context

from actorgraph.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # run from the alembic CLI: use the URL it was given
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
