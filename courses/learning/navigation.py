"""A course's outline as data: its live modules, lessons and quizzes in reading order, with
each step's neighbours. Built by the course page (`CoursePage.navigation`) from the tree;
nothing here touches the database. The protocols below say what the learning layer needs of
a course, module or step page; `courses.models` provides it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Protocol

from wagtail.models import Page

# What this layer needs of the content pages, as typing protocols: it never imports them.


class TreePage(Protocol):
    pk: int
    title: str
    path: str
    depth: int


class CourseLike(TreePage, Protocol):
    modules_unlock_in_order: bool
    ce_hours: Decimal

    def navigation(self) -> CourseNavigation:
        """The course's live, public modules, lessons and quizzes in reading order."""


class ModuleLike(TreePage, Protocol):
    pass


class StepLike(TreePage, Protocol):
    """A lesson or a quiz: something a trainee works through."""

    step_label: str

    def course_and_module(self) -> tuple[CourseLike | None, ModuleLike | None]:
        """The step's course, and its module (None for a course's final test)."""


def parent_path(page: TreePage) -> str:
    return page.path[: -Page.steplen]


@dataclass
class CourseNavigation:
    modules: list[ModuleLike] = field(default_factory=list)
    lessons: list[StepLike] = field(default_factory=list)
    quizzes: list[StepLike] = field(default_factory=list)

    def quiz_of(self, parent: TreePage | None) -> StepLike | None:
        """The live quiz directly under `parent` (a module, or the course: its final test)."""
        if parent is None:
            return None
        return next((quiz for quiz in self.quizzes if parent_path(quiz) == parent.path), None)

    def module_number(self, module: ModuleLike | None) -> int | None:
        """The module's 1-based position among the course's live modules."""
        ids = [item.pk for item in self.modules]
        return ids.index(module.pk) + 1 if module is not None and module.pk in ids else None

    def lessons_of(self, module: ModuleLike | None) -> list[StepLike]:
        if module is None:
            return []
        return [lesson for lesson in self.lessons if parent_path(lesson) == module.path]

    @cached_property
    def final_test(self) -> StepLike | None:
        """The quiz directly under the course, if any."""
        module_paths = {module.path for module in self.modules}
        return next((quiz for quiz in self.quizzes if parent_path(quiz) not in module_paths), None)

    @cached_property
    def steps(self) -> list[StepLike]:
        """Everything a trainee works through, in order: each module's lessons then its quiz,
        and at the end the course's final test."""
        steps: list[StepLike] = []
        for module in self.modules:
            steps.extend(self.lessons_of(module))
            steps.extend(quiz for quiz in [self.quiz_of(module)] if quiz is not None)
        return steps + ([self.final_test] if self.final_test else [])

    def _neighbour(self, page: TreePage, offset: int) -> StepLike | None:
        ids = [item.pk for item in self.steps]
        if page.pk not in ids:
            return None
        index = ids.index(page.pk) + offset
        return self.steps[index] if 0 <= index < len(self.steps) else None

    def previous(self, page: TreePage) -> StepLike | None:
        return self._neighbour(page, -1)

    def next(self, page: TreePage) -> StepLike | None:
        return self._neighbour(page, +1)
