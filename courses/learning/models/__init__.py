from courses.learning.models.attempts import QuizAttempt, QuizOverride
from courses.learning.models.cohort_imports import CohortImport
from courses.learning.models.records import (
    Cohort,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
)

__all__ = [
    "Cohort",
    "CohortImport",
    "CohortMembership",
    "CourseCompletion",
    "Enrolment",
    "LessonCompletion",
    "QuizAttempt",
    "QuizOverride",
]
