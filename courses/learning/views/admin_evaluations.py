"""Training administrators' summary of each course's evaluation, and its responses as CSV
(one row per response, no names)."""

from __future__ import annotations

import csv

from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from courses.learning.evaluation_summary import Question, questions_from, summarise
from courses.learning.models import EvaluationResponse
from courses.learning.spreadsheet_cells import neutralise
from courses.learning.views.admin_access import training_admin_required
from courses.models import CourseEvaluationPage


@training_admin_required
def evaluations_index(request):
    courses = (
        EvaluationResponse.objects.values("course_id")
        .annotate(responses=Count("pk"), latest=Max("submitted_at"), title=Max("course_title"))
        .order_by("title")
    )
    return TemplateResponse(request, "learning/admin/evaluations.html", {"courses": courses})


def current_questions(course_id) -> list[Question]:
    page = CourseEvaluationPage.objects.filter(pk__in=_evaluation_pages(course_id)).first()
    if page is None:
        return []
    return [Question(f.clean_name, f.label, f.field_type) for f in page.get_form_fields()]


def _evaluation_pages(course_id):
    return EvaluationResponse.objects.filter(course_id=course_id).values("page_id")


@training_admin_required
def evaluation_summary(request, course_id):
    responses = list(
        EvaluationResponse.objects.filter(course_id=course_id).order_by("submitted_at")
    )
    if not responses:
        raise Http404("No evaluations of this course yet.")
    questions = questions_from(responses, current_questions(course_id))
    if request.GET.get("export") == "csv":
        return responses_csv(responses, questions, course_id)
    context = {
        "course_title": responses[-1].course_title,
        "course_id": course_id,
        "count": len(responses),
        "summaries": summarise(responses, questions),
    }
    return TemplateResponse(request, "learning/admin/evaluation_summary.html", context)


def responses_csv(responses, questions, course_id) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"evaluations-course-{course_id}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Submitted on", *[neutralise(q.label) for q in questions]])
    for item in responses:
        row = [timezone.localdate(item.submitted_at).isoformat()]
        for question in questions:
            value = item.answers.get(question.name, "")
            row.append(neutralise(", ".join(value) if isinstance(value, list) else value))
        writer.writerow(row)
    return response
