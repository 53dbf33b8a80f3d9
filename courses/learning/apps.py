from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "courses.learning"
    label = "learning"
    verbose_name = "Training records"
