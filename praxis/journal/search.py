"""Full-text search over journal entries, ranked, on the database's own full-text engine.

PostgreSQL: a stored generated tsvector column `journal_entry.search_document` (English
configuration; the title weighted A, the other searched fields B) with a GIN index, matched with
plainto_tsquery and ranked with ts_rank. SQLite: an FTS5 table `journal_entry_fts` with the Porter
stemmer over the same fields, kept in sync by triggers, ranked with bm25 (title weighted 10 to 1).
The FTS5 table also holds the entry's owner id (a column the words are never matched in), so a
search matches `owner_id : "42" AND {fields} : (words)` inside FTS5 and reads only that person's
matches: without it, a common word read the matches of everyone's journals (issue 14).
Both are created by the journal migration `search_and_tag_indexes` and exist only in the database,
not in the models; the triggers are re-created after every migrate (`ensure_sqlite_index`), because
rebuilding the entry table on SQLite (as Django does to alter a column) drops them. On PostgreSQL
a migration that alters the type or length of a searched column must drop the generated column
first and add it again (`drop_index` / `create_index`): PostgreSQL refuses to alter a column a
generated column uses.

The words are parsed here once for both (at most eight, lower case, English stop words dropped,
every word required), so the two databases find the same entries: both stem English (Snowball
on PostgreSQL, Porter on SQLite), which can differ for a few unusual words. A query of stop words
only finds nothing. Guided-reflection answers are not searched (as before).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

MAX_WORDS = 8
SEARCHED_FIELDS = (
    "title",
    "body",
    "what_i_did",
    "what_happened",
    "do_differently",
    "site",
    "stakeholder_groups",
)
FTS_TABLE = "journal_entry_fts"
OWNER_COLUMN = "owner_id"  # in the SQLite FTS5 table only

# PostgreSQL's English stop words (Snowball), so both databases ignore the same words.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now""".split()
)


def words(text: str) -> list[str]:
    """The words a query asks for: letters and digits, lower case, stop words dropped."""
    found = [w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS and w != "_"]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def matching(qs: QuerySet, text: str, owner_id: int | None = None) -> QuerySet:
    """`qs` (of entries) narrowed to those containing every word of `text`, annotated `search_rank`
    (higher is better). One query, whatever the number of entries. `owner_id`, when `qs` holds one
    person's entries only, lets SQLite look among that person's entries alone."""
    terms = words(text)
    if not terms:
        return qs.annotate(search_rank=Value(0.0)).none()
    if connection.vendor == "postgresql":
        query = "plainto_tsquery('english'::regconfig, %s)"
        return qs.filter(
            RawSQL(
                f"journal_entry.search_document @@ {query}", [" ".join(terms)], output_field=BooleanField()
            )
        ).annotate(
            search_rank=RawSQL(
                f"ts_rank(journal_entry.search_document, {query})",
                [" ".join(terms)],
                output_field=FloatField(),
            )
        )
    # SQLite: join the FTS5 table on rowid; bm25 is lower for better matches. "rowid + 0" keeps the
    # planner from looking each of the person's entries up in the index one by one (slow for a
    # journal of thousands): it reads the matches once and joins them to the entries.
    weights = ", ".join(["10.0"] + ["1.0"] * (len(SEARCHED_FIELDS) - 1) + ["0.0"])
    words_ = " AND ".join('"' + term.replace('"', "") + '"' for term in terms)
    match = f"{{{' '.join(SEARCHED_FIELDS)}}} : ({words_})"
    if owner_id is not None:
        match = f'{OWNER_COLUMN} : "{int(owner_id)}" AND {match}'
    return qs.extra(
        tables=[FTS_TABLE],
        where=[f"journal_entry.id = {FTS_TABLE}.rowid + 0", f"{FTS_TABLE} MATCH %s"],
        params=[match],
        select={"search_rank": f"-bm25({FTS_TABLE}, {weights})"},
    )


# -- schema (used by the migration search_and_tag_indexes and after every migrate) ---------------

_PG_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, "
    + " || ' ' || ".join(f"coalesce({f}, '')" for f in SEARCHED_FIELDS[1:])
    + "), 'B')"
)

POSTGRESQL_CREATE = [
    "ALTER TABLE journal_entry ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED",
    "CREATE INDEX journal_entry_search_document ON journal_entry USING gin (search_document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS journal_entry_search_document",
    "ALTER TABLE journal_entry DROP COLUMN IF EXISTS search_document",
]

_columns = ", ".join([*SEARCHED_FIELDS, OWNER_COLUMN])
_new = ", ".join(f"new.{f}" for f in [*SEARCHED_FIELDS, OWNER_COLUMN])
_old = ", ".join(f"old.{f}" for f in [*SEARCHED_FIELDS, OWNER_COLUMN])
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS journal_entry_fts_insert AFTER INSERT ON journal_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    f"CREATE TRIGGER IF NOT EXISTS journal_entry_fts_delete AFTER DELETE ON journal_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); END",
    f"CREATE TRIGGER IF NOT EXISTS journal_entry_fts_update AFTER UPDATE ON journal_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
]
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_columns}, content='journal_entry', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS journal_entry_fts_insert",
    "DROP TRIGGER IF EXISTS journal_entry_fts_delete",
    "DROP TRIGGER IF EXISTS journal_entry_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def create_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in POSTGRESQL_CREATE if vendor == "postgresql" else SQLITE_CREATE if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def drop_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in POSTGRESQL_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def recreate_sqlite_index(schema_editor) -> None:
    """SQLite: the FTS5 table again in its current shape (migration `search_by_owner`)."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP + SQLITE_CREATE:
            schema_editor.execute(sql)


def ensure_sqlite_index(using: str = "default", **kwargs) -> None:
    """post_migrate: on SQLite, put back the sync triggers (and rebuild the index) if a table
    rebuild dropped them. Does nothing elsewhere, or before the search migration has run."""
    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        tables = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in tables or "journal_entry" not in tables:
            return
        missing = [
            name
            for name in ("journal_entry_fts_insert", "journal_entry_fts_delete", "journal_entry_fts_update")
            if name not in tables
        ]
        if missing:
            for sql in SQLITE_TRIGGERS:
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
