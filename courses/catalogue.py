"""Listings of live course content, in tree order.

Wagtail enforces page privacy only when a page is served, so every listing and every
previous/next link here applies the same rule itself: live and public pages only. Each
function runs a fixed number of queries, however many modules or lessons a course has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from wagtail.models import Page


def visible(queryset):
    """Live, public pages of `queryset` whose catalogue, course and module are live too.

    Two queries, however many pages: one for the offline branches, one for the pages.
    """
    from courses.models import CourseIndexPage, CoursePage, ModulePage

    queryset = queryset.live().public()
    offline = Page.objects.not_live().type(CourseIndexPage, CoursePage, ModulePage)
    for branch in offline.only("path", "depth"):
        queryset = queryset.not_descendant_of(branch)
    return queryset


def live_courses(site_root: Page):
    """Every visible course below `site_root`, in tree order, with its image."""
    from courses.models import CoursePage

    courses = CoursePage.objects.descendant_of(site_root).select_related("image")
    return list(visible(courses).order_by("path"))


def visible_lessons():
    from courses.models import LessonPage

    return visible(LessonPage.objects.all())


NAVIGATION_FIELDS = ("id", "title", "slug", "path", "depth", "url_path")


@dataclass
class CourseNavigation:
    """A course's live modules and lessons in reading order, with neighbours."""

    modules: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    quizzes: list = field(default_factory=list)

    def quiz_of(self, parent):
        """The live quiz directly under `parent` (a module, or the course: its final test)."""
        if parent is None:
            return None
        return next(
            (quiz for quiz in self.quizzes if quiz.path[: -Page.steplen] == parent.path), None
        )

    def module_number(self, module) -> int | None:
        """The module's 1-based position among the course's live modules."""
        ids = [item.pk for item in self.modules]
        return ids.index(module.pk) + 1 if module is not None and module.pk in ids else None

    def lessons_of(self, module) -> list:
        if module is None:
            return []
        return [
            lesson
            for lesson in self.lessons
            if lesson.path.startswith(module.path) and lesson.depth == module.depth + 1
        ]

    @cached_property
    def steps(self) -> list:
        """Everything a trainee works through, in order: each module's lessons then its quiz,
        and at the end the course's final test."""
        steps = []
        for module in self.modules:
            steps.extend(self.lessons_of(module))
            steps.extend(quiz for quiz in [self.quiz_of(module)] if quiz is not None)
        return steps + ([self.final_test] if self.final_test else [])

    @property
    def final_test(self):
        """The quiz directly under the course, if any."""
        module_paths = {module.path for module in self.modules}
        return next(
            (quiz for quiz in self.quizzes if quiz.path[: -Page.steplen] not in module_paths),
            None,
        )

    def _neighbour(self, page, step: int):
        steps = self.steps
        ids = [item.pk for item in steps]
        if page.pk not in ids:
            return None
        index = ids.index(page.pk) + step
        return steps[index] if 0 <= index < len(steps) else None

    def previous(self, page):
        return self._neighbour(page, -1)

    def next(self, page):
        return self._neighbour(page, +1)


def lesson_navigation(course) -> CourseNavigation:
    """The live, public lessons (and quizzes) of `course` whose module is live too."""
    from courses.models import LessonPage, QuizPage

    if course is None:
        return CourseNavigation()
    modules = live_modules(course)
    module_paths = {module.path for module in modules}
    lessons = (
        LessonPage.objects.live()
        .public()
        .descendant_of(course)
        .only(*NAVIGATION_FIELDS, "summary", "estimated_minutes")
        .order_by("path")
    )
    quizzes = (
        QuizPage.objects.live()
        .public()
        .descendant_of(course)
        .only(*NAVIGATION_FIELDS, "attempt_counts")
        .order_by("path")
    )
    in_course = module_paths | {course.path}
    return CourseNavigation(
        modules,
        [lesson for lesson in lessons if lesson.path[: -Page.steplen] in module_paths],
        [quiz for quiz in quizzes if quiz.path[: -Page.steplen] in in_course],
    )


def live_modules(course) -> list:
    from courses.models import ModulePage

    return list(ModulePage.objects.live().public().child_of(course).order_by("path"))
