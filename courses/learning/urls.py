from django.urls import path

from cms import urlconverters  # noqa: F401 - registers the <id:...> converter
from courses.learning.views import attempts, journey

urlpatterns = [
    path("learning/", journey.my_learning, name="my_learning"),
    path("learning/enrol/<id:course_id>/", journey.enrol_view, name="enrol"),
    path("learning/complete/<id:lesson_id>/", journey.complete_view, name="complete_lesson"),
    path(
        "learning/check/<id:lesson_id>/<str:block_id>/",
        journey.knowledge_check_view,
        name="knowledge_check",
    ),
    path("learning/quizzes/<id:quiz_id>/start/", attempts.start_view, name="quiz_start"),
    path("learning/attempts/<uuid:public_id>/", attempts.attempt_view, name="quiz_attempt"),
]
