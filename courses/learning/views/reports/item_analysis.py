"""The item analysis report: for one quiz, each question's attempts, facility,
discrimination and how often each answer was chosen, and the quiz's mean, standard deviation
and Cronbach's alpha. Read from the attempts' snapshots (`courses.learning.item_analysis`);
each trainee's first attempt by default, or every attempt. Voided attempts never count."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from courses.learning.item_analysis import (
    AttemptRecord,
    ItemStats,
    QuizAnalysis,
    analyse,
    choice_summary,
)
from courses.learning.models import CohortMembership, QuizAttempt
from courses.learning.views.reports.base import ReportColumn, TrainingReportView
from courses.learning.views.reports.filters import (
    QuizFilter,
    cohort_filter,
    course_filter,
    date_range,
    quizzes,
)
from courses.models import QuizPage

FIRST, ALL = "first", "all"
TYPE_LABELS = {
    "single_choice": "Single choice",
    "multiple_response": "Multiple response",
    "ordering": "Ordering",
}


class ItemAnalysisFilterSet(WagtailFilterSet):
    course = course_filter()
    quiz = QuizFilter(queryset=quizzes, label="Quiz", method="filter_quiz")
    cohort = cohort_filter()
    attempts = django_filters.ChoiceFilter(
        choices=[(FIRST, "Each trainee's first attempt"), (ALL, "Every attempt")],
        label="Attempts",
        method="filter_attempts",
        empty_label=None,
    )
    submitted = date_range("submitted_at", "Submitted between")

    class Meta:
        model = QuizAttempt
        fields = []

    def filter_course(self, queryset, name, value):
        return queryset  # the report is of one quiz: the view chooses it

    def filter_quiz(self, queryset, name, value):
        return queryset  # as for the course

    def filter_cohort(self, queryset, name, value):
        return queryset.filter(
            Exists(CohortMembership.objects.filter(user_id=OuterRef("user_id"), cohort=value))
        )

    def filter_attempts(self, queryset, name, value):
        return queryset  # first attempts unless every attempt is asked for: the view decides


def first_attempts(queryset):
    """Each trainee's first counting attempt: no earlier one that is submitted and not void."""
    earlier = QuizAttempt.objects.filter(
        user_id=OuterRef("user_id"),
        quiz_id=OuterRef("quiz_id"),
        state=QuizAttempt.State.SUBMITTED,
        voided_at=None,
        number__lt=OuterRef("number"),
    )
    return queryset.exclude(Exists(earlier))


def two_places(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def version_label(item: ItemStats) -> str:
    return f"{item.version} of {item.versions}" if item.versions > 1 else ""


class ItemAnalysisReportView(TrainingReportView):
    page_title = "Item analysis"
    index_url_name = "training_reports:item_analysis"
    index_results_url_name = "training_reports:item_analysis_results"
    results_template_name = "learning/reports/item_analysis_results.html"
    filterset_class = ItemAnalysisFilterSet
    export_filename = "item-analysis"
    verbose_name_plural = "questions"
    paginate_by = 100

    @cached_property
    def chosen(self) -> dict:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {}

    @cached_property
    def quiz(self) -> QuizPage | None:
        """The quiz analysed: the one chosen, else the chosen course's first quiz, else the
        first quiz anyone has submitted an attempt at."""
        if self.chosen.get("quiz"):
            return self.chosen["quiz"]
        candidates = QuizPage.objects.order_by("path")
        if self.chosen.get("course"):
            candidates = candidates.descendant_of(self.chosen["course"])
        else:
            submitted = QuizAttempt.objects.filter(state=QuizAttempt.State.SUBMITTED)
            candidates = candidates.filter(pk__in=submitted.values("quiz_id"))
        return candidates.first()

    @property
    def every_attempt(self) -> bool:
        return self.chosen.get("attempts") == ALL

    def get_page_subtitle(self):
        return self.quiz.title if self.quiz else ""

    def get_base_queryset(self):
        if self.quiz is None:
            return QuizAttempt.objects.none()
        attempts = QuizAttempt.objects.filter(
            quiz_id=self.quiz.pk, state=QuizAttempt.State.SUBMITTED, voided_at=None
        )
        return attempts if self.every_attempt else first_attempts(attempts)

    def order_queryset(self, queryset):
        return queryset.order_by("started_at", "pk")  # versions are numbered as first seen

    @cached_property
    def analysis(self) -> QuizAnalysis:
        attempts = self.get_queryset().only("snapshot", "answers", "results", "percent")
        return analyse(
            AttemptRecord(attempt.snapshot, attempt.answers, attempt.results, attempt.percent)
            for attempt in attempts.iterator(chunk_size=self.export_batch_size)
        )

    def paginate_queryset(self, queryset, page_size):
        # The rows are the analysis's items, not the attempts it was computed from.
        return ReportView.paginate_queryset(self, self.analysis.items, page_size)

    def export_rows(self, queryset):
        return iter(self.analysis.items)

    def build_rows(self, records):
        return records

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        analysis = self.analysis
        context.update(
            analysis=analysis,
            quiz=self.quiz,
            every_attempt=self.every_attempt,
            mean=two_places(analysis.mean),
            standard_deviation=two_places(analysis.standard_deviation),
            alpha=two_places(analysis.alpha),
        )
        return context

    def report_columns(self):
        return [
            ReportColumn("position", "No.", lambda item: item.number),
            ReportColumn("question", "Question", lambda item: item.prompt),
            ReportColumn("version", "Version", version_label),
            ReportColumn("type", "Type", lambda item: TYPE_LABELS.get(item.kind, item.kind)),
            ReportColumn("attempts", "Attempts", lambda item: item.attempts),
            ReportColumn(
                "facility", "Facility (share of points earned)", lambda i: two_places(i.facility)
            ),
            ReportColumn(
                "discrimination",
                "Discrimination (item–rest correlation)",
                lambda item: two_places(item.discrimination),
            ),
            ReportColumn("answers", "Answers chosen", choice_summary, is_list=True),
        ]
