"""Test-only: lets a test stop an app server's worker in the middle of writing a training
record, inside the transaction and before it commits, so that the test can kill the worker
(SIGKILL) or cut the database there. Installed only by `tests.server_settings` when
PATHWAY_FAULT_DIR is set; nothing in the product refers to it.

Points, each after the row is written and before the transaction commits:

- `attempt-graded`: a quiz attempt saved as submitted, with its grade;
- `course-completed`: a course completion created (the last lesson of a course).

The test creates `pause-<point>` in the folder; a worker that reaches the point writes
`paused-<point>` (its pid, and whether it is inside a transaction), then waits up to 30 s
for `release-<point>`.
"""

import os
import time
from pathlib import Path

from django.db import connection
from django.db.models.signals import post_save

from courses.learning.models import CourseCompletion, QuizAttempt

WAIT_SECONDS = 30


def _pause(point: str):
    directory = Path(os.environ["PATHWAY_FAULT_DIR"])
    if not (directory / f"pause-{point}").exists():
        return
    marker = directory / f"paused-{point}"
    marker.write_text(f"pid={os.getpid()}\nin_transaction={connection.in_atomic_block}\n")
    deadline = time.monotonic() + WAIT_SECONDS
    release = directory / f"release-{point}"
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _attempt_saved(sender, instance, **kwargs):
    if instance.state == QuizAttempt.State.SUBMITTED:
        _pause("attempt-graded")


def _course_completed(sender, instance, created, **kwargs):
    if created:
        _pause("course-completed")


class PauseInsideTransactions:
    """Connects the pauses when the worker loads the app; changes no request."""

    def __init__(self, get_response):
        self.get_response = get_response
        post_save.connect(_attempt_saved, sender=QuizAttempt, dispatch_uid="fault-attempt")
        post_save.connect(_course_completed, sender=CourseCompletion, dispatch_uid="fault-course")

    def __call__(self, request):
        return self.get_response(request)
