"""A signed-in person without admin access who opens the admin gets a clear 403 page.

Wagtail sends such a person to the sign-in page, and allauth sends a signed-in person back
to where they came from: the browser loops between the two until it gives up.
"""

from django.template.response import TemplateResponse
from django.urls import reverse

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
