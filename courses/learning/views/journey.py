"""The trainee's own pages and actions: My learning, enrolment, lesson completion and
knowledge checks.

State changes are POST only (405 otherwise) and CSRF-protected; each asks the gate
(`courses.learning.access`) through the step's state, whatever the page showed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST, require_safe

from courses.learning.outline import trainee_outline
from courses.learning.services.completion import StepUnavailable, complete_lesson
from courses.learning.services.enrolment import enrol
from courses.learning.summary import learning_summary
from courses.learning.views.requirements import CERTIFICATE_ISSUED, certificates_held
from courses.models import CoursePage, LessonPage, visible


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
    state = lesson.step_state(request.user)
    if state.course is None or state.module is None:
        return redirect(lesson.url)
    held = certificates_held(request.user, state.course)
    try:
        _completion, progress = complete_lesson(request.user, lesson, state)
    except StepUnavailable:
        # The lesson page explains what stands in the way (enrol, or finish a module first).
        return redirect(lesson.url)
    if progress.is_complete:
        messages.success(request, f"You have completed every lesson of “{state.course.title}”.")
        if certificates_held(request.user, state.course) > held:
            messages.success(request, CERTIFICATE_ISSUED)
    else:
        messages.success(request, f"“{lesson.title}” is marked as complete.")
    next_step = progress.navigation.next(lesson)
    if next_step is None:
        return redirect(state.course.url)
    if any(
        step.entry.pk == next_step.pk and step.is_locked for step in trainee_outline(progress).steps
    ):
        # Not into a step that would refuse them: the lesson says what opens it.
        return redirect(lesson.url)
    return redirect(next_step.url)


@login_required
@require_safe
def my_learning(request):
    return TemplateResponse(
        request, "learning/my_learning.html", {"summary": learning_summary(request.user)}
    )


@require_POST
def knowledge_check_view(request, lesson_id, block_id):
    """Check a practice answer and show the feedback on the lesson. Nothing is recorded."""
    lesson = get_object_or_404(visible(LessonPage.objects.all()), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    if not lesson.step_state(request.user).access.may_read:
        return redirect(lesson.url)
    block = next(
        (b for b in lesson.body if b.block_type == "knowledge_check" and str(b.id) == block_id),
        None,
    )
    if block is None:
        raise Http404("No such knowledge check in this lesson.")
    choices = {str(choice.id): choice.value for choice in block.value["choices"].bound_blocks}
    chosen = request.POST.get("choice", "")
    if chosen not in choices:
        messages.error(request, "Choose one of the answers, then check it.")
    else:
        checks = request.session.get("knowledge_checks", {})
        checks[block_id] = {"choice": chosen, "correct": bool(choices[chosen]["correct"])}
        request.session["knowledge_checks"] = checks
    return redirect(f"{lesson.url}#check-{block_id}")
