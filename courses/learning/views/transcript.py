"""The trainee's transcript: every certificate and completed course, with the CE hours
certified in all, as a page, a PDF and a CSV file."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Site

from cms.home.models import SiteSettings
from courses.learning.pdf import hours, transcript_pdf
from courses.learning.spreadsheet_cells import neutralise
from courses.learning.transcript import transcript_of

CSV_HEADINGS = [
    "Course",
    "CE hours",
    "Credit type",
    "Completed on",
    "Certificate code",
    "Issued on",
    "Valid until",
    "Status",
]


def holder(user) -> str:
    return user.get_full_name() or user.email


@login_required
@require_safe
def transcript_view(request):
    context = {"transcript": transcript_of(request.user), "holder": holder(request.user)}
    return TemplateResponse(request, "learning/transcript.html", context)


@login_required
@require_safe
def transcript_pdf_view(request):
    now = timezone.now()
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    organisation = SiteSettings.for_site(site).provider_name if site else "Pathway"
    data = transcript_pdf(transcript_of(request.user, now), holder(request.user), organisation, now)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="transcript.pdf"'
    return response


@login_required
@require_safe
def transcript_csv_view(request):
    transcript = transcript_of(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="transcript.csv"'
    response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    for row in transcript.rows:
        writer.writerow(
            [
                neutralise(row.course_title),
                hours(row.ce_hours),
                neutralise(row.credit_type),
                row.completed_on.isoformat(),
                row.code,
                timezone.localdate(row.issued_at).isoformat() if row.issued_at else "",
                timezone.localdate(row.expires_at).isoformat() if row.expires_at else "",
                row.status_label,
            ]
        )
    writer.writerow(["Total CE hours certified", hours(transcript.total_hours)])
    return response
