"""The training reports' admin URLs, registered under the admin by `wagtail_hooks`."""

from django.urls import path

from courses.learning.views.reports.item_analysis import ItemAnalysisReportView
from courses.learning.views.reports.progress import CourseProgressReportView
from courses.learning.views.reports.quiz_results import QuizResultsReportView

app_name = "training_reports"

REPORTS = [
    ("progress", "progress/", CourseProgressReportView),
    ("quiz_results", "quiz-results/", QuizResultsReportView),
    ("item_analysis", "item-analysis/", ItemAnalysisReportView),
]

urlpatterns = [
    route
    for name, prefix, view in REPORTS
    for route in (
        path(prefix, view.as_view(), name=name),
        path(f"{prefix}results/", view.as_view(results_only=True), name=f"{name}_results"),
    )
]
