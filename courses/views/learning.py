"""The trainee's own pages and actions: My learning, enrolment and lesson completion.

State changes are POST only (405 otherwise) and CSRF-protected; grading, gating and
completion are decided here on the server, whatever the page showed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST, require_safe

from courses.catalogue import visible
from courses.enrolment import LessonUnavailable, complete_lesson, enrol
from courses.learning import learning_summary
from courses.models import CoursePage, LessonPage


@require_POST
def enrol_view(request, course_id):
    course = get_object_or_404(visible(CoursePage.objects.all()), pk=course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    _enrolment, created = enrol(request.user, course)
    if created:
        messages.success(request, f"You are enrolled in “{course.title}”.")
    else:
        messages.info(request, f"You were already enrolled in “{course.title}”.")
    return redirect(course.url)


@require_POST
def complete_view(request, lesson_id):
    lesson = get_object_or_404(visible(LessonPage.objects.all()), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    state = lesson.reading_state(request.user)
    if state.course is None or state.module is None:
        return redirect(lesson.url)
    try:
        _completion, progress = complete_lesson(request.user, lesson, state.module, state.course)
    except LessonUnavailable:
        # The lesson page explains what stands in the way (enrol, or finish a module first).
        return redirect(lesson.url)
    if progress.is_complete:
        messages.success(request, f"You have completed every lesson of “{state.course.title}”.")
    else:
        messages.success(request, f"“{lesson.title}” is marked as complete.")
    next_lesson = progress.navigation.next(lesson)
    return redirect(next_lesson.url if next_lesson else state.course.url)


@login_required
@require_safe
def my_learning(request):
    return TemplateResponse(
        request, "courses/my_learning.html", {"summary": learning_summary(request.user)}
    )
