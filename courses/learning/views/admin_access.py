"""The gate in front of every training-administration view in the admin.

Wagtail's admin URLs already send an anonymous visitor to the sign-in page, and
`cms.users.middleware` gives a signed-in trainee a 403 page for anything under /admin/.
Whoever else arrives (a course author, a clinical reviewer) needs the permission
`learning.administer_training`; without it they get a 403 page saying so. (Wagtail's own
answer to a refused admin view is a redirect to the dashboard; a 403 says plainly that the
page exists and is not theirs.)
"""

from functools import wraps

from django.template.response import TemplateResponse

from courses.learning.permissions import administers_training


def forbidden(request):
    return TemplateResponse(request, "learning/admin/forbidden.html", status=403)


def training_admin_required(view):
    """Refuse, with a 403 page, anyone who does not administer training."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not administers_training(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return guarded


class TrainingAdminRequiredMixin:
    """The same gate for class-based views (the cohort viewset's views)."""

    def dispatch(self, request, *args, **kwargs):
        if not administers_training(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)
