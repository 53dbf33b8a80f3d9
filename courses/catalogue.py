"""Listings of live course content, in tree order.

Wagtail enforces page privacy only when a page is served, so every listing and every
previous/next link here applies the same rule itself: live and public pages only. Each
function runs a fixed number of queries, however many modules or lessons a course has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class CourseNavigation:
    """A course's live modules and lessons in reading order, with neighbours."""

    modules: list = field(default_factory=list)
    lessons: list = field(default_factory=list)

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

    def _neighbour(self, lesson, step: int):
        ids = [item.pk for item in self.lessons]
        if lesson.pk not in ids:
            return None
        index = ids.index(lesson.pk) + step
        return self.lessons[index] if 0 <= index < len(self.lessons) else None

    def previous(self, lesson):
        return self._neighbour(lesson, -1)

    def next(self, lesson):
        return self._neighbour(lesson, +1)


def lesson_navigation(course) -> CourseNavigation:
    """The live, public lessons of `course` whose module is live and public too."""
    from courses.models import LessonPage

    if course is None:
        return CourseNavigation()
    modules = live_modules(course)
    module_paths = {module.path for module in modules}
    lessons = (
        LessonPage.objects.live()
        .public()
        .descendant_of(course)
        .only("id", "title", "slug", "path", "depth", "url_path", "summary", "estimated_minutes")
        .order_by("path")
    )
    return CourseNavigation(
        modules, [lesson for lesson in lessons if lesson.path[: -Page.steplen] in module_paths]
    )


def live_modules(course) -> list:
    from courses.models import ModulePage

    return list(ModulePage.objects.live().public().child_of(course).order_by("path"))
