"""Where a step (a lesson or a quiz) stands for a user: its course and module, the user's
progress through the course, and the gate's answer. Every page and view that shows or
records a step starts here."""

from __future__ import annotations

from dataclasses import dataclass

from courses.learning.access import StepAccess, step_access
from courses.learning.navigation import CourseLike, ModuleLike, StepLike
from courses.learning.progress import CourseProgress, course_progress


@dataclass
class StepState:
    step: StepLike
    course: CourseLike | None
    module: ModuleLike | None  # None for a course's final test
    progress: CourseProgress
    access: StepAccess

    @property
    def is_final_test(self) -> bool:
        return self.module is None and self.course is not None


def step_state(step: StepLike, user) -> StepState:
    course, module = step.course_and_module()
    progress = course_progress(course, user)
    return StepState(step, course, module, progress, step_access(user, module, progress))
