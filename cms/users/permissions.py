"""Who counts as staff on the site: people who may use the Wagtail admin.

Every lesson and quiz page asks (editors read without enrolling), so the answer is kept in
the shared cache per user, in the rights generation, which changes whenever anyone's groups
or permissions do (see `connect()`): a change of rights shows on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from cms.shared_cache import RIGHTS, cached, content_changed

ADMIN_ACCESS = "wagtailadmin.access_admin"


def may_use_admin(user) -> bool:
    """Editors and administrators: people who may use the Wagtail admin."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_superuser:
        return True
    return cached("admin-access", (user.pk,), lambda: user.has_perm(ADMIN_ACCESS), scope=RIGHTS)


def rights_changed(**kwargs):
    content_changed(RIGHTS)


def connect():
    """Whatever can change who may use the admin starts a new rights generation."""
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(rights_changed, sender=through, dispatch_uid=f"rights-{through}")
    # A user's own flags (active, superuser) are read from the user on every request, so
    # saving a user (a sign-in's last_login, say) changes nothing here; deleting a group or
    # a permission removes memberships without an m2m signal.
    for model in (Group, Permission):
        post_save.connect(rights_changed, sender=model, dispatch_uid=f"rights-save-{model}")
        post_delete.connect(rights_changed, sender=model, dispatch_uid=f"rights-del-{model}")
