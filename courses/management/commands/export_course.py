"""`manage.py export_course <slug> <file>`: a course as a package (see docs/course-packages.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.demo.schema import DemoContentError
from courses.models import CoursePage
from courses.packages.demo import demo_package
from courses.packages.export import export_course
from courses.packages.format import PackageError


class Command(BaseCommand):
    help = (
        "Export a course (its pages, quizzes, references, tags and images) to a package file "
        "that import_course reads on another site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", help="The course's slug, e.g. pap-anxiety-clinical-foundations."
        )
        parser.add_argument("file", help="Where to write the package (a .zip file).")
        parser.add_argument(
            "--from-data-files",
            action="store_true",
            help="Build the package from the flagship course's data files "
            "(courses/demo_content/) instead of this site's pages.",
        )

    def handle(self, *args, slug, file, from_data_files=False, **options):
        try:
            if from_data_files:
                data = demo_package()
            else:
                course = CoursePage.objects.filter(slug=slug).first()
                if course is None:
                    raise CommandError(f"No course has the slug {slug!r}.")
                data = export_course(course)
        except (PackageError, DemoContentError) as error:
            raise CommandError(f"The course cannot be exported: {error}") from error
        Path(file).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {file} ({len(data) // 1024} KB)."))
