from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from django.db.models.signals import post_save

        from cms.home.models import SiteSettings
        from courses.signals import changed

        def settings_changed(sender, instance, created, **kwargs):
            # The footer's settings are kept in the content cache. Wagtail makes the row on
            # the first page view; only a later edit changes what pages show.
            if not created:
                changed()

        # weak=False: the receiver is a local function, which a weak reference would lose
        # as soon as ready() returns.
        post_save.connect(
            settings_changed,
            sender=SiteSettings,
            weak=False,
            dispatch_uid="pathway-site-settings",
        )
