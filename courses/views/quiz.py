"""Quiz pages, attempts and results. Every decision is made here on the server."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from courses.access import Access, lesson_access
from courses.attempts import (
    AttemptsExhausted,
    close_if_expired,
    save_answers,
    standing,
    start_attempt,
)
from courses.catalogue import visible
from courses.grading import AnswerError, gradable_questions, grade
from courses.models import QuizAttempt, QuizPage
from courses.progress import reading_state
from courses.review import FULL, review, review_level
from courses.snapshot import build_snapshot, public_view


class QuizState:
    """Where the quiz sits, the user's progress, and whether they may open and attempt it."""

    def __init__(self, quiz: QuizPage, user):
        state = reading_state(quiz, user)
        self.course, self.module, self.progress = state.course, state.module, state.progress
        self.access = lesson_access(user, self.module, self.progress)

    @property
    def may_attempt(self) -> bool:
        return self.access.allowed and self.progress.enrolment is not None


def serve_quiz_page(quiz: QuizPage, request):
    state = QuizState(quiz, request.user)
    if state.access.access is Access.LOGIN_REQUIRED:
        return redirect_to_login(request.get_full_path())
    if not state.access.allowed:
        context = {"page": quiz, "state": state, "access": state.access}
        return TemplateResponse(request, "courses/lesson_unavailable.html", context, status=403)
    context = quiz.get_context(request)
    context.update(
        course=state.course,
        module=state.module,
        progress=state.progress,
        breadcrumb_trail=[page for page in (state.course, state.module) if page],
        may_attempt=state.may_attempt,
        standing=standing(request.user, quiz) if state.may_attempt else None,
        question_count=quiz.question_count,
    )
    return TemplateResponse(request, "courses/quiz_page.html", context)


def preview_quiz_page(quiz: QuizPage, request, mode_name: str):
    """Authors' previews: the quiz as a trainee sees it, or a result with every answer right."""
    snapshot = build_snapshot(quiz, seed=0)
    if mode_name == "result":
        answers = correct_answers(snapshot)
        result = grade(snapshot, answers)
        context = {
            "page": quiz,
            "preview": True,
            "attempt": {"number": 1, "percent": result.percent, "passed": result.passed},
            "review": review(snapshot, answers, result.as_record(), FULL),
            "level": FULL,
            "snapshot": snapshot,
        }
        return TemplateResponse(request, "courses/quiz_result.html", context)
    context = {"page": quiz, "preview": True, "questions": public_view(snapshot), "answers": {}}
    return TemplateResponse(request, "courses/quiz_attempt.html", context)


def correct_answers(snapshot: dict) -> dict:
    answers = {}
    for question in gradable_questions(snapshot):
        if question["type"] == "ordering":
            answers[question["id"]] = {step["id"]: step["position"] for step in question["steps"]}
        else:
            right = sorted(choice["id"] for choice in question["choices"] if choice["correct"])
            answers[question["id"]] = right[0] if question["type"] == "single_choice" else right
    return answers


@require_POST
def start_view(request, quiz_id):
    quiz = get_object_or_404(visible(QuizPage.objects.all()), pk=quiz_id)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    if not QuizState(quiz, request.user).may_attempt:
        return redirect(quiz.url)  # the quiz page says what is missing
    try:
        attempt, created = start_attempt(request.user, quiz)
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
        try:
            attempt = save_answers(
                request.user, public_id, request.POST, submit="submit" in request.POST
            )
        except AnswerError as error:
            return render_attempt(request, attempt, error=str(error), status=400)
        if attempt.is_open:
            messages.success(request, "Your answers are saved. Submit when you are ready.")
        return redirect("quiz_attempt", public_id=attempt.public_id)
    attempt = close_if_expired(attempt)
    if attempt.is_open:
        return render_attempt(request, attempt)
    return render_result(request, attempt)


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
        "quiz_url": _quiz_url(attempt),
    }
    return TemplateResponse(request, "courses/quiz_attempt.html", context, status=status)


def render_result(request, attempt):
    has_passed = (
        attempt.passed
        or QuizAttempt.objects.filter(
            user=attempt.user, quiz_id=attempt.quiz_id, passed=True
        ).exists()
    )
    level = review_level(attempt.snapshot, has_passed)
    context = {
        "attempt": attempt,
        "snapshot": attempt.snapshot,
        "level": level,
        "review": review(attempt.snapshot, attempt.answers, attempt.results, level),
        "quiz_url": _quiz_url(attempt),
    }
    return TemplateResponse(request, "courses/quiz_result.html", context)


def _quiz_url(attempt):
    quiz = visible(QuizPage.objects.filter(pk=attempt.quiz_id)).first()
    return quiz.url if quiz else None
