"""Starting a quiz attempt, answering it and its result. Every decision is made here on the
server: the gate, the attempts limit, the deadline and the grade."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from courses.assessment.grading import AnswerError
from courses.assessment.results import detail_shown, result_items
from courses.assessment.snapshot import public_view
from courses.learning.models import Certificate, QuizAttempt
from courses.learning.result_page import result_next, with_lessons_to_review
from courses.learning.services.attempts import (
    AttemptsExhausted,
    close_if_expired,
    save_answers,
    start_attempt,
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
    attempt = QuizAttempt.objects.filter(public_id=public_id, user=request.user).first()
    if attempt is None:
        raise Http404("No such attempt.")  # another trainee's attempt looks the same
    if request.method == "POST":
        return save_view(request, attempt)
    attempt = close_if_expired(attempt)
    if attempt.is_open:
        return render_attempt(request, attempt)
    return render_result(request, attempt)


def save_view(request, attempt):
    """Save or submit answers. The gate again: an attempt whose quiz still exists is answered
    on its terms; one whose quiz was deleted can still be finished, from its snapshot."""
    quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first() if attempt.is_open else None
    state = quiz.step_state(request.user) if quiz is not None else None
    if state is not None and not state.access.may_record:
        return redirect(quiz.url)
    submit = "submit" in request.POST
    held = Certificate.objects.filter(user=request.user).count() if submit else 0
    try:
        attempt = save_answers(
            request.user, attempt.public_id, request.POST, submit=submit, state=state
        )
    except AnswerError as error:
        return render_attempt(request, attempt, error=str(error), status=400)
    if submit and attempt.passed and Certificate.objects.filter(user=request.user).count() > held:
        messages.success(request, CERTIFICATE_ISSUED)
    if attempt.is_open:
        messages.success(request, "Your answers are saved. Submit when you are ready.")
    return redirect("quiz_attempt", public_id=attempt.public_id)


def render_attempt(request, attempt, *, error=None, status=200):
    context = {
        "attempt": attempt,
        "questions": public_view(attempt.snapshot),
        "answers": attempt.answers,
        "error": error,
        "seconds_left": (
            max(0, int((attempt.deadline - timezone.now()).total_seconds()))
            if attempt.deadline
            else None
        ),
        "quiz_url": _visible_url(attempt),
    }
    return TemplateResponse(request, "learning/attempt.html", context, status=status)


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
