"""A trainee's own certificate (page and PDF), and the public verification page.

Only the owner reaches their certificate's page and PDF; anyone else, signed in or not,
gets the same "not found" page as for a code that does not exist. The public page at
`/certificates/<code>/` shows the holder's name, the course, the hours, the completion date
and the status, nothing more, and is rate limited per client address.
"""

from __future__ import annotations

# allauth's limiter, as sign-in uses it (same client address behind trusted proxies, same
# shared cache); its public wrapper leaves GET requests alone, so the call is to the
# function underneath, which takes `limit_get`.
from allauth.core.internal import ratelimit
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from cms.mailer.messages import absolute_url
from courses.learning.models import Certificate
from courses.learning.models.certificates import normalise_code
from courses.learning.pdf import certificate_pdf

VERIFY_ACTION = "verify_certificate"  # its rate is in settings.ACCOUNT_RATE_LIMITS


def not_found(request, code: str = "", *, public: bool = False):
    context = {"code": code[:40], "public": public}
    return TemplateResponse(request, "learning/certificate_not_found.html", context, status=404)


def own_certificate(request, code: str) -> Certificate | None:
    code = normalise_code(code)
    if code is None:
        return None
    return Certificate.objects.filter(code=code, user=request.user).first()


@login_required
@require_safe
def certificate_view(request, code):
    certificate = own_certificate(request, code)
    if certificate is None:
        return not_found(request, code)
    context = {
        "certificate": certificate,
        "status": certificate.current_status,
        "verification_url": absolute_url(certificate.verification_path()),
    }
    return TemplateResponse(request, "learning/certificate.html", context)


@login_required
@require_safe
def certificate_pdf_view(request, code):
    certificate = own_certificate(request, code)
    if certificate is None:
        return not_found(request, code)
    if certificate.current_status == Certificate.Status.REVOKED:
        context = {"certificate": certificate}
        return TemplateResponse(request, "learning/certificate_revoked.html", context, status=410)
    data = certificate_pdf(certificate, absolute_url(certificate.verification_path()))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@require_safe
def verify_view(request, code):
    if not ratelimit.consume(request, app="allauth.account", action=VERIFY_ACTION, limit_get=True):
        return TemplateResponse(request, "learning/verify_wait.html", status=429)
    normal = normalise_code(code)
    if normal is None:
        return not_found(request, code, public=True)
    if normal != code:
        return redirect("verify_certificate", code=normal)
    certificate = Certificate.objects.filter(code=normal).first()
    if certificate is None:
        return not_found(request, code, public=True)
    context = {"certificate": certificate, "status": certificate.current_status}
    return TemplateResponse(request, "learning/verify.html", context)


@require_safe
def lookup_view(request):
    """A form to type a code; sends it to its verification page."""
    typed = request.GET.get("code", "")
    if not typed.strip():
        return TemplateResponse(request, "learning/verify_lookup.html", {})
    code = normalise_code(typed)
    if code is None:
        return not_found(request, typed, public=True)
    return redirect("verify_certificate", code=code)
