"""fact.support (evidence rows per fact) and a covering index of mentions per entity

Large stores (100,000 documents) cannot count evidence or mentions on every read of a
network or a profile: ``fact.support`` is kept up to date by the writers (store.repository
and store.dedupe call ``refresh_support``) so that the most supported facts come first from an
index, and the mention index answers "which names, how many documents" for one entity
without reading the table.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fact") as batch:
        batch.add_column(sa.Column("support", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE fact SET support = (SELECT count(*) FROM evidence WHERE evidence.fact_id = fact.id)")
    op.create_index("ix_fact_kind_support", "fact", ["kind", "support"], unique=False)
    # part_of walks (profiles, contradictions) follow one predicate from a set of entities.
    op.create_index("ix_fact_predicate_subject", "fact", ["predicate", "subject_id"], unique=False)
    op.create_index("ix_fact_predicate_object", "fact", ["predicate", "object_id"], unique=False)
    # Event dedupe on save reads the events of one type and year.
    op.create_index("ix_fact_kind_predicate_start", "fact", ["kind", "predicate", "start"], unique=False)
    op.create_index("ix_mention_entity_doc", "mention", ["entity_id", "document_id", "sentence_id", "text"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_mention_entity_doc", table_name="mention")
    op.drop_index("ix_fact_kind_predicate_start", table_name="fact")
    op.drop_index("ix_fact_predicate_object", table_name="fact")
    op.drop_index("ix_fact_predicate_subject", table_name="fact")
    op.drop_index("ix_fact_kind_support", table_name="fact")
    with op.batch_alter_table("fact") as batch:
        batch.drop_column("support")
