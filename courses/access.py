"""Who may open a lesson, decided on the server.

The course overview and module pages are public. A lesson needs a signed-in trainee who is
enrolled in its course and, where modules unlock in order, has completed every earlier
module. Editors and administrators (anyone who may use the Wagtail admin) read everything
without enrolling.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from courses.progress import CourseProgress


class Access(enum.Enum):
    ALLOWED = "allowed"
    LOGIN_REQUIRED = "login_required"
    NOT_ENROLLED = "not_enrolled"
    LOCKED = "locked"


@dataclass
class LessonAccess:
    access: Access
    blocked_by: object | None = None  # the module to finish first, when locked

    @property
    def allowed(self) -> bool:
        return self.access is Access.ALLOWED


def reads_everything(user) -> bool:
    """Editors and administrators: people who may use the Wagtail admin."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def lesson_access(user, module, progress: CourseProgress) -> LessonAccess:
    """May `user` open a lesson (or the quiz) of `module`? `module=None` means the course's
    final test, which waits for every module where modules unlock in order."""
    if reads_everything(user):
        return LessonAccess(Access.ALLOWED)
    if not getattr(user, "is_authenticated", False):
        return LessonAccess(Access.LOGIN_REQUIRED)
    if progress.enrolment is None:
        return LessonAccess(Access.NOT_ENROLLED)
    if module is None:
        blocked_by = progress.final_test_blocked_by
    else:
        module_progress = progress.of_module(module)
        blocked_by = module_progress.blocked_by if module_progress else None
    if blocked_by is not None:
        return LessonAccess(Access.LOCKED, blocked_by=blocked_by)
    return LessonAccess(Access.ALLOWED)
