"""`manage.py restore_data FILE [--force] [--media]`: replace the database with a backup
written by backup_data. See docs/backups.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, configured_database, restore


class Command(BaseCommand):
    help = (
        "Replace the configured database with the backup in FILE (written by backup_data). "
        "Nothing is merged: every table is replaced. Stop the site first. A database that "
        "already holds tables is replaced only with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data.",
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also replace MEDIA_ROOT with the archive FILE.media.tar.gz written beside it.",
        )

    def handle(self, *args, file, force, media, **options):
        try:
            database = configured_database()
            report = restore(Path(file), force=force, media=media, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        replaced = " (its previous contents were replaced)" if report.replaced else ""
        self.stdout.write(f"Restored the {database.kind} database {report.database}{replaced}.")
        if report.media_restored:
            self.stdout.write("Restored the uploaded files (MEDIA_ROOT).")
        self.stdout.write(
            "Next: run `manage.py migrate` if this code is newer than the backup, then start "
            "the site and check a trainee's record."
        )
