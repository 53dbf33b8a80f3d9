from courses.models.pages import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonPageTag,
    ModulePage,
)
from courses.models.progress import Enrolment, LessonCompletion
from courses.models.quiz import QuizAttempt, QuizPage
from courses.models.references import Reference

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "LessonPageTag",
    "ModulePage",
    "QuizAttempt",
    "QuizPage",
    "Reference",
]
