"""Consistency check of a store (``actorgraph check``): is what a crash or a bug left behind sound?

Every check is a read-only query (the FTS integrity check writes nothing either) and names
what it found, so that the list of problems says what to repair. The checks:

- SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
- orphans: rows whose document, sentence, entity or fact is gone (in case foreign keys were
  off when they were written, or the store is PostgreSQL restored in pieces);
- evidence or mentions pointing at a sentence of another document;
- facts without evidence (nothing may be stored without it), and facts whose ``support``
  count (which ranks facts on large stores) differs from their evidence rows;
- offsets: mentions, sentences, segments and citations outside their document's text, and
  mentions whose text is not ``document.text[start:end]``;
- the FTS5 sentence index: FTS5's ``integrity-check`` and its row count against ``sentence``;
- entities that no mention names and no analyst judgement refers to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

MAX_PER_CHECK = 20  # examples listed per kind of problem; the count is always given


@dataclass(frozen=True)
class Problem:
    check: str  # short name of the check that failed
    detail: str  # what was found, naming rows by table and id

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


@dataclass
class CheckReport:
    problems: list[Problem]
    checks: list[str]  # names of the checks that ran

    @property
    def ok(self) -> bool:
        return not self.problems


# (check name, SQL selecting offending rows as (id, description)). Plain SQL: SQLite and PostgreSQL.
_ORPHANS: list[tuple[str, str]] = [
    ("orphan mention", "SELECT m.id, 'mention ' || m.id || ' of missing document ' || m.document_id "
                       "FROM mention m LEFT JOIN document d ON d.id = m.document_id WHERE d.id IS NULL"),
    ("orphan mention", "SELECT m.id, 'mention ' || m.id || ' of missing sentence ' || m.sentence_id "
                       "FROM mention m LEFT JOIN sentence s ON s.id = m.sentence_id WHERE s.id IS NULL"),
    ("orphan mention", "SELECT m.id, 'mention ' || m.id || ' of missing entity ' || m.entity_id "
                       "FROM mention m LEFT JOIN entity e ON e.id = m.entity_id WHERE e.id IS NULL"),
    ("orphan sentence", "SELECT s.id, 'sentence ' || s.id || ' of missing document ' || s.document_id "
                        "FROM sentence s LEFT JOIN document d ON d.id = s.document_id WHERE d.id IS NULL"),
    ("orphan evidence", "SELECT v.id, 'evidence ' || v.id || ' of missing fact ' || v.fact_id "
                        "FROM evidence v LEFT JOIN fact f ON f.id = v.fact_id WHERE f.id IS NULL"),
    ("orphan evidence", "SELECT v.id, 'evidence ' || v.id || ' of missing document ' || v.document_id "
                        "FROM evidence v LEFT JOIN document d ON d.id = v.document_id WHERE d.id IS NULL"),
    ("orphan evidence", "SELECT v.id, 'evidence ' || v.id || ' of missing sentence ' || v.sentence_id "
                        "FROM evidence v LEFT JOIN sentence s ON s.id = v.sentence_id WHERE s.id IS NULL"),
    ("orphan fact role", "SELECT x.id, 'fact_entity ' || x.id || ' of missing fact ' || x.fact_id "
                         "FROM fact_entity x LEFT JOIN fact f ON f.id = x.fact_id WHERE f.id IS NULL"),
    ("orphan fact role", "SELECT x.id, 'fact_entity ' || x.id || ' of missing entity ' || x.entity_id "
                         "FROM fact_entity x LEFT JOIN entity e ON e.id = x.entity_id WHERE e.id IS NULL"),
    ("orphan fact", "SELECT f.id, 'fact ' || f.id || ' names missing entity ' || f.subject_id "
                    "FROM fact f LEFT JOIN entity e ON e.id = f.subject_id "
                    "WHERE f.subject_id IS NOT NULL AND e.id IS NULL"),
    ("orphan fact", "SELECT f.id, 'fact ' || f.id || ' names missing entity ' || f.object_id "
                    "FROM fact f LEFT JOIN entity e ON e.id = f.object_id "
                    "WHERE f.object_id IS NOT NULL AND e.id IS NULL"),
    ("orphan alias", "SELECT a.id, 'alias ' || a.id || ' of missing entity ' || a.entity_id "
                     "FROM alias a LEFT JOIN entity e ON e.id = a.entity_id WHERE e.id IS NULL"),
    ("orphan segment", "SELECT x.id, 'segment ' || x.id || ' of missing document ' || x.document_id "
                       "FROM segment x LEFT JOIN document d ON d.id = x.document_id WHERE d.id IS NULL"),
    ("orphan article", "SELECT x.id, 'article ' || x.id || ' of missing document ' || x.document_id "
                       "FROM article x LEFT JOIN document d ON d.id = x.document_id WHERE d.id IS NULL"),
    ("orphan citation", "SELECT x.id, 'citation ' || x.id || ' of missing document ' || x.document_id "
                        "FROM citation x LEFT JOIN document d ON d.id = x.document_id WHERE d.id IS NULL"),
    ("cross-document link", "SELECT v.id, 'evidence ' || v.id || ' of document ' || v.document_id || "
                            "' cites sentence ' || s.id || ' of document ' || s.document_id "
                            "FROM evidence v JOIN sentence s ON s.id = v.sentence_id "
                            "WHERE s.document_id <> v.document_id"),
    ("cross-document link", "SELECT m.id, 'mention ' || m.id || ' of document ' || m.document_id || "
                            "' sits in sentence ' || s.id || ' of document ' || s.document_id "
                            "FROM mention m JOIN sentence s ON s.id = m.sentence_id "
                            "WHERE s.document_id <> m.document_id"),
    ("fact without evidence", "SELECT f.id, 'fact ' || f.id || ' (' || f.kind || ' ' || "
                              "COALESCE(f.predicate, '') || ') has no evidence' FROM fact f "
                              "WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE v.fact_id = f.id)"),
    ("fact support count", "SELECT f.id, 'fact ' || f.id || ' records ' || f.support || ' pieces of evidence, has ' "
                           "|| n.n FROM fact f JOIN (SELECT fact_id, count(*) AS n FROM evidence GROUP BY fact_id) n "
                           "ON n.fact_id = f.id WHERE n.n <> f.support"),
]


def check_store(store) -> CheckReport:
    """Run every check on a Store (actorgraph.store.repository.Store)."""
    problems: list[Problem] = []
    checks: list[str] = []
    with store.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            checks += ["integrity_check", "foreign_key_check"]
            problems += _sqlite_integrity(conn)
        for name, sql in _ORPHANS:
            if name not in checks:
                checks.append(name)
            problems += _limited(name, (str(r[1]) for r in conn.execute(text(sql))))
        checks.append("offsets")
        problems += _offsets(conn)
        if sqlite and _has_table(conn, "sentence_fts"):
            checks.append("fts index")
            problems += _fts(conn)
        checks.append("entity without mentions")
        problems += _unused_entities(conn)
        conn.rollback()
    return CheckReport(problems, checks)


def _limited(name: str, details: Iterator[str] | list[str]) -> list[Problem]:
    out: list[Problem] = []
    extra = 0
    for detail in details:
        if len(out) < MAX_PER_CHECK:
            out.append(Problem(name, detail))
        else:
            extra += 1
    if extra:
        out.append(Problem(name, f"... and {extra} more"))
    return out


def _sqlite_integrity(conn: Connection) -> list[Problem]:
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else _limited("integrity_check", rows)
    fk = [f"{r[0]} row {r[1]} points to a missing {r[2]} row" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return problems + _limited("foreign_key_check", fk)


def _has_table(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": name}).first() is not None


def _fts(conn: Connection) -> list[Problem]:
    problems: list[Problem] = []
    try:
        conn.exec_driver_sql("INSERT INTO sentence_fts(sentence_fts) VALUES('integrity-check')")
    except Exception as exc:  # the driver raises DatabaseError subclasses on a corrupt index
        problems.append(Problem("fts index", f"FTS5 integrity-check failed: {str(exc).splitlines()[0]}"))
    sentences = conn.execute(text("SELECT count(*) FROM sentence")).scalar_one()
    if _has_table(conn, "sentence_fts_docsize"):
        indexed = conn.execute(text("SELECT count(*) FROM sentence_fts_docsize")).scalar_one()
        if indexed != sentences:
            problems.append(Problem("fts index", f"{indexed} sentences indexed, {sentences} stored; rebuild "
                                                 "with INSERT INTO sentence_fts(sentence_fts) VALUES('rebuild')"))
    return problems


def _offsets(conn: Connection) -> list[Problem]:
    """Mentions, sentences, segments and citations against their document's text, one document at a time."""
    found: list[str] = []
    doc_ids = [r[0] for r in conn.execute(text("SELECT id FROM document ORDER BY id"))]
    for doc_id in doc_ids:
        doc_text = conn.execute(text("SELECT text FROM document WHERE id = :d"), {"d": doc_id}).scalar_one() or ""
        n = len(doc_text)
        for table in ("sentence", "segment", "citation"):
            for row_id, start, end in conn.execute(text(f"SELECT id, start, \"end\" FROM {table} "
                                                        "WHERE document_id = :d"), {"d": doc_id}):
                if not (0 <= start <= end <= n):
                    found.append(f"{table} {row_id} spans [{start}, {end}) outside document {doc_id} "
                                 f"({n} characters)")
        for row_id, start, end, mention in conn.execute(text('SELECT id, start, "end", text FROM mention '
                                                             "WHERE document_id = :d"), {"d": doc_id}):
            if not (0 <= start < end <= n):
                found.append(f"mention {row_id} spans [{start}, {end}) outside document {doc_id} ({n} characters)")
            elif doc_text[start:end] != mention:
                found.append(f"mention {row_id} text {mention!r} differs from document {doc_id}'s text "
                             f"{doc_text[start:end]!r} at [{start}, {end})")
    return _limited("offsets", found)


def _unused_entities(conn: Connection) -> list[Problem]:
    from actorgraph.resolve.names import normalise

    judged: set[str] = set()
    for (target,) in conn.execute(text("SELECT target FROM judgement")):
        if isinstance(target, str):
            import json

            try:
                target = json.loads(target)
            except ValueError:
                continue
        if isinstance(target, dict):
            judged |= {normalise(str(v)) for v in target.values() if isinstance(v, str)}
    rows = conn.execute(text(
        "SELECT e.id, e.canonical_name FROM entity e "
        "WHERE NOT EXISTS (SELECT 1 FROM mention m WHERE m.entity_id = e.id) ORDER BY e.id")).all()
    unused = []
    for entity_id, name in rows:
        aliases = {r[0] for r in conn.execute(text("SELECT normalised FROM alias WHERE entity_id = :e"),
                                              {"e": entity_id})}
        if not (aliases | {normalise(name)}) & judged:
            unused.append(f"entity {entity_id} {name!r} has no mention and no judgement refers to it")
    return _limited("entity without mentions", unused)
