"""SQLAlchemy models: the store's schema. Alembic migrations are generated from these.

Offsets (start/end) are character offsets into ``document.text``. Every fact
(relation, claim, funding, event) is a row of ``fact`` plus a row of its own
table, and has one or more ``evidence`` rows naming the sentence, the document
and the rule that produced it: nothing is stored without evidence.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(2048), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)  # False once superseded
    media_type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(8))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    raw_html: Mapped[str | None] = mapped_column(Text)
    repairs: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[list] = mapped_column(JSON, default=list)
    fetched_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    articles: Mapped[list[ArticleRow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    segments: Mapped[list[SegmentRow]] = relationship(cascade="all, delete-orphan")
    sentences: Mapped[list[SentenceRow]] = relationship(cascade="all, delete-orphan")


class ArticleRow(Base):
    __tablename__ = "article"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    main: Mapped[bool] = mapped_column(Boolean)
    published: Mapped[str | None] = mapped_column(String(10))
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    document: Mapped[DocumentRow] = relationship(back_populates="articles")


class SegmentRow(Base):
    __tablename__ = "segment"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    article_idx: Mapped[int | None] = mapped_column(Integer)


class SentenceRow(Base):
    __tablename__ = "sentence"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CitationRow(Base):
    __tablename__ = "citation"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    marker: Mapped[str | None] = mapped_column(String(16))
    sentence_id: Mapped[int | None] = mapped_column(ForeignKey("sentence.id", ondelete="SET NULL"))


class EntityRow(Base):
    __tablename__ = "entity"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    canonical_name: Mapped[str] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(128), unique=True)  # registry id
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    aliases: Mapped[list[AliasRow]] = relationship(back_populates="entity", cascade="all, delete-orphan")


class AliasRow(Base):
    __tablename__ = "alias"
    __table_args__ = (UniqueConstraint("entity_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(Text, index=True)
    origin: Mapped[str] = mapped_column(String(16))  # registry | text | analyst
    entity: Mapped[EntityRow] = relationship(back_populates="aliases")


class MentionRow(Base):
    __tablename__ = "mention"
    # Covers "the names of one entity and the documents using them" (profiles, entity cards).
    __table_args__ = (Index("ix_mention_entity_doc", "entity_id", "document_id", "sentence_id", "text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("sentence.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(16), default="")
    rule: Mapped[str] = mapped_column(String(64))


class FactRow(Base):
    """One relation, claim, funding item or event; its fields live in ``data``.

    The columns that queries filter on (subject, predicate, object, dates) are
    real columns; the rest of a kind's fields (see ontology.yaml) are in ``data``.
    """

    __tablename__ = "fact"
    __table_args__ = (Index("ix_fact_kind_subject", "kind", "subject_id"),
                      Index("ix_fact_kind_support", "kind", "support"),
                      Index("ix_fact_predicate_subject", "predicate", "subject_id"),
                      Index("ix_fact_predicate_object", "predicate", "object_id"),
                      Index("ix_fact_kind_predicate_start", "kind", "predicate", "start"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # relation | claim | funding | event
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"), index=True)
    predicate: Mapped[str | None] = mapped_column(String(64))  # relation predicate, quantity, source, event type
    object_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"), index=True)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | rejected
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    # Evidence rows of the fact (any document version): ranks facts on large stores without
    # counting evidence per read. Writers keep it current with ``repository.refresh_support``.
    support: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FactEntityRow(Base):
    """Other entities a fact involves (event actors, targets, location; claim attribution)."""

    __tablename__ = "fact_entity"
    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("fact.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))  # actor1 | assoc_actor_1 | actor2 | location | attributed_to


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("fact.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("sentence.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(96))
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # the figures this source gave, when they differ


class JudgementRow(Base):
    """An analyst decision, replayed after every ingest so that it survives re-ingest."""

    __tablename__ = "judgement"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # merge | split | reject
    target: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestRunRow(Base):
    """One file's outcome in an ingest run, so a batch can be audited and resumed."""

    __tablename__ = "ingest_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # ingested | duplicate | refused
    detail: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserRow(Base):
    """A local account of the web workbench (``actorgraph user add``); the password is an argon2 hash."""

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))  # viewer | analyst | admin
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginAttemptRow(Base):
    """A failed web login, kept so that the rate limit holds across workers and restarts."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_name_ip_at", "name", "ip", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
