"""Template context every page needs about the signed-in person."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from cms.users.permissions import may_use_admin


def staff(request):
    """`may_use_admin`: whether to draw Wagtail's user bar (editors only), worked out only
    if a template asks, and from the cache."""
    user = getattr(request, "user", None)
    return {"may_use_admin": SimpleLazyObject(lambda: may_use_admin(user))}


def time_zone(request):
    """`TIME_ZONE_NAME`: the zone the page's times are shown in (the signed-in person's own,
    activated by `cms.users.middleware.TimeZoneMiddleware`), to name it beside them."""
    return {"TIME_ZONE_NAME": timezone.get_current_timezone_name()}
