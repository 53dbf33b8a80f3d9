"""Progress through a course, computed against its live content.

A module is complete when all its live lessons are complete; a course is complete when all
its live modules are. Where a course unlocks modules in order, a module is locked until every
module before it is complete. Building a `CourseProgress` runs a fixed number of queries,
however many lessons the course has or the trainee has completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from courses.catalogue import CourseNavigation, lesson_navigation


@dataclass
class ModuleProgress:
    module: object
    lessons: list
    completed: int
    blocked_by: object | None = None  # the first earlier module still to finish, if locked

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.total)

    @property
    def is_complete(self) -> bool:
        return self.completed == self.total

    @property
    def is_locked(self) -> bool:
        return self.blocked_by is not None


@dataclass
class CourseProgress:
    """One trainee's progress through one course (or none, for visitors and editors)."""

    course: object
    navigation: CourseNavigation
    completed_ids: set[int] = field(default_factory=set)
    enrolment: object | None = None

    @cached_property
    def modules(self) -> list[ModuleProgress]:
        result, blocker = [], None
        unlock_in_order = getattr(self.course, "modules_unlock_in_order", False)
        for module in self.navigation.modules:
            lessons = self.navigation.lessons_of(module)
            done = sum(1 for lesson in lessons if lesson.pk in self.completed_ids)
            entry = ModuleProgress(module, lessons, done, blocked_by=blocker)
            result.append(entry)
            if unlock_in_order and blocker is None and not entry.is_complete:
                blocker = module
        return result

    def of_module(self, module) -> ModuleProgress | None:
        return next((entry for entry in self.modules if entry.module.pk == module.pk), None)

    def is_done(self, lesson) -> bool:
        return lesson.pk in self.completed_ids

    @property
    def completed(self) -> int:
        return sum(entry.completed for entry in self.modules)

    @property
    def total(self) -> int:
        return sum(entry.total for entry in self.modules)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.total)

    @property
    def is_complete(self) -> bool:
        return bool(self.modules) and all(entry.is_complete for entry in self.modules)

    @property
    def next_lesson(self):
        """Where to continue: the first lesson, in course order, not yet complete."""
        return next(
            (lesson for lesson in self.navigation.lessons if lesson.pk not in self.completed_ids),
            None,
        )


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def course_progress(course, user, *, navigation: CourseNavigation | None = None) -> CourseProgress:
    """`user`'s progress through `course`: two queries on top of the navigation's."""
    from courses.models import Enrolment, LessonCompletion

    navigation = navigation or lesson_navigation(course)
    if not getattr(user, "is_authenticated", False):
        return CourseProgress(course, navigation)
    enrolment = Enrolment.objects.filter(user=user, course_id=course.pk).first()
    lesson_ids = [lesson.pk for lesson in navigation.lessons]
    completed = set(
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    return CourseProgress(course, navigation, completed, enrolment)
