from courses.models.pages import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonPageTag,
    ModulePage,
)
from courses.models.references import Reference

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "LessonPage",
    "LessonPageTag",
    "ModulePage",
    "Reference",
]
