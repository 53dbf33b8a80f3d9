from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = "Home and site settings"
