"""`praxis backup FILE` and `praxis restore FILE`: back up, change things, restore, and every row
of every table (timestamps included) is exactly as it was."""

import shutil
import sqlite3
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from praxis.accounts.models import User
from praxis.core import backups
from praxis.core.frameworks import current_framework_version
from praxis.journal import services as journal
from praxis.journal.models import Entry


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, every column, in a stable order."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def _seed(alice, bob):
    current_framework_version()
    entry = journal.create_entry(
        owner=alice,
        kind="support",
        fields={"occurred_on": "2026-03-01", "title": "Coaching", "duration_minutes": 45, "answers": {}},
        tags=["co-learning"],
    )
    moment = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)  # microseconds must survive
    Entry.objects.filter(pk=entry.pk).update(created_at=moment, updated_at=moment)
    return entry


def _change_everything(alice, bob, entry):
    User.objects.filter(pk=alice.pk).update(full_name="Someone else")
    Entry.objects.filter(pk=entry.pk).update(updated_at=datetime(2027, 1, 1, tzinfo=UTC))
    bob.delete()
    journal.create_entry(owner=alice, kind="reflection", fields={"occurred_on": "2026-04-01", "title": "New"})


def _round_trip(tmp_path, alice, bob):
    entry = _seed(alice, bob)
    before = _snapshot()
    assert before["journal_entry"] and before["accounts_user"]
    file = tmp_path / "praxis.backup"
    out = StringIO()
    call_command("backup", str(file), stdout=out)
    assert "Backed up" in out.getvalue() and file.stat().st_size > 0
    _change_everything(alice, bob, entry)
    assert _snapshot() != before
    out = StringIO()
    call_command("restore", str(file), "--no-input", stdout=out)
    assert "Restored" in out.getvalue()
    return before, _snapshot()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_then_restore_gives_back_identical_rows_timestamps_included(tmp_path, alice, bob):
    before, after = _round_trip(tmp_path, alice, bob)
    assert after == before
    assert Entry.objects.get(title="Coaching").created_at == datetime(
        2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="needs PostgreSQL (DATABASE_URL) and its client tools pg_dump and pg_restore on PATH",
)
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_then_restore_gives_back_identical_rows_timestamps_included(tmp_path, alice, bob):
    before, after = _round_trip(tmp_path, alice, bob)
    assert after == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite backup is a database file")
@pytest.mark.django_db(transaction=True)
def test_an_sqlite_backup_is_a_complete_database_file(tmp_path, alice):
    file = tmp_path / "copy.sqlite3"
    call_command("backup", str(file), stdout=StringIO())
    copy = sqlite3.connect(file)
    assert copy.execute("SELECT email FROM accounts_user").fetchall() == [("alice@example.org",)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    assert [p.name for p in tmp_path.iterdir()] == ["copy.sqlite3"]  # no partial file left behind
    assert file.stat().st_mode & 0o077 == 0  # everyone's data: readable by its owner only


@pytest.mark.django_db
def test_backup_never_overwrites_a_file_unless_told(tmp_path):
    file = tmp_path / "existing"
    file.write_text("precious")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(file), stdout=StringIO())
    assert file.read_text() == "precious"


@pytest.mark.django_db
def test_restore_says_clearly_when_the_file_is_not_a_backup_and_changes_nothing(tmp_path, alice):
    before = _snapshot()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("This is not a database, just some text long enough to look like one." * 20)
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", str(not_a_backup), "--no-input", stdout=StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--no-input", stdout=StringIO())
    assert _snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite file from elsewhere")
@pytest.mark.django_db
def test_restore_refuses_an_sqlite_database_that_is_not_praxis(tmp_path):
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(CommandError, match="not a Praxis backup"):
        call_command("restore", str(other), "--no-input", stdout=StringIO())


@pytest.mark.django_db
def test_restore_asks_first_and_a_no_changes_nothing(tmp_path, alice, monkeypatch):
    file = tmp_path / "b"
    file.write_bytes(b"anything")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        call_command("restore", str(file), stdout=StringIO())
    assert User.objects.filter(pk=alice.pk).exists()


def test_missing_postgresql_tools_get_a_one_line_explanation(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="pg_dump was not found on PATH: install the PostgreSQL"):
        backups._tool("pg_dump")


def test_another_kind_of_database_is_refused_for_backup_and_restore(monkeypatch, tmp_path):
    monkeypatch.setattr(backups, "vendor", lambda alias="default": "mysql")
    existing = tmp_path / "backup.db"
    existing.write_bytes(b"")
    with pytest.raises(backups.BackupError, match="^Backups are made for SQLite and PostgreSQL, not mysql.$"):
        backups.backup(tmp_path / "new.db")
    with pytest.raises(
        backups.BackupError, match="^Restores are made for SQLite and PostgreSQL, not mysql.$"
    ):
        backups.restore(existing)
    assert not (tmp_path / "new.db").exists()
