"""Starting a quiz attempt, answering it and its result. Every decision is made here on the
server: the gate, the attempts limit, the deadline and the grade."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from courses.assessment.grading import gradable_questions, unanswered_count
from courses.assessment.results import detail_shown, result_items
from courses.assessment.snapshot import public_view
from courses.learning.models import Certificate, QuizAttempt
from courses.learning.result_page import result_next, with_lessons_to_review
from courses.learning.services.attempts import (
    AttemptsExhausted,
    close_if_expired,
    keep_answers,
    start_attempt,
    submit_attempt,
)
from courses.learning.services.completion import StepUnavailable
from courses.learning.standing import quiz_standing
from courses.learning.views.requirements import CERTIFICATE_ISSUED
from courses.models import QuizPage, visible


@require_POST
def start_view(request, quiz_id):
    quiz = get_object_or_404(visible(QuizPage.objects.all()), pk=quiz_id)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    try:
        attempt, created = start_attempt(request.user, quiz, quiz.step_state(request.user))
    except StepUnavailable:
        return redirect(quiz.url)  # the quiz page says what is missing
    except AttemptsExhausted:
        messages.error(request, "You have used every attempt this quiz allows.")
        return redirect(quiz.url)
    if not created:
        messages.info(request, "You already had an attempt in progress: here it is.")
    return redirect("quiz_attempt", public_id=attempt.public_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_view(request, public_id):
    attempt = _own_attempt(request, public_id)
    if request.method == "POST":
        return save_view(request, attempt)
    attempt = close_if_expired(attempt)
    if attempt.is_open:
        return render_attempt(request, attempt)
    return render_result(request, attempt)


def save_view(request, attempt):
    """Save answers, and on "Submit for grading" ask for confirmation first (or grade, when
    the confirmation was given in the page's dialog). Every answer that fits is saved; a
    question whose answer does not is shown again, marked, with what was typed."""
    state = _state_for_recording(request, attempt)
    if state is False:
        return redirect(attempt_quiz(attempt).url)
    attempt, reading = keep_answers(request.user, attempt.public_id, request.POST, state=state)
    if reading is None:  # submitted already, or closed now because time is up
        return redirect("quiz_attempt", public_id=attempt.public_id)
    if not reading.valid:
        return render_attempt(request, attempt, reading=reading)
    if "submit" in request.POST:
        if "confirmed" in request.POST:
            return _submit(request, attempt, state)
        return redirect("quiz_attempt_submit", public_id=attempt.public_id)
    messages.success(request, "Your answers are saved. Submit when you are ready.")
    return redirect("quiz_attempt", public_id=attempt.public_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def submit_view(request, public_id):
    """The confirmation before grading: how many questions are unanswered, with Submit and
    Go back. Posting it grades the saved answers."""
    attempt = _own_attempt(request, public_id)
    attempt = close_if_expired(attempt)
    if not attempt.is_open:
        return redirect("quiz_attempt", public_id=attempt.public_id)
    if request.method == "POST":
        state = _state_for_recording(request, attempt)
        if state is False:
            return redirect(attempt_quiz(attempt).url)
        return _submit(request, attempt, state)
    context = {
        "attempt": attempt,
        "unanswered": unanswered_questions(attempt),
        "question_total": len(gradable_questions(attempt.snapshot)),
        "seconds_left": _seconds_left(attempt),
    }
    return TemplateResponse(request, "learning/attempt_confirm.html", context)


@require_POST
def autosave_view(request, public_id):
    """Save the answers of an open attempt from the page's script, as the trainee works:
    JSON back, with how many questions are unanswered and any question whose answer does not
    fit. Only the attempt's owner, only while it is open and before its deadline (plus the
    grace period); the CSRF check applies as to any form."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Please sign in again."}, status=403)
    attempt = QuizAttempt.objects.filter(public_id=public_id, user=request.user).first()
    if attempt is None:
        return JsonResponse({"error": "No such attempt."}, status=404)
    state = _state_for_recording(request, attempt)
    if state is False:
        return JsonResponse({"error": "This quiz cannot be answered now."}, status=403)
    attempt, reading = keep_answers(request.user, attempt.public_id, request.POST, state=state)
    if reading is None:
        return JsonResponse(
            {
                "error": "This attempt is closed: it has been graded.",
                "closed": True,
                "url": reverse("quiz_attempt", kwargs={"public_id": attempt.public_id}),
            },
            status=409,
        )
    numbers = {q["id"]: q["number"] for q in _numbered_questions(public_view(attempt.snapshot))}
    return JsonResponse(
        {
            "saved": True,
            "saved_at": timezone.now().isoformat(),
            "unanswered": unanswered_count(attempt.snapshot, attempt.answers),
            "errors": [
                {"question": numbers[question_id], "id": question_id, "message": message}
                for question_id, message in reading.errors.items()
            ],
        }
    )


def unanswered_questions(attempt) -> list[dict]:
    """The numbered questions of an open attempt that have no saved answer."""
    return [
        question
        for question in _numbered_questions(public_view(attempt.snapshot))
        if question["id"] not in attempt.answers
    ]


def _numbered_questions(questions):
    for question in questions:
        if question["type"] == "case_vignette":
            yield from question["questions"]
        else:
            yield question


def _submit(request, attempt, state):
    held = Certificate.objects.filter(user=request.user).count()
    attempt = submit_attempt(request.user, attempt.public_id, state=state)
    if attempt.passed and Certificate.objects.filter(user=request.user).count() > held:
        messages.success(request, CERTIFICATE_ISSUED)
    return redirect("quiz_attempt", public_id=attempt.public_id)


def _own_attempt(request, public_id):
    attempt = QuizAttempt.objects.filter(public_id=public_id, user=request.user).first()
    if attempt is None:
        raise Http404("No such attempt.")  # another trainee's attempt looks the same
    return attempt


def attempt_quiz(attempt):
    return QuizPage.objects.filter(pk=attempt.quiz_id).first()


def _state_for_recording(request, attempt):
    """The gate again: an attempt whose quiz still exists is answered on its terms (the quiz's
    step state, or False when the trainee may no longer record it); one whose quiz was
    deleted can still be finished, from its snapshot (None)."""
    quiz = attempt_quiz(attempt) if attempt.is_open else None
    state = quiz.step_state(request.user) if quiz is not None else None
    if state is not None and not state.access.may_record:
        return False
    return state


def _seconds_left(attempt):
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def render_attempt(request, attempt, *, reading=None):
    questions = public_view(attempt.snapshot)
    answers = {**attempt.answers, **(reading.typed if reading else {})}
    errors = reading.errors if reading else {}
    problems = [
        {
            "number": question["number"],
            "message": errors[question["id"]],
            "anchor": _anchor(question),
        }
        for question in _numbered_questions(questions)
        if question["id"] in errors
    ]
    context = {
        "attempt": attempt,
        "questions": questions,
        "answers": answers,
        "errors": errors,
        "problems": problems,
        "stray": reading.stray if reading else "",
        "seconds_left": _seconds_left(attempt),
        "quiz_url": _visible_url(attempt),
    }
    return TemplateResponse(request, "learning/attempt.html", context)


def _anchor(question) -> str:
    """The id of a question's first input, for the error summary's link."""
    parts = question.get("steps") or question.get("choices") or [{"id": ""}]
    return f"q-{question['id']}-{parts[0]['id']}"


def render_result(request, attempt):
    detail = detail_shown(attempt.snapshot, answers_revealed(request.user, attempt))
    quiz = visible(QuizPage.objects.filter(pk=attempt.quiz_id)).first()
    leads_to = None
    if quiz is not None:
        leads_to = result_next(request.user, quiz, quiz.step_state(request.user), attempt.snapshot)
    context = {
        "attempt": attempt,
        "snapshot": attempt.snapshot,
        "detail": detail,
        "items": with_lessons_to_review(
            result_items(attempt.snapshot, attempt.answers, attempt.results, detail),
            leads_to.review if leads_to else {},
        ),
        "quiz_url": quiz.url if quiz else None,
        "quiz": quiz,
        "leads_to": leads_to,
    }
    return TemplateResponse(request, "learning/result.html", context)


def answers_revealed(user, attempt) -> bool:
    """Whether a quiz whose answers wait may show them now: once it is passed (by the quiz's
    own counting rule) or every attempt is used. A deleted quiz's attempt is judged on
    itself. Asked only where the answers wait."""
    if not attempt.snapshot["settings"].get("answers_after_pass_only"):
        return True
    quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first()
    if quiz is None:
        return bool(attempt.passed)
    standing = quiz_standing(user, quiz)
    return standing.passed or standing.left == 0


def _visible_url(attempt):
    quiz = visible(QuizPage.objects.filter(pk=attempt.quiz_id)).first()
    return quiz.url if quiz else None
