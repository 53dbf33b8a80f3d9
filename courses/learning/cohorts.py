"""Cohorts as training administrators see them: each member's standing on the cohort's
course, and who is behind. A member is behind when the cohort's due date has passed and they
have not completed the course (members unenrolled from it are not counted: they left).
Every function here is one query, however many members there are."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page

from courses.learning.models import (
    Cohort,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
)


def _enrolment(field: str):
    rows = Enrolment.objects.filter(
        user=OuterRef("user"), course_id=OuterRef("cohort__course_id")
    ).values(field)
    return Subquery(rows[:1], output_field=DateTimeField())


def _completed(user_ref: str, course_ref: str):
    return Exists(
        CourseCompletion.objects.filter(user=OuterRef(user_ref), course_id=OuterRef(course_ref))
    )


def members_with_standing(cohort: Cohort, lesson_ids: list[int]) -> QuerySet[CohortMembership]:
    """The cohort's members with, on each: `enrolled_at`, `unenrolled_at`, `completed_at`
    on the cohort's course, and `lessons_done` of `lesson_ids` (the course's lessons)."""
    completion = CourseCompletion.objects.filter(
        user=OuterRef("user"), course_id=OuterRef("cohort__course_id")
    ).values("completed_at")
    lessons = (
        LessonCompletion.objects.filter(user=OuterRef("user"), lesson_id__in=lesson_ids)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        CohortMembership.objects.filter(cohort=cohort)
        .select_related("user", "cohort")
        .annotate(
            enrolled_at=_enrolment("enrolled_at"),
            unenrolled_at=_enrolment("unenrolled_at"),
            completed_at=Subquery(completion[:1], output_field=DateTimeField()),
            lessons_done=Coalesce(Subquery(lessons[:1], output_field=IntegerField()), Value(0)),
        )
        .order_by("user__full_name", "user__email")
    )


def behind(today: date) -> Q:
    """Memberships whose member is behind on `today` (for CohortMembership querysets annotated
    with `member_completed` and `member_unenrolled` by `with_member_status`)."""
    return Q(cohort__due_on__lt=today, member_completed=False, member_unenrolled=False)


def with_member_status(memberships: QuerySet[CohortMembership]) -> QuerySet[CohortMembership]:
    unenrolled = Enrolment.objects.filter(
        user=OuterRef("user"), course_id=OuterRef("cohort__course_id")
    ).exclude(unenrolled_at=None)
    return memberships.annotate(
        member_completed=_completed("user", "cohort__course_id"),
        member_unenrolled=Exists(unenrolled),
    )


def cohorts_with_counts(cohorts: QuerySet[Cohort], today: date) -> QuerySet[Cohort]:
    """`cohorts`, each with `member_count`, `completed_count` and `behind_count`, and
    `course_title` (blank if the course page is gone: the cohort stays listed)."""
    members = with_member_status(CohortMembership.objects.filter(cohort=OuterRef("pk")))

    def count(queryset):
        rows = queryset.order_by().values("cohort").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows[:1], output_field=IntegerField()), Value(0))

    course_title = Page.objects.filter(pk=OuterRef("course_id")).values("title")[:1]
    return cohorts.annotate(
        course_title=Subquery(course_title),
        member_count=count(members),
        completed_count=count(members.filter(member_completed=True)),
        behind_count=count(members.filter(behind(today))),
    )
