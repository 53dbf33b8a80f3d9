"""The course progress report (the gradebook): one row per trainee enrolled in a course, with
each module's status, each quiz's counting score, overall progress, last activity and the
completion date; trainees behind their cohort's due date are flagged."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet

from courses.learning.gradebook import (
    GradebookRow,
    Status,
    filter_by_status,
    gradebook_rows,
    in_cohort,
)
from courses.learning.models import Enrolment
from courses.learning.navigation import CourseNavigation
from courses.learning.views.reports.base import ReportColumn, TrainingReportView, trainee_admin_url
from courses.learning.views.reports.filters import (
    cohort_filter,
    course_filter,
    courses,
    date_range,
)
from courses.models import CoursePage


class CourseProgressFilterSet(WagtailFilterSet):
    course = course_filter()
    cohort = cohort_filter()
    status = django_filters.ChoiceFilter(
        choices=Status.CHOICES, label="Status", method="filter_status", empty_label="Any"
    )
    enrolled = date_range("enrolled_at", "Enrolled between")
    completed = date_range("completion__completed_at", "Completed between")

    class Meta:
        model = Enrolment
        fields = []

    def filter_course(self, queryset, name, value):
        return queryset  # the report is of one course: the view chooses it

    def filter_cohort(self, queryset, name, value):
        return in_cohort(queryset, value)

    def filter_status(self, queryset, name, value):
        return queryset  # needs the course's outline: the view applies it


def module_status(module) -> str:
    if module.is_complete:
        return "Complete"
    if module.completed == 0:
        return "Not started"
    return f"{module.completed} of {module.total}"


def behind_text(row: GradebookRow) -> str:
    return "; ".join(f"{cohort.name}, due {cohort.due_on.isoformat()}" for cohort in row.behind)


class CourseProgressReportView(TrainingReportView):
    page_title = "Course progress"
    index_url_name = "training_reports:progress"
    index_results_url_name = "training_reports:progress_results"
    filterset_class = CourseProgressFilterSet
    export_filename = "course-progress"
    default_ordering = "user__full_name"
    verbose_name_plural = "enrolled trainees"

    @cached_property
    def chosen(self) -> dict:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {}

    @cached_property
    def course(self) -> CoursePage | None:
        """The course reported on: the one chosen, else the chosen cohort's, else the first."""
        course = self.chosen.get("course")
        cohort = self.chosen.get("cohort")
        if course is None and cohort is not None:
            course = CoursePage.objects.filter(pk=cohort.course_id).first()
        return course or courses().first()

    @cached_property
    def navigation(self) -> CourseNavigation:
        return self.course.navigation() if self.course else CourseNavigation()

    def get_page_subtitle(self):
        return self.course.title if self.course else ""

    def get_base_queryset(self):
        if self.course is None:
            return Enrolment.objects.none()
        return Enrolment.objects.filter(course_id=self.course.pk).select_related(
            "user", "completion"
        )

    def order_queryset(self, queryset):
        ordering = self.ordering
        if ordering in ("user__full_name", "-user__full_name"):
            descending = ordering.startswith("-")
            fields = ["user__full_name", "user__first_name", "user__last_name", "user__email"]
            return queryset.order_by(*[f"-{f}" if descending else f for f in fields], "pk")
        return queryset.order_by(ordering, "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.chosen.get("status")
        if status:
            queryset = filter_by_status(queryset, status, self.navigation, timezone.localdate())
        return queryset

    def build_rows(self, records):
        if self.course is None:
            return []
        return gradebook_rows(self.course, self.navigation, records, timezone.localdate())

    def report_columns(self):
        columns = [
            ReportColumn(
                "trainee",
                "Trainee",
                lambda row: str(row.user),
                link=lambda row: trainee_admin_url(row.user.pk),
                sort_key="user__full_name",
            ),
            ReportColumn("email", "Email", lambda row: row.user.email),
            ReportColumn("cohorts", "Cohort", lambda row: ", ".join(c.name for c in row.cohorts)),
            ReportColumn("status", "Status", lambda row: row.status_label),
            ReportColumn("behind", "Behind due date", behind_text),
            ReportColumn(
                "enrolled",
                "Enrolled",
                lambda row: row.enrolment.enrolled_at,
                sort_key="enrolled_at",
            ),
        ]
        for index, module in enumerate(self.navigation.modules):
            columns.append(
                ReportColumn(
                    f"module_{module.pk}",
                    module.title,
                    lambda row, index=index: module_status(row.progress.modules[index]),
                )
            )
        for index, quiz in enumerate(self.navigation.quizzes):
            columns += [
                ReportColumn(
                    f"quiz_{quiz.pk}_score",
                    f"{quiz.title}: score %",
                    lambda row, index=index: row.quiz_scores[index].percent,
                ),
                ReportColumn(
                    f"quiz_{quiz.pk}_passed",
                    f"{quiz.title}: passed",
                    lambda row, index=index: row.quiz_scores[index].passed,
                ),
            ]
        return [
            *columns,
            ReportColumn("progress", "Progress %", lambda row: row.progress.percent),
            ReportColumn("last_activity", "Last activity", lambda row: row.last_activity),
            ReportColumn(
                "completed",
                "Completed",
                lambda row: row.completed_at,
                sort_key="completion__completed_at",
            ),
        ]
