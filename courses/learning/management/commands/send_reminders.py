"""`manage.py send_reminders`: email trainees who have stopped part-way through a course.

Run it from cron (daily is plenty). Each trainee gets at most one reminder per interval,
however often it runs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.learning.services.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each trainee who has an unfinished course and has done nothing for --days "
        "days; at most one reminder per trainee every --interval days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REMINDER_INACTIVE_DAYS,
            help="Days without activity before a trainee is reminded "
            "(default: REMINDER_INACTIVE_DAYS, %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="Days between two reminders to the same trainee "
            "(default: REMINDER_INTERVAL_DAYS, or --days).",
        )

    def handle(self, *args, days, interval, **options):
        interval = interval or settings.REMINDER_INTERVAL_DAYS or days
        if days < 1 or interval < 1:
            raise CommandError("--days and --interval must be at least 1.")
        sent = send_reminders(inactive_days=days, interval_days=interval)
        self.stdout.write(f"Reminded {sent} trainee{'' if sent == 1 else 's'}.")
