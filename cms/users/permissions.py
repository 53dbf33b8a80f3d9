"""Who counts as staff on the site."""


def may_use_admin(user) -> bool:
    """Editors and administrators: people who may use the Wagtail admin."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )
