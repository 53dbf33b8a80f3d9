"""Backing up and restoring the whole site: the database and, optionally, the uploaded media.

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore`; SQLite
(the embedded default) is copied with SQLite's online backup API, which gives a consistent
copy while the site goes on serving, and restored by the same API into the live database file.
A restore replaces what the database holds: it never merges. See docs/backups.md.

Everything an operator can get wrong (a missing tool, a path that cannot be written, a file
that is not a backup of this kind of database) raises `BackupError` with a message saying
what to do; the management commands show it without a traceback.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINES = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")
MEDIA_SUFFIX = ".media.tar.gz"


class BackupError(Exception):
    """A problem the operator can fix; the message says how."""


@dataclass(frozen=True)
class Database:
    """The configured database, as the backup tools need it."""

    alias: str
    engine: str  # "sqlite" or "postgresql"
    settings: dict

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    @property
    def kind(self) -> str:
        return "SQLite" if self.engine == "sqlite" else "PostgreSQL"


def configured_database(alias: str = "default") -> Database:
    config = settings.DATABASES[alias]
    engine = config["ENGINE"]
    if engine == SQLITE_ENGINE:
        name = str(config["NAME"])
        if name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name:
            raise BackupError("The database is held in memory: there is nothing to back up.")
        return Database(alias, "sqlite", config)
    if engine in POSTGRES_ENGINES:
        return Database(alias, "postgresql", config)
    raise BackupError(
        f"Backups support SQLite and PostgreSQL; this site's database engine is {engine}."
    )


def default_backup_path(database: Database, now: datetime | None = None) -> Path:
    """`var/backups/pathway-YYYYMMDD-HHMMSS.sqlite3` (or `.dump` for PostgreSQL)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if database.engine == "sqlite" else ".dump"
    return Path(settings.VAR_DIR) / "backups" / f"pathway-{stamp}{suffix}"


def media_archive_path(backup_file: Path) -> Path:
    """Where the media archive of a backup lives: next to it, `<file>.media.tar.gz`."""
    return backup_file.with_name(backup_file.name + MEDIA_SUFFIX)


# Backing up --------------------------------------------------------------------------------


def back_up(target: Path, *, media: bool = False, database: Database | None = None) -> list[Path]:
    """Write a backup of the database to `target` (and of MEDIA_ROOT next to it when `media`).
    The file appears only once complete: a failed backup leaves nothing half-written.
    Returns the files written."""
    database = database or configured_database()
    target = Path(target).expanduser().absolute()
    _refuse_the_live_database(target, database)
    _check_writable(target)
    if media:
        _check_writable(media_archive_path(target))
    partial = target.with_name(f".{target.name}.partial")
    try:
        if database.engine == "sqlite":
            _sqlite_backup(database, partial)
        else:
            _pg_dump(database, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    written = [target]
    if media:
        written.append(_archive_media(media_archive_path(target)))
    return written


def _refuse_the_live_database(path: Path, database: Database) -> None:
    if database.engine == "sqlite" and path.resolve() == Path(database.name).resolve():
        raise BackupError(f"{path} is the site's own database: name another file.")


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise BackupError(f"{path} is a folder: name the backup file to write.")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise BackupError(f"Cannot create the folder {folder}: {error.strerror}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(
            f"Cannot write the backup to {path}: the folder {folder} is not writable."
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise BackupError(f"Cannot write the backup to {path}: the file is not writable.")


def _sqlite_backup(database: Database, target: Path) -> None:
    source_path = Path(database.name)
    if not source_path.exists():
        raise BackupError(f"The SQLite database {source_path} does not exist: nothing to back up.")
    try:
        destination = sqlite3.connect(target)
        destination.execute("PRAGMA user_version")  # opens the file now, to report it plainly
    except sqlite3.Error as error:
        raise BackupError(f"Cannot write a backup in {target.parent}: {error}.") from None
    source = sqlite3.connect(source_path, timeout=60)
    try:
        try:
            # One read transaction copies every page: a consistent moment, while the site goes
            # on reading and (SQLite being in WAL mode) writing.
            source.backup(destination)
            # A single self-contained file, readable without its -wal and -shm companions.
            destination.execute("PRAGMA journal_mode=DELETE")
            result = destination.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"The copy failed SQLite's integrity check: {result}.")
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source_path}: {error}.") from None
    finally:
        source.close()


def _pg_dump(database: Database, target: Path) -> None:
    command = [
        _pg_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
        *_pg_connection_arguments(database),
        database.name,
    ]
    _run_pg_tool(command, database, "pg_dump")


# Restoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    database: str
    replaced: bool  # the database held tables before
    media_restored: bool


def restore(
    source: Path, *, force: bool = False, media: bool = False, database: Database | None = None
) -> RestoreReport:
    """Replace the database (and MEDIA_ROOT when `media`) with the backup in `source`.
    Refuses a database that already holds tables unless `force`: a restore never merges."""
    database = database or configured_database()
    source = Path(source).expanduser().absolute()
    _refuse_the_live_database(source, database)
    _check_backup_file(source, database)
    archive = media_archive_path(source)
    if media and not archive.is_file():
        raise BackupError(
            f"No media archive next to the backup: {archive} does not exist "
            "(it is written by backup_data --media)."
        )
    tables = _existing_tables(database)
    if tables and not force:
        raise BackupError(
            f"The {database.kind} database {database.name} already holds {tables} tables. "
            "A restore replaces everything in it (nothing is merged). Stop the site, back the "
            "database up if it may matter, then run again with --force "
            "(make restore FILE=... FORCE=1)."
        )
    connections[database.alias].close()
    if database.engine == "sqlite":
        _sqlite_restore(source, database)
    else:
        _pg_restore(source, database, clean=bool(tables))
    if media:
        _restore_media(archive)
    return RestoreReport(database.name, bool(tables), media)


def _check_backup_file(source: Path, database: Database) -> None:
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    try:
        with source.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"Cannot read {source}: {error.strerror}.") from None
    if header.startswith(SQLITE_HEADER):
        found = "SQLite"
    elif header.startswith(PG_CUSTOM_HEADER):
        found = "PostgreSQL"
    else:
        raise BackupError(
            f"{source} is not a Pathway backup: it is neither a SQLite database nor a "
            "PostgreSQL dump in pg_dump's custom format."
        )
    if found != database.kind:
        raise BackupError(
            f"{source} is a {found} backup, but this site's database is {database.kind}. "
            f"Restore it into a {found} database (set DATABASE_URL), or move the data "
            "across with dumpdata and loaddata."
        )
    if found == "SQLite":
        _check_sqlite_backup(source)
    else:
        _check_pg_backup(source, database)


def _check_sqlite_backup(source: Path) -> None:
    try:
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            names = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
            result = backup.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be read as a SQLite database: {error}.") from None
    if result != "ok":
        raise BackupError(f"{source} is damaged (SQLite's integrity check says: {result}).")
    if "django_migrations" not in names:
        raise BackupError(f"{source} is a SQLite database, but not a backup of this site.")


def _check_pg_backup(source: Path, database: Database) -> None:
    listing = _run_pg_tool(
        [_pg_tool("pg_restore"), "--list", str(source)], database, "pg_restore", capture=True
    )
    if " django_migrations " not in listing:
        raise BackupError(f"{source} is a PostgreSQL dump, but not a backup of this site.")


def _existing_tables(database: Database) -> int:
    if database.engine == "sqlite":
        path = Path(database.name)
        if not path.exists() or path.stat().st_size == 0:
            return 0
    connection = connections[database.alias]
    try:
        with connection.cursor() as cursor:
            return len(connection.introspection.table_names(cursor))
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        create = (
            f" Create it first (createdb {database.name})."
            if "does not exist" in str(error)
            else ""
        )
        raise BackupError(
            f"Cannot open the {database.kind} database {database.name}: {first_line}.{create}"
        ) from None


def _sqlite_restore(source: Path, database: Database) -> None:
    live_path = Path(database.name)
    live_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            live = sqlite3.connect(live_path, timeout=60)
            try:
                # Writes every page of the live file in one locked step: other connections
                # see the old database or the restored one, never a mixture.
                backup.backup(live)
                live.execute("PRAGMA journal_mode=WAL")
            finally:
                live.close()
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore into {live_path}: {error}.") from None


def _pg_restore(source: Path, database: Database, *, clean: bool) -> None:
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # all or nothing: a failed restore leaves the database as it was
        "--exit-on-error",
        *(["--clean", "--if-exists"] if clean else []),
        *_pg_connection_arguments(database),
        f"--dbname={database.name}",
        str(source),
    ]
    _run_pg_tool(command, database, "pg_restore")


# PostgreSQL's tools --------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    folder = os.environ.get("PG_BIN_DIR")
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found{f' in PG_BIN_DIR ({folder})' if folder else ''}. Install "
            "PostgreSQL's client tools of the same major version as the server (for example "
            "apt-get install postgresql-client-15), or set PG_BIN_DIR to their folder."
        )
    return found


def _pg_connection_arguments(database: Database) -> list[str]:
    config = database.settings
    arguments = []
    if config.get("HOST"):
        arguments.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        arguments.append(f"--port={config['PORT']}")
    if config.get("USER"):
        arguments.append(f"--username={config['USER']}")
    return [*arguments, "--no-password"]


def _pg_environment(database: Database) -> dict[str, str]:
    """The password travels in the environment, never on the command line (where `ps` shows
    it); so do the TLS options."""
    environment = dict(os.environ)
    config = database.settings
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    options = config.get("OPTIONS", {})
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ]:
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _run_pg_tool(command: list[str], database: Database, name: str, capture=False) -> str:
    try:
        completed = subprocess.run(  # noqa: S603 (arguments are a list; no shell)
            command, env=_pg_environment(database), capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{name} could not be started: {error.strerror}.") from None
    if completed.returncode != 0:
        message = completed.stderr.strip() or f"it exited with status {completed.returncode}"
        hint = ""
        if "version mismatch" in message:
            hint = (
                f" Use the {name} of the server's major version (PG_BIN_DIR can name its folder)."
            )
        raise BackupError(f"{name} failed: {message}{hint}")
    return completed.stdout if capture else ""


# Media -----------------------------------------------------------------------------------


def _archive_media(archive: Path) -> Path:
    media_root = Path(settings.MEDIA_ROOT)
    partial = archive.with_name(f".{archive.name}.partial")
    try:
        with tarfile.open(partial, "w:gz") as tar:
            if media_root.exists():
                tar.add(media_root, arcname="media")
            else:  # no upload yet: an empty folder, so that a restore empties MEDIA_ROOT
                folder = tarfile.TarInfo("media")
                folder.type, folder.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(folder)
        os.replace(partial, archive)
    except OSError as error:
        raise BackupError(f"Cannot write the media archive {archive}: {error.strerror}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return archive


def _restore_media(archive: Path) -> None:
    """Replace MEDIA_ROOT by the archive's files: unpacked beside it first, then swapped in."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(unpacked, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{archive} cannot be unpacked: {error}.") from None
        if not (unpacked / "media").is_dir():
            raise BackupError(f"{archive} is not a media archive written by backup_data.")
        replaced = media_root.with_name(f".{media_root.name}-replaced")
        shutil.rmtree(replaced, ignore_errors=True)
        if media_root.exists():
            media_root.rename(replaced)
        (unpacked / "media").rename(media_root)
        shutil.rmtree(replaced, ignore_errors=True)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
