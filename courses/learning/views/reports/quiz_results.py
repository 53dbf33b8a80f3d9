"""The quiz results report: every submitted attempt, with its score, pass or fail and
duration. Voided attempts are listed as voided (or left out, or alone, by the status
filter); attempts still in progress are not results and never appear."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django.db.models import Exists, OuterRef
from wagtail.admin.filters import WagtailFilterSet

from courses.learning.models import CohortMembership, QuizAttempt
from courses.learning.views.reports.base import ReportColumn, TrainingReportView, trainee_admin_url
from courses.learning.views.reports.filters import (
    QuizFilter,
    cohort_filter,
    course_filter,
    date_range,
    quizzes,
)
from courses.models import QuizPage


class ResultStatus:
    PASSED = "passed"
    NOT_PASSED = "not_passed"
    COUNTED = "counted"
    VOIDED = "voided"
    CHOICES = [
        (COUNTED, "Not voided"),
        (PASSED, "Passed (not voided)"),
        (NOT_PASSED, "Not passed (not voided)"),
        (VOIDED, "Voided"),
    ]


class QuizResultsFilterSet(WagtailFilterSet):
    course = course_filter()
    quiz = QuizFilter(queryset=quizzes, label="Quiz", method="filter_quiz")
    cohort = cohort_filter()
    status = django_filters.ChoiceFilter(
        choices=ResultStatus.CHOICES, label="Status", method="filter_status", empty_label="Any"
    )
    submitted = date_range("submitted_at", "Submitted between")

    class Meta:
        model = QuizAttempt
        fields = []

    def filter_course(self, queryset, name, value):
        return queryset.filter(quiz_id__in=QuizPage.objects.descendant_of(value).values("pk"))

    def filter_quiz(self, queryset, name, value):
        return queryset.filter(quiz_id=value.pk)

    def filter_cohort(self, queryset, name, value):
        return queryset.filter(
            Exists(CohortMembership.objects.filter(user_id=OuterRef("user_id"), cohort=value))
        )

    def filter_status(self, queryset, name, value):
        if value == ResultStatus.VOIDED:
            return queryset.exclude(voided_at=None)
        queryset = queryset.filter(voided_at=None)
        if value == ResultStatus.PASSED:
            return queryset.filter(passed=True)
        if value == ResultStatus.NOT_PASSED:
            return queryset.exclude(passed=True)
        return queryset


def duration_minutes(attempt: QuizAttempt) -> Decimal | None:
    if attempt.submitted_at is None:
        return None
    seconds = Decimal((attempt.submitted_at - attempt.started_at).total_seconds())
    return (seconds / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def result_label(attempt: QuizAttempt) -> str:
    return "Passed" if attempt.passed else "Not passed"


class QuizResultsReportView(TrainingReportView):
    page_title = "Quiz results"
    index_url_name = "training_reports:quiz_results"
    index_results_url_name = "training_reports:quiz_results_results"
    filterset_class = QuizResultsFilterSet
    export_filename = "quiz-results"
    default_ordering = "-submitted_at"
    verbose_name_plural = "submitted attempts"

    def get_base_queryset(self):
        return (
            QuizAttempt.objects.filter(state=QuizAttempt.State.SUBMITTED)
            .select_related("user")
            .defer("snapshot", "answers", "results")
        )

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-pk")

    def build_rows(self, records):
        return records  # the attempt is the row; its trainee is selected with it

    def report_columns(self):
        return [
            ReportColumn(
                "trainee",
                "Trainee",
                lambda attempt: str(attempt.user),
                link=lambda attempt: trainee_admin_url(attempt.user_id),
            ),
            ReportColumn("email", "Email", lambda attempt: attempt.user.email),
            ReportColumn("quiz", "Quiz", lambda attempt: attempt.quiz_title),
            ReportColumn("number", "Attempt", lambda attempt: attempt.number),
            ReportColumn("started", "Started", lambda attempt: attempt.started_at),
            ReportColumn(
                "submitted",
                "Submitted",
                lambda attempt: attempt.submitted_at,
                sort_key="submitted_at",
            ),
            ReportColumn("duration", "Duration (minutes)", duration_minutes),
            ReportColumn("score", "Score", lambda attempt: attempt.score),
            ReportColumn("max_score", "Out of", lambda attempt: attempt.max_score),
            ReportColumn("percent", "Percent", lambda attempt: attempt.percent, sort_key="percent"),
            ReportColumn("result", "Result", result_label),
            ReportColumn(
                "time_limit",
                "Closed at the time limit",
                lambda attempt: attempt.closed_by_time_limit,
            ),
            ReportColumn("voided", "Voided", lambda attempt: attempt.voided_at),
            ReportColumn("void_reason", "Reason for voiding", lambda attempt: attempt.void_reason),
        ]
