"""Training administrators' views of certificates: every certificate issued, filtered by
course, status and date, on screen and as CSV or XLSX (Wagtail's `ReportView`), and revoking
one with a reason, which is kept on the certificate and in Wagtail's log."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from courses.learning.models import Certificate
from courses.learning.permissions import administers_training
from courses.learning.services.certificates import AlreadyRevoked, revoke
from courses.learning.spreadsheet_cells import neutralise
from courses.learning.views.admin_access import forbidden, training_admin_required


def course_choices(request):
    titles = Certificate.objects.order_by("course_title").values_list("course_title", flat=True)
    return [(title, title) for title in dict.fromkeys(titles)]


class CertificateFilterSet(WagtailFilterSet):
    course_title = django_filters.ChoiceFilter(
        label="Course", choices=lambda: course_choices(None), empty_label="All courses"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=Certificate.Status.choices,
        method="filter_status",
        empty_label="Any status",
    )
    issued_at = django_filters.DateFromToRangeFilter(label="Issued", widget=DateRangePickerWidget)
    holder_name = django_filters.CharFilter(label="Name contains", lookup_expr="icontains")

    class Meta:
        model = Certificate
        fields = ["course_title", "status", "issued_at", "holder_name"]

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        expired = Q(expires_at__isnull=False, expires_at__lte=now)
        if value == Certificate.Status.REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        if value == Certificate.Status.EXPIRED:
            return queryset.filter(expired, revoked_at__isnull=True)
        if value == Certificate.Status.VALID:
            return queryset.filter(revoked_at__isnull=True).exclude(expired)
        return queryset


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.current_status.label


class RevokeColumn(Column):
    cell_template_name = "learning/admin/revoke_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["revoke_url"] = (
            reverse("training_certificate_revoke", args=[instance.pk])
            if instance.revoked_at is None
            else None
        )
        return context


class CertificateReportView(ReportView):
    page_title = "Certificates"
    header_icon = "doc-full"
    index_url_name = "training_certificates"
    index_results_url_name = "training_certificates_results"
    filterset_class = CertificateFilterSet
    model = Certificate
    paginate_by = 50
    columns = [
        Column("code", label="Code"),
        Column("holder_name", label="Name"),
        Column("course_title", label="Course"),
        Column("ce_hours", label="CE hours"),
        DateColumn("completed_on", label="Completed"),
        DateColumn("issued_at", label="Issued"),
        DateColumn("expires_at", label="Valid until"),
        StatusColumn("status", label="Status"),
        RevokeColumn("revoke", label="Revoke"),
    ]
    list_export = [
        "code",
        "holder_name",
        "user.email",
        "course_title",
        "ce_hours",
        "credit_type",
        "completed_on",
        "issued_at",
        "expires_at",
        "current_status.label",
        "revoked_at",
        "revoke_reason",
    ]
    export_headings = {
        "code": "Code",
        "holder_name": "Name",
        "user.email": "Email",
        "course_title": "Course",
        "ce_hours": "CE hours",
        "credit_type": "Credit type",
        "completed_on": "Completed on",
        "issued_at": "Issued at",
        "expires_at": "Valid until",
        "current_status.label": "Status",
        "revoked_at": "Revoked at",
        "revoke_reason": "Reason for revoking",
    }
    custom_field_preprocess = {
        field: {"csv": neutralise, "xlsx": neutralise}
        for field in ("holder_name", "course_title", "credit_type", "revoke_reason", "user.email")
    }

    def dispatch(self, request, *args, **kwargs):
        if not administers_training(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"certificates-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return Certificate.objects.select_related("user").order_by("-issued_at", "-pk")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Kept on the certificate and in the log; the trainee and the public "
        "verification page see only that it was revoked, and when.",
    )


@training_admin_required
def revoke_view(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke(certificate, by=request.user, reason=form.cleaned_data["reason"])
        except AlreadyRevoked:
            messages.warning(request, f"Certificate {certificate.code} was already revoked.")
        except ValueError:
            form.add_error("reason", "Give a reason for revoking the certificate.")
        else:
            messages.success(request, f"Certificate {certificate.code} has been revoked.")
            return redirect("training_certificates")
        if not form.errors:
            return redirect("training_certificates")
    context = {"certificate": certificate, "form": form}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "learning/admin/revoke.html", context, status=status)
