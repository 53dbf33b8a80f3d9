"""Backup and restore (docs/backups.md), proved the way an operator runs them: `manage.py
backup_data` and `restore_data` in their own processes, with the production settings, against
a database of their own (a SQLite file; a PostgreSQL database this test creates and drops).

The round trip builds a realistic set of training records (tests/backup_records.py), takes a
snapshot of every row, backs up, damages the data, restores, and finds every row as it was;
then restores the same backup onto an empty database, as on a new machine.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import pytest
from django.core.management import CommandError, call_command

from cms.backups import BackupError, Database, back_up, restore

ROOT = Path(__file__).resolve().parents[1]
PG_HOST, PG_PORT = "127.0.0.1", 5432


@dataclass
class Site:
    """One installation of the site: its database and its folders, as environment variables."""

    engine: str
    folder: Path
    database_url: str
    suffix: str
    made: list = field(default_factory=list)

    @property
    def media(self) -> Path:
        return self.folder / "media"

    def env(self, settings="cms.settings.production") -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "PG"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE=settings,
            DATABASE_URL=self.database_url,
            PATHWAY_VAR_DIR=str(self.folder / "var"),
            MEDIA_ROOT=str(self.media),
            SECRET_KEY="backup-test-secret-key-" + "x" * 40,
            ALLOWED_HOSTS="pathway.example",
            WAGTAILADMIN_BASE_URL="https://pathway.example",
        )
        return env


def manage(site: Site, *args, check=True, settings="cms.settings.production"):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=site.env(settings),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check:
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def records(site: Site, code: str):
    """Run `code` with tests/backup_records.py imported as `r`, in the site's own process."""
    manage(
        site,
        "shell",
        "-c",
        f"from tests import backup_records as r; {code}",
        settings="cms.settings.test",
    )


def snapshot(site: Site, before: str = "", after: str = "") -> dict:
    """Every record's row, as canonical JSON; `before` and `after` run in the same process."""
    path = site.folder / "snapshot.json"
    records(site, f"{before}; r.snapshot({str(path)!r}); {after}".strip("; "))
    return json.loads(path.read_text(encoding="utf-8"))


def assert_same_records(after: dict, before: dict):
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], f"{name} differs after the restore"


# Databases of their own ----------------------------------------------------------------------


def sqlite_site(folder: Path) -> Site:
    folder.mkdir(parents=True, exist_ok=True)
    return Site("sqlite", folder, f"sqlite:///{folder / 'db.sqlite3'}", ".sqlite3")


def postgres_server_named() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def postgres_server() -> dict | None:
    """The PostgreSQL server to test against: the suite's own (DATABASE_URL), else one at
    127.0.0.1:5432, else None."""
    if postgres_server_named():
        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        return {**config, "NAME": f"{config['NAME']}_backup"}
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=1).close()
    except OSError:
        return None
    name = os.environ.get("PATHWAY_BACKUP_TEST_DATABASE", "pathway_backup_test")
    return {"HOST": PG_HOST, "PORT": PG_PORT, "USER": "postgres", "PASSWORD": "", "NAME": name}


def postgres_admin(server: dict, sql: str):
    import psycopg

    with psycopg.connect(
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(sql)


def postgres_site(folder: Path, server: dict, name: str) -> Site:
    folder.mkdir(parents=True, exist_ok=True)
    postgres_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    postgres_admin(server, f'CREATE DATABASE "{name}"')
    user = quote(server["USER"] or "", safe="")
    password = f":{quote(server['PASSWORD'], safe='')}" if server["PASSWORD"] else ""
    host = server["HOST"] or "localhost"
    port = f":{server['PORT']}" if server["PORT"] else ""
    url = f"postgres://{user}{password}@{host}{port}/{name}"
    return Site("postgresql", folder, url, ".dump", made=[name])


@pytest.fixture(params=["sqlite", "postgresql"])
def sites(request, tmp_path):
    """Two installations of one engine: the running one and an empty new machine."""
    if request.param == "sqlite":
        if postgres_server_named():
            pytest.skip("the suite runs on PostgreSQL: the SQLite round trip runs in its own pass")
        yield sqlite_site(tmp_path / "site"), sqlite_site(tmp_path / "new-machine")
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore (PostgreSQL's client tools) are not installed")
    server = postgres_server()
    if server is None:
        pytest.skip(f"no PostgreSQL: DATABASE_URL names none and none answers at {PG_HOST}")
    running = postgres_site(tmp_path / "site", server, server["NAME"])
    new = postgres_site(tmp_path / "new-machine", server, f"{server['NAME']}_new")
    yield running, new
    for site in (running, new):
        for name in site.made:
            postgres_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The round trip ------------------------------------------------------------------------------


def test_a_restore_brings_back_every_training_record_exactly(sites):
    site, new_machine = sites
    manage(site, "migrate", "--noinput", "-v0")
    before = snapshot(site, before="r.build()")
    assert len(before["learning.QuizAttempt"]) >= 8
    assert all(before[name] for name in before if name.startswith("learning."))
    (site.media / "original_images").mkdir(parents=True)
    (site.media / "original_images" / "slide.png").write_bytes(b"\x89PNG slide")

    backup = site.folder / "backups" / f"pathway{site.suffix}"
    made = manage(site, "backup_data", str(backup), "--media")
    assert backup.is_file() and Path(f"{backup}.media.tar.gz").is_file()
    assert str(backup) in made.stdout

    damaged = snapshot(site, before="r.damage()")
    assert damaged != before
    assert len(damaged["learning.QuizAttempt"]) < len(before["learning.QuizAttempt"])
    (site.media / "original_images" / "slide.png").unlink()
    (site.media / "added-later.txt").write_text("not in the backup")

    refused = manage(site, "restore_data", str(backup), check=False)
    assert refused.returncode == 1
    assert "already holds" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert snapshot(site) == damaged  # refused: nothing changed

    restored = manage(site, "restore_data", str(backup), "--force", "--media")
    assert "Restored" in restored.stdout
    # Every row as it was; and the restored site takes new records (r.check_usable).
    assert_same_records(snapshot(site, after="r.check_usable()"), before)
    assert (site.media / "original_images" / "slide.png").read_bytes() == b"\x89PNG slide"
    assert not (site.media / "added-later.txt").exists()  # replaced, not merged

    # A new machine: an empty database, no --force needed.
    manage(new_machine, "restore_data", str(backup), "--media")
    assert_same_records(snapshot(new_machine), before)
    assert (new_machine.media / "original_images" / "slide.png").is_file()


# Mistakes an operator can make: a clear message, no traceback --------------------------------


def test_a_file_that_is_not_a_backup_is_refused_without_a_traceback(tmp_path):
    site = sqlite_site(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    result = manage(site, "restore_data", str(notes), check=False)
    assert result.returncode == 1
    assert "is not a Pathway backup" in result.stderr
    assert "Traceback" not in result.stderr


def sqlite_database(path: Path) -> Database:
    return Database("default", "sqlite", {"NAME": str(path)})


def postgres_database() -> Database:
    return Database(
        "default", "postgresql", {"NAME": "pathway", "HOST": "db.invalid", "USER": "pathway"}
    )


def test_a_backup_of_the_other_engine_is_refused_with_what_to_do(tmp_path):
    dump = tmp_path / "pathway.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    with pytest.raises(
        BackupError, match="is a PostgreSQL backup, but this site's database is SQLite"
    ):
        restore(dump, database=sqlite_database(tmp_path / "db.sqlite3"))

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE shopping (item TEXT)")
    with pytest.raises(BackupError, match="is a SQLite backup, but this site's database is Post"):
        restore(other, database=postgres_database())
    with pytest.raises(BackupError, match="is a SQLite database, but not a backup of this site"):
        restore(other, database=sqlite_database(tmp_path / "db.sqlite3"))


def test_a_sqlite_backup_taken_while_the_site_writes_is_consistent(tmp_path):
    """The online backup copies one moment: never half of a transaction, never a torn file;
    and the writer goes on meanwhile, without an error."""
    live = tmp_path / "db.sqlite3"
    with sqlite3.connect(live) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
        connection.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, half TEXT)")
    stop, errors, written = threading.Event(), [], []

    def write():
        connection = sqlite3.connect(live, timeout=20, isolation_level=None)
        try:
            while not stop.is_set():
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("INSERT INTO pairs (half) VALUES ('a')")
                connection.execute("INSERT INTO pairs (half) VALUES ('b' || hex(randomblob(500)))")
                connection.execute("COMMIT")
                written.append(1)
        except sqlite3.Error as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    counts = []
    try:
        for n in range(5):
            while len(written) < 50 * (n + 1):
                time.sleep(0.01)
            backup = tmp_path / f"backup-{n}.sqlite3"
            back_up(backup, database=sqlite_database(live))
            with sqlite3.connect(backup) as copy:
                assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
                assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
                counts.append(copy.execute("SELECT count(*) FROM pairs").fetchone()[0])
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert all(count % 2 == 0 for count in counts), counts  # whole transactions only
    assert counts == sorted(counts) and counts[-1] >= 500
    assert not list(tmp_path.glob(".*partial"))


def test_a_missing_backup_file_and_an_unwritable_place_are_named(tmp_path):
    live = tmp_path / "db.sqlite3"
    live.write_bytes(b"")
    with pytest.raises(BackupError, match="is the site's own database"):
        back_up(live, database=sqlite_database(live))
    with pytest.raises(BackupError, match="is the site's own database"):
        restore(live, database=sqlite_database(live), force=True)

    with pytest.raises(CommandError, match="There is no backup file at .*missing.dump"):
        call_command("restore_data", str(tmp_path / "missing.dump"))
    in_a_file = tmp_path / "a-file"
    in_a_file.write_text("")
    with pytest.raises(CommandError, match="Cannot create the folder .*a-file/backups"):
        call_command("backup_data", str(in_a_file / "backups" / "pathway.backup"))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup_data", str(tmp_path))


def test_a_missing_pg_dump_is_named_with_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BackupError, match="pg_dump was not found.*postgresql-client"):
        back_up(tmp_path / "pathway.dump", database=postgres_database())
    assert not (tmp_path / "pathway.dump").exists()


def test_the_database_password_never_appears_on_pg_dumps_command_line(tmp_path, monkeypatch):
    """`ps` shows every process's arguments to every user; the environment it does not."""
    tools = tmp_path / "bin"
    tools.mkdir()
    seen = tmp_path / "seen.txt"
    fake = tools / "pg_dump"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "args: $*" > {seen}\n'
        f'echo "password: $PGPASSWORD" >> {seen}\n'
        'for a in "$@"; do case "$a" in --file=*) printf PGDMP > "${a#--file=}";; esac; done\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PG_BIN_DIR", str(tools))
    database = Database(
        "default",
        "postgresql",
        {
            "NAME": "pathway",
            "HOST": "db.internal",
            "PORT": 5433,
            "USER": "app",
            "PASSWORD": "s3cret-Pw",
        },
    )
    back_up(tmp_path / "pathway.dump", database=database)
    args, password = seen.read_text().splitlines()
    assert "s3cret-Pw" not in args
    assert "--host=db.internal" in args and "--port=5433" in args and "--username=app" in args
    assert "--format=custom" in args and args.endswith(" pathway")
    assert password == "password: s3cret-Pw"
    assert (tmp_path / "pathway.dump").read_bytes() == b"PGDMP"


def test_a_postgresql_database_that_does_not_exist_is_named_with_how_to_create_it(tmp_path):
    server = postgres_server()
    if server is None:
        pytest.skip(f"no PostgreSQL: DATABASE_URL names none and none answers at {PG_HOST}")
    missing = f"{server['NAME']}_missing"
    postgres_admin(server, f'DROP DATABASE IF EXISTS "{missing}"')
    config = {**server, "NAME": missing}
    with pytest.raises(BackupError, match=f'database "{missing}" does not exist'):
        back_up(tmp_path / "backup.dump", database=Database("default", "postgresql", config))
    assert not (tmp_path / "backup.dump").exists()
