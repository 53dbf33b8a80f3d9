"""Wagtail's `publish_scheduled`, refusing content that could not go live.

Run it every minute (see docs/publishing.md); `make run` does so next to the dev server.
Revisions due to go live whose content the edit form would refuse lose their schedule and
are named on stderr, with the reason; everything else is published as Wagtail does.
"""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Page, Revision

from courses.publishing import withhold_invalid_schedules


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options.get("dryrun"):
            due = Revision.objects.filter(
                approved_go_live_at__lt=timezone.now(),
                base_content_type__model=Page._meta.model_name,
                base_content_type__app_label=Page._meta.app_label,
            ).order_by("approved_go_live_at")
            for refusal in withhold_invalid_schedules(due):
                self.stderr.write(f"{refusal} Its schedule is withdrawn.")
        super().handle(*args, **options)
