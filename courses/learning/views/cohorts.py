"""Importing a cohort's members from a CSV file: upload, a preview of what will happen row
by row, and confirmation (`courses.learning.services.cohort_import` does the work). The
file is kept on the server between preview and confirmation; nothing else is saved until
the administrator confirms."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from courses.learning.cohort_csv import CsvFileError
from courses.learning.forms import CohortImportForm
from courses.learning.models import Cohort, CohortImport
from courses.learning.services import cohort_import
from courses.learning.views.admin_access import training_admin_required


def _breadcrumbs(cohort, label):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": reverse("training_cohorts:index"), "label": "Cohorts"},
        {"url": reverse("training_cohorts:inspect", args=[cohort.pk]), "label": str(cohort)},
        {"url": "", "label": label},
    ]


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload_view(request, cohort_id):
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = CohortImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = upload.read(cohort_import.cohort_csv.MAX_BYTES + 1)
                kept = cohort_import.upload(cohort, upload.name, data, by=request.user)
            except CsvFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("training_cohort_import_preview", kept.pk)
    return TemplateResponse(
        request,
        "learning/admin/cohort_import_upload.html",
        {
            "cohort": cohort,
            "form": form,
            "header_title": f"Import members: {cohort}",
            "breadcrumbs_items": _breadcrumbs(cohort, "Import members"),
            "max_rows": cohort_import.cohort_csv.MAX_ROWS,
        },
        status=status,
    )


@training_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def preview_view(request, import_id):
    kept = get_object_or_404(CohortImport.objects.select_related("cohort"), pk=import_id)
    cohort = kept.cohort
    if request.method == "POST":
        try:
            result = cohort_import.confirm(kept, by=request.user)
        except cohort_import.ImportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("training_cohort_import_preview", kept.pk)
        counts = result.counts
        messages.success(
            request,
            f"Imported: {counts['invite']} invited, {counts['enrol']} enrolled, "
            f"{counts['join']} added to the cohort, {counts['nothing']} already there, "
            f"{counts['invalid']} invalid rows left out.",
        )
        return redirect("training_cohorts:inspect", cohort.pk)
    try:
        plan = cohort_import.plan(kept)
    except CsvFileError as error:  # kept files were read once already; say so if not now
        plan, file_error = None, str(error)
    else:
        file_error = ""
    return TemplateResponse(
        request,
        "learning/admin/cohort_import_preview.html",
        {
            "cohort": cohort,
            "kept": kept,
            "plan": plan,
            "file_error": file_error,
            "header_title": f"Preview of “{kept.filename}”: {cohort}",
            "breadcrumbs_items": _breadcrumbs(cohort, f"Preview of “{kept.filename}”"),
        },
    )
