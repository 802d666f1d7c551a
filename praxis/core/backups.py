"""Backing up and restoring the whole database: `praxis backup FILE`, `praxis restore FILE`.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot page
by page while the site keeps running; restoring copies the pages back the same way, so the
result is the backup byte for byte. PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists --single-transaction``, with the connection taken from Django's
settings (the password passed in the environment, never on the command line).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections

from .errors import PraxisError


class BackupError(PraxisError):
    """A backup or restore that cannot be done; the message says why and what to do."""


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _written_beside(path: Path, write) -> None:
    """Run `write(partial)` on a new file beside `path`, readable by its owner only (a backup holds
    everyone's data), then move it into place: an interrupted backup never leaves a half-written
    file under the name asked for."""
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_connection(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def sqlite_backup(path: Path, alias: str = "default") -> None:
    """A consistent copy of the live database, taken while it is in use."""

    def write(partial: str) -> None:
        target = sqlite3.connect(partial)
        try:
            _sqlite_connection(alias).backup(target)
        finally:
            target.close()

    _written_beside(path, write)


def _open_sqlite_backup(path: Path) -> sqlite3.Connection:
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ok = source.execute("PRAGMA quick_check").fetchone()[0]
        praxis = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from None
    if ok != "ok":
        source.close()
        raise BackupError(f"{path} is damaged: SQLite's check says {ok!r}.")
    if not praxis:
        source.close()
        raise BackupError(
            f"{path} is a SQLite database but not a Praxis backup (it has no django_migrations)."
        )
    return source


def sqlite_restore(path: Path, alias: str = "default") -> None:
    """Replace every page of the database with the backup's, in one step that other connections
    see whole (SQLite locks the database while it copies)."""
    source = _open_sqlite_backup(path)
    try:
        connection = connections[alias]
        if connection.in_atomic_block:
            raise BackupError("A restore cannot run inside a transaction.")
        source.backup(_sqlite_connection(alias))
    finally:
        source.close()
    connections[alias].close()  # nothing cached from before the restore is used again


# -- PostgreSQL ---------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "(the same major version as the server or newer) and try again."
        )
    return found


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, and the environment carrying the password."""
    settings = connections[alias].settings_dict
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    args += ["--dbname", settings["NAME"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    options = settings.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{Path(command[0]).name} failed: {lines[-1] if lines else 'no message'}")


def postgresql_backup(path: Path, alias: str = "default") -> None:
    pg_dump = _tool("pg_dump")
    args, env = _pg_arguments(alias)
    _written_beside(path, lambda partial: _run([pg_dump, "--format=custom", "--file", partial, *args], env))


def postgresql_restore(path: Path, alias: str = "default") -> None:
    pg_restore = _tool("pg_restore")
    args, env = _pg_arguments(alias)
    listing = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise BackupError(
            f"{path} is not a PostgreSQL backup made by `praxis backup` (pg_dump's custom format)."
        )
    connections.close_all()  # our own open connections would hold locks the restore needs
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)],
        env,
    )


# -- either ---------------------------------------------------------------------------------------


def backup(path: Path, alias: str = "default") -> None:
    _for_database(alias, "Backups", sqlite=sqlite_backup, postgresql=postgresql_backup)(path, alias)


def restore(path: Path, alias: str = "default") -> None:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    _for_database(alias, "Restores", sqlite=sqlite_restore, postgresql=postgresql_restore)(path, alias)


def _for_database(alias: str, what: str, **by_vendor):
    """The function for this kind of database; any other kind is refused."""
    kind = vendor(alias)
    if kind not in by_vendor:
        raise BackupError(f"{what} are made for SQLite and PostgreSQL, not {kind}.")
    return by_vendor[kind]


def describe(alias: str = "default") -> str:
    """The database in words, for messages: which kind and which one (never the password)."""
    settings = connections[alias].settings_dict
    if vendor(alias) == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"the PostgreSQL database {settings['NAME']} on {host}{port}"
