"""What a trainee does, besides lessons and quizzes, to earn a certificate: attest to the
course's code of ethics, and answer the course evaluation. Both are POST-only writes through
the services, which ask the gate and issue the certificate when it is the last thing left."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from courses.learning.models import Certificate, EthicsAttestation
from courses.learning.progress import course_progress
from courses.learning.services.ethics import AttestationRefused, attest
from courses.learning.services.evaluation import (
    EvaluationClosed,
    InvalidEvaluation,
    submit_evaluation,
)
from courses.models import CourseEvaluationPage, CoursePage, visible

ISSUED = "Your certificate has been issued: you will find it below, and we have emailed you."
CERTIFICATE_ISSUED = (
    "You have met every requirement and your certificate has been issued: it is in My "
    "learning, and we have emailed you."
)


def certificates_held(user, course) -> int:
    return Certificate.objects.filter(user=user, course_id=course.pk).count()


def _after_recording(request, course, held_before: int):
    """Tell the trainee whether this was the last requirement."""
    certification = course.certification(request.user, course_progress(course, request.user))
    if certificates_held(request.user, course) > held_before:
        messages.success(request, ISSUED)
    elif certification.outstanding:
        names = "; ".join(item.label.lower() for item in certification.outstanding)
        messages.info(request, f"Still to do for your certificate: {names}.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attest_view(request, course_id):
    courses = visible(CoursePage.objects.select_related("ethics_code"))
    course = get_object_or_404(courses, pk=course_id)
    code = course.ethics_code
    if code is None:
        return redirect(course.url)
    existing = EthicsAttestation.objects.filter(user=request.user, ethics_code=code).first()
    error, status = None, 200
    if request.method == "POST" and existing is None:
        held_before = certificates_held(request.user, course)
        try:
            attest(request.user, course, request.POST.get("full_name", ""))
        except AttestationRefused as refusal:
            error, status = str(refusal), 400
        else:
            messages.success(request, f"Thank you: you have attested to the {code}.")
            _after_recording(request, course, held_before)
            return redirect(course.url)
    context = {
        "course": course,
        "code": code,
        "attestation": existing,
        "enrolled": course_progress(course, request.user).enrolment is not None,
        "error": error,
        "typed": request.POST.get("full_name", "") if error else "",
    }
    return TemplateResponse(request, "learning/attest.html", context, status=status)


@require_POST
def evaluation_view(request, page_id):
    page = get_object_or_404(visible(CourseEvaluationPage.objects.all()), pk=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    course = page.course()
    held_before = certificates_held(request.user, course)
    try:
        _response, created = submit_evaluation(request.user, page, request.POST)
    except EvaluationClosed:
        return redirect(page.url)  # the page says what stands in the way
    except InvalidEvaluation as invalid:
        return page.serve(request, form=invalid.form)
    if created:
        messages.success(request, page.thank_you or "Thank you for your evaluation.")
        _after_recording(request, course, held_before)
    else:
        messages.info(request, "You had already sent your evaluation; it is kept as it was.")
    return redirect(course.url)
