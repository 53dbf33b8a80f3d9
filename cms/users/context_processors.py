"""Template context every page needs about the signed-in person."""

from django.utils.functional import SimpleLazyObject

from cms.users.permissions import may_use_admin


def staff(request):
    """`may_use_admin`: whether to draw Wagtail's user bar (editors only), worked out only
    if a template asks, and from the cache."""
    user = getattr(request, "user", None)
    return {"may_use_admin": SimpleLazyObject(lambda: may_use_admin(user))}
