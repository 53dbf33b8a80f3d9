from courses.learning.models.attempts import QuizAttempt, QuizOverride
from courses.learning.models.certificates import Certificate
from courses.learning.models.cohort_imports import CohortImport
from courses.learning.models.ethics import EthicsAttestation
from courses.learning.models.evaluations import EvaluationResponse
from courses.learning.models.notes import NOTE_MAX_LENGTH, ReflectionNote
from courses.learning.models.records import (
    Cohort,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
)
from courses.learning.models.reminders import Reminder

__all__ = [
    "Certificate",
    "Cohort",
    "CohortImport",
    "CohortMembership",
    "CourseCompletion",
    "Enrolment",
    "EthicsAttestation",
    "EvaluationResponse",
    "LessonCompletion",
    "QuizAttempt",
    "QuizOverride",
    "NOTE_MAX_LENGTH",
    "ReflectionNote",
    "Reminder",
]
