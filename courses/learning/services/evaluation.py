"""Answering a course's evaluation: once per trainee and course, after the course's modules
and final test are complete."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from courses.learning.models import EvaluationResponse
from courses.learning.services.certificates import issue_if_due
from courses.models import CourseEvaluationPage


class EvaluationClosed(Exception):
    """The trainee may not answer now; `state` says why (see `CourseEvaluationPage.standing`)."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class InvalidEvaluation(Exception):
    def __init__(self, form):
        super().__init__("The evaluation form has errors.")
        self.form = form


def submit_evaluation(user, page: CourseEvaluationPage, data) -> tuple[EvaluationResponse, bool]:
    """Save `user`'s answers to `page` (a QueryDict) and issue the certificate if this was
    the last requirement. Returns the response and whether it is new: a second submission
    returns the first, unchanged. Raises EvaluationClosed when the evaluation is not open to
    the trainee, InvalidEvaluation (with the bound form) when the answers do not fit."""
    state, _progress, existing = page.standing(user)
    if state == "done":
        return existing, False
    if state != "open":
        raise EvaluationClosed(state)
    form = page.get_form(data)
    if not form.is_valid():
        raise InvalidEvaluation(form)
    answers = json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder))
    course = page.course()
    with transaction.atomic():
        response, created = EvaluationResponse.objects.get_or_create(
            user=user,
            course_id=course.pk,
            defaults={
                "course_title": course.title,
                "page_id": page.pk,
                "answers": answers,
                "labels": page.labels(),
            },
        )
        if created:
            issue_if_due(user, course)
    return response, created
