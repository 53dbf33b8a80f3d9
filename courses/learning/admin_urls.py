"""Training administration in the admin, under /admin/training/ (registered by
`wagtail_hooks.py`). Every view asks for the permission `learning.administer_training`."""

from django.urls import path

from cms import urlconverters  # noqa: F401 - registers the <id:...> converter
from courses.learning.views import cohorts, overrides, trainees

urlpatterns = [
    path("training/trainees/", trainees.TraineeIndexView.as_view(), name="training_trainees"),
    path(
        "training/trainees/results/",
        trainees.TraineeIndexView.as_view(results_only=True),
        name="training_trainees_results",
    ),
    path("training/trainees/<id:user_id>/", trainees.trainee_view, name="training_trainee"),
    path("training/trainees/<id:user_id>/enrol/", overrides.enrol_view, name="training_enrol"),
    path(
        "training/trainees/<id:user_id>/quizzes/<id:quiz_id>/override/",
        overrides.quiz_override_view,
        name="training_quiz_override",
    ),
    path(
        "training/enrolments/<id:enrolment_id>/unenrol/",
        overrides.unenrol_view,
        name="training_unenrol",
    ),
    path("training/attempts/<id:attempt_id>/", overrides.attempt_view, name="training_attempt"),
    path(
        "training/attempts/<id:attempt_id>/reopen/",
        overrides.reopen_view,
        name="training_attempt_reopen",
    ),
    path(
        "training/attempts/<id:attempt_id>/void/",
        overrides.void_view,
        name="training_attempt_void",
    ),
    path(
        "training/cohorts/<id:cohort_id>/import/",
        cohorts.upload_view,
        name="training_cohort_import",
    ),
    path(
        "training/imports/<id:import_id>/",
        cohorts.preview_view,
        name="training_cohort_import_preview",
    ),
]
