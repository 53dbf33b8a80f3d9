"""`manage.py import_course <file> [--dry-run] [--publish]`: a course package into this site
(see docs/course-packages.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from courses.packages.format import PackageError
from courses.packages.importer import import_package


class Command(BaseCommand):
    help = (
        "Import a course package. Pages are matched by slug and updated in place, references "
        "by DOI, images by their file; nothing is deleted and no training record is touched. "
        "Changes are saved as drafts for clinical review unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The package (a .zip file made by export_course).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what the import would create and update; change nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish what is imported at once, without clinical review. Use it only for "
            "content that has already been reviewed (a backup, or the same course elsewhere).",
        )
        parser.add_argument(
            "--user",
            help="The username to record as the author of the new revisions (default: none).",
        )

    def handle(self, *args, file, dry_run=False, publish=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")
        try:
            report = import_package(
                path.read_bytes(), user=account, publish=publish, dry_run=dry_run
            )
        except PackageError as error:
            raise CommandError(f"The package was not imported: {error}") from error
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} “{report.course_title}” from {report.source or 'a package'}.")
        for change in report.changes:
            if change.action != "unchanged" or options["verbosity"] >= 2:
                note = f" ({change.note})" if change.note else ""
                self.stdout.write(f"  {change.action}: {change.kind} {change.label}{note}")
        self.stdout.write(
            self.style.SUCCESS(f"{'Preview' if dry_run else 'Done'}: {report.summary()}.")
        )
        if not dry_run and not publish and report.changes_anything:
            self.stdout.write(
                "The changes are drafts: submit them for clinical review to publish them."
            )
