from django.urls import path

from cms import urlconverters  # noqa: F401 - registers the <id:...> converter
from courses.learning.views import (
    attempts,
    certificates,
    journey,
    notes,
    requirements,
    transcript,
)

urlpatterns = [
    path("learning/", journey.my_learning, name="my_learning"),
    path("learning/enrol/<id:course_id>/", journey.enrol_view, name="enrol"),
    path("learning/complete/<id:lesson_id>/", journey.complete_view, name="complete_lesson"),
    path(
        "learning/check/<id:lesson_id>/<str:block_id>/",
        journey.knowledge_check_view,
        name="knowledge_check",
    ),
    path("learning/notes/<id:lesson_id>/<str:block_id>/", notes.note_view, name="reflection_note"),
    path("learning/notes/", notes.my_notes_view, name="my_notes"),
    path("learning/notes/download/", notes.notes_download_view, name="my_notes_download"),
    path("learning/quizzes/<id:quiz_id>/start/", attempts.start_view, name="quiz_start"),
    path("learning/attempts/<uuid:public_id>/", attempts.attempt_view, name="quiz_attempt"),
    path(
        "learning/attempts/<uuid:public_id>/submit/",
        attempts.submit_view,
        name="quiz_attempt_submit",
    ),
    path(
        "learning/attempts/<uuid:public_id>/autosave/",
        attempts.autosave_view,
        name="quiz_attempt_autosave",
    ),
    path("learning/ethics/<id:course_id>/", requirements.attest_view, name="attest_ethics"),
    path(
        "learning/evaluation/<id:page_id>/",
        requirements.evaluation_view,
        name="submit_evaluation",
    ),
    path("learning/certificates/<str:code>/", certificates.certificate_view, name="certificate"),
    path(
        "learning/certificates/<str:code>/pdf/",
        certificates.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path("learning/transcript/", transcript.transcript_view, name="transcript"),
    path("learning/transcript/pdf/", transcript.transcript_pdf_view, name="transcript_pdf"),
    path("learning/transcript/csv/", transcript.transcript_csv_view, name="transcript_csv"),
    path("certificates/", certificates.lookup_view, name="certificate_lookup"),
    path("certificates/<str:code>/", certificates.verify_view, name="verify_certificate"),
]
