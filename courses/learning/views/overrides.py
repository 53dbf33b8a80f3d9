"""Training administrators' actions on one trainee's record, and an attempt as the trainee
saw it. Each action is a form asking why (GET), then the service does it (POST); the views
only read the request and call `courses.learning.services`. An unknown trainee, quiz,
attempt or enrolment is a 404; someone without the permission gets a 403 first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from courses.assessment.results import result_items
from courses.assessment.rules import ResultDetail
from courses.learning.forms import EnrolForm, QuizOverrideForm, ReasonForm
from courses.learning.models import Enrolment, QuizAttempt, QuizOverride
from courses.learning.services.enrolment import EnrolmentRefused, enrol_trainee, unenrol_trainee
from courses.learning.services.overrides import (
    OverrideRefused,
    reopen_attempt,
    set_quiz_override,
    void_attempt,
)
from courses.learning.views.admin_access import training_admin_required
from courses.models import QuizPage

User = get_user_model()


def _breadcrumbs(trainee, label):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": reverse("training_trainees"), "label": "Trainees"},
        {"url": reverse("training_trainee", args=[trainee.pk]), "label": str(trainee)},
        {"url": "", "label": label},
    ]


def _action_page(request, trainee, *, title, form, intro, submit, status=200, **extra):
    context = {
        "trainee": trainee,
        "header_title": f"{title}: {trainee}",
        "title": title,
        "form": form,
        "intro": intro,
        "submit_label": submit,
        "breadcrumbs_items": _breadcrumbs(trainee, title),
        **extra,
    }
    return TemplateResponse(request, "learning/admin/action.html", context, status=status)


def _back(trainee, anchor=""):
    return redirect(reverse("training_trainee", args=[trainee.pk]) + anchor)


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def quiz_override_view(request, user_id, quiz_id):
    trainee = get_object_or_404(User, pk=user_id)
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    current = QuizOverride.objects.filter(user=trainee, quiz_id=quiz.pk).first()
    initial = {
        "extra_attempts": current.extra_attempts if current else 0,
        "extra_minutes": current.extra_minutes if current else 0,
    }
    form = QuizOverrideForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        set_quiz_override(
            trainee,
            quiz,
            extra_attempts=form.cleaned_data["extra_attempts"],
            extra_minutes=form.cleaned_data["extra_minutes"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, f"The override on “{quiz.title}” is saved.")
        return _back(trainee, "#quizzes")
    limits = [
        f"{quiz.max_attempts} attempts" if quiz.max_attempts else "no attempt limit",
        f"a {quiz.time_limit_minutes}-minute time limit"
        if quiz.time_limit_minutes
        else "no time limit",
    ]
    return _action_page(
        request,
        trainee,
        title=f"Extra attempts or time on “{quiz.title}”",
        form=form,
        intro=f"The quiz allows {limits[0]} and has {limits[1]}. The numbers below are the "
        "trainee's totals beyond that: they replace any earlier override.",
        submit="Save the override",
        status=400 if form.is_bound else 200,
    )


def _attempt_action(request, attempt_id, *, service, title, intro, submit, done):
    attempt = get_object_or_404(QuizAttempt.objects.select_related("user"), pk=attempt_id)
    trainee = attempt.user
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            service(attempt, reason=form.cleaned_data["reason"], by=request.user)
        except OverrideRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done.format(attempt=attempt))
        return _back(trainee, "#attempts")
    return _action_page(
        request,
        trainee,
        title=title.format(attempt=attempt),
        form=form,
        intro=intro,
        submit=submit,
        status=400 if form.is_bound else 200,
        attempt=attempt,
    )


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def reopen_view(request, attempt_id):
    return _attempt_action(
        request,
        attempt_id,
        service=reopen_attempt,
        title="Reopen attempt {attempt.number} at “{attempt.quiz_title}”",
        intro="The attempt goes back to the trainee in progress, with the answers they had "
        "saved, and is graded again when they submit. A timed attempt gets its full time "
        "again from now. Its current grade is kept in the history.",
        submit="Reopen the attempt",
        done="Attempt {attempt.number} at “{attempt.quiz_title}” is open again.",
    )


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def void_view(request, attempt_id):
    return _attempt_action(
        request,
        attempt_id,
        service=void_attempt,
        title="Void attempt {attempt.number} at “{attempt.quiz_title}”",
        intro="The attempt is kept, with its answers and grade, and marked voided: it no "
        "longer counts toward passing or toward the attempts used, so the trainee may make "
        "another. A course completion already recorded stays.",
        submit="Void the attempt",
        done="Attempt {attempt.number} at “{attempt.quiz_title}” is voided.",
    )


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def enrol_view(request, user_id):
    trainee = get_object_or_404(User, pk=user_id)
    active = Enrolment.objects.filter(user=trainee, unenrolled_at=None)
    form = EnrolForm(
        request.POST if request.method == "POST" else None,
        initial={"course": request.GET.get("course")},
        exclude_ids=active.values_list("course_id", flat=True),
    )
    if form.is_valid():
        course = form.cleaned_data["course"]
        try:
            enrol_trainee(trainee, course, reason=form.cleaned_data["reason"], by=request.user)
        except EnrolmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{trainee} is enrolled in “{course.title}”.")
        return _back(trainee, "#enrolments")
    return _action_page(
        request,
        trainee,
        title="Enrol in a course",
        form=form,
        intro="A trainee who was unenrolled from the course is enrolled again, with every "
        "record they made before.",
        submit="Enrol",
        status=400 if form.is_bound else 200,
    )


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def unenrol_view(request, enrolment_id):
    enrolment = get_object_or_404(Enrolment.objects.select_related("user"), pk=enrolment_id)
    trainee = enrolment.user
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            unenrol_trainee(enrolment, reason=form.cleaned_data["reason"], by=request.user)
        except EnrolmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{trainee} is unenrolled from “{enrolment.course_title}”.")
        return _back(trainee, "#enrolments")
    return _action_page(
        request,
        trainee,
        title=f"Unenrol from “{enrolment.course_title}”",
        form=form,
        intro="The trainee can no longer open the course's lessons and quizzes, and it leaves "
        "their My learning (unless they completed it). Nothing is deleted: their enrolment, "
        "completions and attempts stay on the record, and enrolling them again restores "
        "access.",
        submit="Unenrol",
        status=400 if form.is_bound else 200,
    )


@training_admin_required
@require_http_methods(["GET", "HEAD"])
def attempt_view(request, attempt_id):
    """The attempt as the trainee saw it, from its snapshot: the questions and choices in
    the order shown, their answers, and (once submitted) the points for each, with the
    correct answers. Read only."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("user", "voided_by"), pk=attempt_id
    )
    items = result_items(attempt.snapshot, attempt.answers, attempt.results, ResultDetail.FULL)
    if attempt.is_open:  # not graded yet: no points to show
        for item in items:
            for question in item.get("questions", [item]):
                question["show_correctness"] = False
    trainee = attempt.user
    return TemplateResponse(
        request,
        "learning/admin/attempt.html",
        {
            "attempt": attempt,
            "trainee": trainee,
            "items": items,
            "settings": attempt.snapshot.get("settings", {}),
            "header_title": f"Attempt {attempt.number} at “{attempt.quiz_title}”: {trainee}",
            "breadcrumbs_items": _breadcrumbs(
                trainee, f"Attempt {attempt.number} at “{attempt.quiz_title}”"
            ),
        },
    )
