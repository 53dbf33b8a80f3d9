"""Training activity over recent days: enrolments and course completions per day, as the
admin dashboard charts them. Two queries, however many trainees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate

from courses.learning.models import CourseCompletion, Enrolment


@dataclass(frozen=True)
class Day:
    day: date
    enrolments: int
    completions: int


def _per_day(queryset, field: str, since: date) -> dict[date, int]:
    rows = (
        queryset.filter(**{f"{field}__date__gte": since})
        .annotate(day=TruncDate(field))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    )
    return {row["day"]: row["n"] for row in rows}


def daily_activity(today: date, days: int = 30) -> list[Day]:
    """The last `days` days up to `today`, oldest first, with how many enrolments and course
    completions each had (dates in the site's time zone)."""
    since = today - timedelta(days=days - 1)
    enrolments = _per_day(Enrolment.objects.all(), "enrolled_at", since)
    completions = _per_day(CourseCompletion.objects.all(), "completed_at", since)
    return [
        Day(day, enrolments.get(day, 0), completions.get(day, 0))
        for day in (since + timedelta(days=offset) for offset in range(days))
    ]
