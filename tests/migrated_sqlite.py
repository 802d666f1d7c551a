"""A migrated SQLite test database, kept between runs and copied instead of migrating again.

Every pytest-xdist worker creates its own in-memory test database by running every migration
(about 2.5 s of each worker's start). The result depends only on the migration files, the Praxis
modules they import (the journal's search index SQL, the form fields) and the versions of Django
and SQLite, so the first run saves it to `.test-db-cache/` under a hash of those, and a later run
copies it into the in-memory database with SQLite's backup API (what Django does to clone test
databases) in a few milliseconds. A change to any of them changes the hash, so a stale copy is
never used. PostgreSQL test databases are made as usual.

On a first (cold) run one worker migrates and saves while the others wait for its file (a lock on
`.test-db-cache/.lock`) instead of each running every migration at the same time; older saved
databases are removed then.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sqlite3
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db.backends.sqlite3.creation import DatabaseCreation

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / ".test-db-cache"
_create_test_db = DatabaseCreation.create_test_db


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    imported = set()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted(Path(config.path, "migrations").glob("*.py")):
            text = path.read_bytes()
            digest.update(f"{config.label}/{path.name}".encode() + text)
            imported.update(re.findall(r"\b(praxis(?:\.\w+)+)", text.decode()))
    for name in sorted(imported):  # a module, or a name inside one: praxis.core.inputs.TextField
        parts = name.split(".")
        files = (ROOT.joinpath(*parts[:n]).with_suffix(".py") for n in range(len(parts), 1, -1))
        found = next((f for f in files if f.is_file()), None)
        if found is not None:
            digest.update(name.encode() + found.read_bytes())
    return digest.hexdigest()[:16]


def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    name = self._get_test_db_name()
    if keepdb or not self.is_in_memory_db(name):
        return _create_test_db(self, verbosity, autoclobber, serialize, keepdb)
    saved = CACHE_DIR / f"{_fingerprint()}.sqlite3"
    if not saved.exists():
        CACHE_DIR.mkdir(exist_ok=True)
        with open(CACHE_DIR / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates, the others wait for its copy
            if not saved.exists():
                name = _create_test_db(self, verbosity, autoclobber, serialize, keepdb)
                for old in CACHE_DIR.glob("*.sqlite3"):  # made from earlier migrations
                    old.unlink(missing_ok=True)
                partial = saved.with_suffix(f".{os.getpid()}.tmp")
                with sqlite3.connect(partial) as copy:
                    self.connection.connection.backup(copy)
                copy.close()
                os.replace(partial, saved)
                return name
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    self.connection.ensure_connection()
    source = sqlite3.connect(saved)
    try:
        source.backup(self.connection.connection)
    finally:
        source.close()
    if serialize:  # as Django does, for tests with serialized_rollback
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    return name


def install() -> None:
    DatabaseCreation.create_test_db = create_test_db
