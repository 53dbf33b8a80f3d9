from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "cms.users"
    label = "users"
    verbose_name = "Users"

    def ready(self):
        from cms.users import checks  # noqa: F401 - registers the system checks
        from cms.users.permissions import connect

        connect()
