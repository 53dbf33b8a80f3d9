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
    credit_type: str
    ethics_code_id: int | None
    certificate_valid_months: int | None

    def navigation(self) -> CourseNavigation:
        """The course's live, public modules, lessons and quizzes in reading order."""


class ModuleLike(TreePage, Protocol):
    pass


class StepLike(TreePage, Protocol):
    """A lesson or a quiz: something a trainee works through."""

    step_label: str

    def course_and_module(self) -> tuple[CourseLike | None, ModuleLike | None]:
        """The step's course, and its module (None for a course's final test)."""


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A module, lesson or quiz in a course's outline: what listings, progress and links
    need of it, as plain data that can be cached and shared by every trainee."""

    pk: int
    title: str
    path: str
    depth: int
    url: str
    kind: str  # "module", "lesson", "quiz" or "evaluation"
    step_label: str = ""
    summary: str = ""
    estimated_minutes: int | None = None
    attempt_counts: str = ""
    max_attempts: int = 0  # a quiz's own limit (0: none), before any extra granted


def parent_path(page: TreePage) -> str:
    return page.path[: -Page.steplen]


@dataclass
class CourseNavigation:
    modules: list[OutlineEntry] = field(default_factory=list)
    lessons: list[OutlineEntry] = field(default_factory=list)
    quizzes: list[OutlineEntry] = field(default_factory=list)
    evaluation: OutlineEntry | None = None  # the course's evaluation page, if it has one

    @cached_property
    def _lessons_by_parent(self) -> dict[str, list[OutlineEntry]]:
        by_parent: dict[str, list[OutlineEntry]] = {}
        for lesson in self.lessons:
            by_parent.setdefault(parent_path(lesson), []).append(lesson)
        return by_parent

    @cached_property
    def _quiz_by_parent(self) -> dict[str, OutlineEntry]:
        return {parent_path(quiz): quiz for quiz in reversed(self.quizzes)}

    @cached_property
    def _step_index(self) -> dict[int, int]:
        return {step.pk: index for index, step in enumerate(self.steps)}

    def quiz_of(self, parent: TreePage | None) -> OutlineEntry | None:
        """The live quiz directly under `parent` (a module, or the course: its final test)."""
        return self._quiz_by_parent.get(parent.path) if parent is not None else None

    def module_number(self, module: TreePage | None) -> int | None:
        """The module's 1-based position among the course's live modules."""
        ids = [item.pk for item in self.modules]
        return ids.index(module.pk) + 1 if module is not None and module.pk in ids else None

    def lessons_of(self, module: TreePage | None) -> list[OutlineEntry]:
        return self._lessons_by_parent.get(module.path, []) if module is not None else []

    @cached_property
    def final_test(self) -> OutlineEntry | None:
        """The quiz directly under the course, if any."""
        module_paths = {module.path for module in self.modules}
        return next((quiz for quiz in self.quizzes if parent_path(quiz) not in module_paths), None)

    @cached_property
    def steps(self) -> list[OutlineEntry]:
        """Everything a trainee works through, in order: each module's lessons then its quiz,
        and at the end the course's final test."""
        steps: list[OutlineEntry] = []
        for module in self.modules:
            steps.extend(self.lessons_of(module))
            steps.extend(quiz for quiz in [self.quiz_of(module)] if quiz is not None)
        return steps + ([self.final_test] if self.final_test else [])

    def _neighbour(self, page: TreePage, offset: int) -> OutlineEntry | None:
        index = self._step_index.get(page.pk)
        if index is None:
            return None
        index += offset
        return self.steps[index] if 0 <= index < len(self.steps) else None

    def has_step(self, page: TreePage) -> bool:
        """Whether `page` is a step of the outline (live, public, in a live module)."""
        return page.pk in self._step_index

    def previous(self, page: TreePage) -> OutlineEntry | None:
        return self._neighbour(page, -1)

    def next(self, page: TreePage) -> OutlineEntry | None:
        return self._neighbour(page, +1)
