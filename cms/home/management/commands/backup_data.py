"""`manage.py backup_data [FILE] [--media]`: a backup of the whole database, safe to take while
the site is serving. See docs/backups.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, back_up, configured_database, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database to FILE: pg_dump's custom format for PostgreSQL, SQLite's online "
        "backup for SQLite (both safe while the site is serving). With --media, also archive "
        "the uploaded files (MEDIA_ROOT) to FILE.media.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            help="Where to write the backup (default: var/backups/pathway-<date>-<time>.sqlite3 "
            "or .dump).",
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also archive MEDIA_ROOT (images and documents uploaded in the admin) next to it.",
        )

    def handle(self, *args, file, media, **options):
        try:
            database = configured_database()
            target = Path(file) if file else default_backup_path(database)
            written = back_up(target, media=media, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the {database.kind} database {database.name} to:")
        for path in written:
            self.stdout.write(f"  {path} ({path.stat().st_size:,} bytes)")
