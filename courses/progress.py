"""Progress through a course, computed against its live content.

A module is complete when all its live lessons are complete and its quiz, if it has one, is
passed; a course is complete when all its live modules are complete and its final test, if
it has one, is passed. Where a course unlocks modules in order, a module is locked until
every module before it is complete, and so is the final test. Building a `CourseProgress`
runs a fixed number of queries, however many lessons, completions or attempts there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from courses.catalogue import CourseNavigation, lesson_navigation


@dataclass
class ModuleProgress:
    module: object
    lessons: list
    lessons_done: int
    quiz: object | None = None
    quiz_passed: bool = False
    blocked_by: object | None = None  # the first earlier module still to finish, if locked

    @property
    def total(self) -> int:
        return len(self.lessons) + (1 if self.quiz else 0)

    @property
    def completed(self) -> int:
        return self.lessons_done + (1 if self.quiz and self.quiz_passed else 0)

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
    passed_quiz_ids: set[int] = field(default_factory=set)

    @cached_property
    def modules(self) -> list[ModuleProgress]:
        result, blocker = [], None
        for module in self.navigation.modules:
            lessons = self.navigation.lessons_of(module)
            quiz = self.navigation.quiz_of(module)
            entry = ModuleProgress(
                module,
                lessons,
                lessons_done=sum(1 for lesson in lessons if lesson.pk in self.completed_ids),
                quiz=quiz,
                quiz_passed=bool(quiz and quiz.pk in self.passed_quiz_ids),
                blocked_by=blocker,
            )
            result.append(entry)
            if self.unlocks_in_order and blocker is None and not entry.is_complete:
                blocker = module
        return result

    @property
    def unlocks_in_order(self) -> bool:
        return bool(getattr(self.course, "modules_unlock_in_order", False))

    @property
    def final_test(self):
        return self.navigation.final_test

    @property
    def final_test_passed(self) -> bool:
        return bool(self.final_test and self.final_test.pk in self.passed_quiz_ids)

    @property
    def final_test_blocked_by(self):
        """Where modules unlock in order, the final test waits for every module."""
        if not self.unlocks_in_order:
            return None
        return next((entry.module for entry in self.modules if not entry.is_complete), None)

    def of_module(self, module) -> ModuleProgress | None:
        if module is None:
            return None
        return next((entry for entry in self.modules if entry.module.pk == module.pk), None)

    def is_done(self, page) -> bool:
        return page.pk in self.completed_ids or page.pk in self.passed_quiz_ids

    @property
    def completed(self) -> int:
        final = 1 if self.final_test_passed else 0
        return sum(entry.completed for entry in self.modules) + final

    @property
    def total(self) -> int:
        return sum(entry.total for entry in self.modules) + (1 if self.final_test else 0)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.total)

    @property
    def is_complete(self) -> bool:
        modules_done = bool(self.modules) and all(entry.is_complete for entry in self.modules)
        return modules_done and (self.final_test is None or self.final_test_passed)

    @property
    def next_step(self):
        """Where to continue: the first lesson or quiz, in course order, not yet done."""
        return next((page for page in self.navigation.steps if not self.is_done(page)), None)


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def course_progress(course, user, *, navigation: CourseNavigation | None = None) -> CourseProgress:
    """`user`'s progress through `course`: three queries on top of the navigation's."""
    from courses.attempts import passed_quizzes
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
    passed = passed_quizzes(user, navigation.quizzes)
    return CourseProgress(course, navigation, completed, enrolment, passed)


@dataclass
class ReadingState:
    """Where a lesson or quiz sits (its course, and its module unless it is a final test)
    and the user's progress through that course."""

    course: object | None
    module: object | None
    progress: CourseProgress


def reading_state(page, user) -> ReadingState:
    from courses.models import CoursePage, ModulePage

    ancestors = {type(ancestor): ancestor for ancestor in page.get_ancestors().specific()}
    course, module = ancestors.get(CoursePage), ancestors.get(ModulePage)
    if course is None:
        return ReadingState(None, module, CourseProgress(None, CourseNavigation()))
    return ReadingState(course, module, course_progress(course, user))
