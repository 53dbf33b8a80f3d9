from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "courses.learning"
    label = "learning"
    verbose_name = "Training records"

    def ready(self):
        from courses.learning import checks  # noqa: F401 - registers the system checks
