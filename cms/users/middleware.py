"""Middleware about the signed-in person: a clear 403 page for one without admin access who
opens the admin, and their own time zone for every time a page shows.

Wagtail sends a person without admin access to the sign-in page, and allauth sends a
signed-in person back to where they came from: the browser loops between the two until it
gives up.
"""

from contextlib import suppress
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from cms.users.permissions import may_use_admin


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.admin_prefix)
            and user is not None
            and user.is_authenticated
            and not may_use_admin(user)
        ):
            response = TemplateResponse(request, "users/admin_forbidden.html", status=403)
            return response.render()
        return self.get_response(request)


class TimeZoneMiddleware:
    """Times on a signed-in person's pages are shown in the time zone of their profile; the
    site's own zone (`TIME_ZONE`) for everyone else and for a zone no longer known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        timezone.deactivate()
        # A zone dropped from the time zone database leaves the site's own.
        if zone:
            with suppress(ZoneInfoNotFoundError, ValueError):
                timezone.activate(ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
