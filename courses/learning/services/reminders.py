"""Nudging trainees who have stopped: `send_reminders` (run from cron) emails each trainee
with an unfinished course and no activity for `inactive_days` days, at most once every
`interval_days` days, however often it runs and even when two runs overlap: each trainee's
check and record happen under a lock on their user row, and the message is queued in the
same transaction."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from courses.learning.models import Enrolment, LessonCompletion, QuizAttempt, Reminder
from courses.learning.progress import course_progress
from courses.learning.services import notifications
from courses.models import CoursePage, visible


def last_activity(user_ids) -> dict[int, object]:
    """Each user's latest enrolment, lesson completion or quiz attempt: three queries."""
    latest: dict[int, object] = {}
    sources = [
        (Enrolment.objects, "enrolled_at"),
        (LessonCompletion.objects, "completed_at"),
        (QuizAttempt.objects, "started_at"),
    ]
    for manager, field in sources:
        rows = (
            manager.filter(user_id__in=user_ids)
            .values("user_id")
            .annotate(latest=Max(field))
            .values_list("user_id", "latest")
        )
        for user_id, moment in rows:
            if moment is not None and (user_id not in latest or moment > latest[user_id]):
                latest[user_id] = moment
    return latest


def unfinished_enrolments():
    return Enrolment.objects.filter(
        unenrolled_at=None, completion__isnull=True, user__is_active=True
    ).exclude(user__email="")


def send_reminders(*, inactive_days: int, interval_days: int, now=None) -> int:
    """Remind every trainee who is due; returns how many were reminded."""
    now = now or timezone.now()
    enrolments = list(unfinished_enrolments().order_by("user_id", "-enrolled_at"))
    by_user: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_user.setdefault(enrolment.user_id, []).append(enrolment)
    activity = last_activity(list(by_user))
    quiet_since = now - timedelta(days=inactive_days)
    due = [user_id for user_id in by_user if activity.get(user_id, now) <= quiet_since]
    courses = {
        course.pk: course
        for course in visible(CoursePage.objects.filter(pk__in={e.course_id for e in enrolments}))
    }
    sent = 0
    for user_id in due:
        sent += remind(user_id, by_user[user_id], courses, now, interval_days)
    return sent


def remind(user_id, enrolments, courses, now, interval_days) -> int:
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user_id)
        recent = Reminder.objects.filter(
            user=user, sent_at__gt=now - timedelta(days=interval_days)
        ).exists()
        if recent:
            return 0
        entries = []
        for enrolment in enrolments:
            course = courses.get(enrolment.course_id)
            step = course_progress(course, user).next_step if course is not None else None
            entries.append(
                (enrolment.course_title, step.title if step else "", step.url if step else None)
            )
        Reminder.objects.create(
            user=user, sent_at=now, course_titles=[title for title, _, _ in entries]
        )
        notifications.reminder(user, entries)
    return 1
