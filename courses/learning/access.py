"""The one gate: who may open a lesson or quiz, and who may make a record on it.

A course's overview and module pages are public. A step (lesson or quiz) needs a signed-in
user who is enrolled in its course and, where modules unlock in order, has completed every
earlier module (the final test waits for all of them). Editors and administrators (anyone
who may use the Wagtail admin) read every step without enrolling, but a record (a lesson
completion, a quiz attempt) always needs an enrolment.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cms.users.permissions import may_use_admin
from courses.learning.navigation import OutlineEntry, TreePage
from courses.learning.progress import CourseProgress

reads_everything = may_use_admin


class Access(enum.Enum):
    ALLOWED = "allowed"
    LOGIN_REQUIRED = "login_required"
    NOT_ENROLLED = "not_enrolled"
    LOCKED = "locked"


@dataclass(frozen=True)
class StepAccess:
    access: Access
    enrolled: bool = False
    blocked_by: OutlineEntry | None = None  # the module to finish first, when locked

    @property
    def may_read(self) -> bool:
        return self.access is Access.ALLOWED

    @property
    def may_record(self) -> bool:
        """Whether a training record may be made: reading is allowed and there is an
        enrolment to hang it on."""
        return self.may_read and self.enrolled


def step_access(user, module: TreePage | None, progress: CourseProgress) -> StepAccess:
    """May `user` open a step of `module` (None: the course's final test)?"""
    enrolled = progress.enrolment is not None
    if reads_everything(user):
        return StepAccess(Access.ALLOWED, enrolled)
    if not getattr(user, "is_authenticated", False):
        return StepAccess(Access.LOGIN_REQUIRED)
    if not enrolled:
        return StepAccess(Access.NOT_ENROLLED)
    if module is None:
        blocked_by = progress.final_test_blocked_by
    else:
        module_progress = progress.of_module(module)
        blocked_by = module_progress.blocked_by if module_progress else None
    if blocked_by is not None:
        return StepAccess(Access.LOCKED, enrolled, blocked_by=blocked_by)
    return StepAccess(Access.ALLOWED, enrolled)
