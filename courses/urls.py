from django.urls import path

from courses.views import learning, public, quiz

urlpatterns = [
    path("search/", public.search, name="search"),
    path("tags/<slug:slug>/", public.tag_detail, name="tag_detail"),
    path("learning/", learning.my_learning, name="my_learning"),
    path("learning/enrol/<id:course_id>/", learning.enrol_view, name="enrol"),
    path("learning/complete/<id:lesson_id>/", learning.complete_view, name="complete_lesson"),
    path(
        "learning/check/<id:lesson_id>/<str:block_id>/",
        learning.knowledge_check_view,
        name="knowledge_check",
    ),
    path("learning/quizzes/<id:quiz_id>/start/", quiz.start_view, name="quiz_start"),
    path("learning/attempts/<uuid:public_id>/", quiz.attempt_view, name="quiz_attempt"),
]
