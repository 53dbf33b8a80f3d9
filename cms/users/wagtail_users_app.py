"""Wagtail's users app, configured to use Pathway's Users area in the admin (the trainee
fields; see `cms.users.viewsets`). Listed in INSTALLED_APPS in place of "wagtail.users"."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "cms.users.viewsets.UserViewSet"
