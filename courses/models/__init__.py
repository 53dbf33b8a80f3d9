from courses.models.ethics import EthicsCode
from courses.models.evaluation import CourseEvaluationPage, EvaluationQuestion
from courses.models.pages import (
    CourseIndexPage,
    CoursePage,
    ModulePage,
    live_courses,
    visible,
    visible_lessons,
)
from courses.models.references import Reference
from courses.models.steps import LessonPage, LessonPageTag, QuizPage, StepPage

__all__ = [
    "CourseEvaluationPage",
    "CourseIndexPage",
    "CoursePage",
    "EthicsCode",
    "EvaluationQuestion",
    "LessonPage",
    "LessonPageTag",
    "ModulePage",
    "QuizPage",
    "Reference",
    "StepPage",
    "live_courses",
    "visible",
    "visible_lessons",
]
