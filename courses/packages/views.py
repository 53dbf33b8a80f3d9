"""The admin's course packages page (Settings → Course packages), for site administrators:
download a course as a package; upload one, see what importing it would change, confirm.

The uploaded file is kept between the preview and the confirmation in the `course_packages`
storage (a private folder outside the media files, or the shared bucket when several app
servers run), under a random name that only the uploader's session knows; the confirmation
imports that copy, never anything the browser sends back.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from courses.packages.export import export_course, package_filename
from courses.packages.format import MAX_PACKAGE_BYTES, PackageError
from courses.packages.importer import import_package

SESSION_KEY = "course-package-upload"
STALE_AFTER = timedelta(days=1)


def upload_storage():
    return storages["course_packages"]


def upload_name(token: str) -> str:
    return f"{token}.zip"


class UploadForm(forms.Form):
    package = forms.FileField(
        label="Course package",
        help_text=f"A .zip file made by “Download package” or `manage.py export_course`, at "
        f"most {MAX_PACKAGE_BYTES // (1024 * 1024)} MB.",
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if upload.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB: it is not a "
                "course package."
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    publish = forms.BooleanField(
        required=False,
        label="Publish at once, without clinical review",
        help_text="Only for content already reviewed (a backup of this site, or the same "
        "course on another site). Otherwise the changes are saved as drafts to submit for "
        "review.",
    )


def administrators_only(view):
    """Importing writes course content past clinical review, and exporting copies all of
    it: only site administrators may. Anyone else gets a 403 page."""

    def guarded(request, *args, **kwargs):
        if not request.user.is_superuser:
            return TemplateResponse(request, "courses/admin/packages_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    guarded.__name__ = view.__name__
    guarded.__doc__ = view.__doc__
    return guarded


def _page(request, form=None, status=200, **context):
    context = {
        "courses": CoursePage.objects.order_by("path"),
        "form": form or UploadForm(),
        "page_title": "Course packages",
        "header_icon": "download",
        "max_mb": MAX_PACKAGE_BYTES // (1024 * 1024),
        **context,
    }
    return TemplateResponse(request, "courses/admin/packages.html", context, status=status)


@administrators_only
def packages_view(request):
    """The list of courses to download, and the upload form. A posted file is checked and
    previewed: nothing is written until the preview is confirmed."""
    if request.method != "POST":
        return _page(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data["package"].read()
    try:
        report = import_package(data, user=request.user, dry_run=True)
    except PackageError as error:
        form.add_error("package", f"This package cannot be imported: {error}")
        return _page(request, form, status=400)
    token = uuid.uuid4().hex
    _forget_upload(request)
    _remove_stale_uploads()
    upload_storage().save(upload_name(token), ContentFile(data))
    request.session[SESSION_KEY] = token
    context = {
        "report": report,
        "confirm_form": ConfirmForm(initial={"token": token}),
        "page_title": "Course packages: preview",
        "header_icon": "upload",
        "filename": form.cleaned_data["package"].name,
    }
    return TemplateResponse(request, "courses/admin/package_preview.html", context)


@administrators_only
@require_POST
def import_view(request):
    """Import the package the session's preview was of."""
    form = ConfirmForm(request.POST)
    token = request.session.get(SESSION_KEY)
    storage = upload_storage()
    name = upload_name(token) if token else None
    if not form.is_valid() or form.cleaned_data["token"] != token or not storage.exists(name):
        messages.error(request, "That preview has expired: upload the package again.")
        return redirect("course_packages")
    publish = form.cleaned_data["publish"]
    try:
        with storage.open(name, "rb") as upload:
            data = upload.read()
        report = import_package(data, user=request.user, publish=publish)
    except PackageError as error:
        messages.error(request, f"The package was not imported: {error}")
        return redirect("course_packages")
    finally:
        _forget_upload(request)
    context = {
        "report": report,
        "page_title": "Course packages: imported",
        "header_icon": "upload",
        "course": CoursePage.objects.filter(pk=report.course_id).first(),
    }
    return TemplateResponse(request, "courses/admin/package_preview.html", context)


@administrators_only
def export_view(request, pk):
    course = get_object_or_404(CoursePage, pk=pk)
    try:
        data = export_course(course)
    except PackageError as error:
        messages.error(request, f"“{course.title}” cannot be exported: {error}")
        return redirect("course_packages")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_filename(course)}"'
    return response


def _remove_stale_uploads():
    """Uploads previewed and never confirmed are removed after a day."""
    storage = upload_storage()
    try:
        _folders, files = storage.listdir("")
    except FileNotFoundError:  # nothing uploaded yet
        return
    cutoff = timezone.now() - STALE_AFTER
    for name in files:
        if name.endswith(".zip") and storage.get_modified_time(name) < cutoff:
            storage.delete(name)


def _forget_upload(request):
    token = request.session.pop(SESSION_KEY, None)
    if token:
        upload_storage().delete(upload_name(token))
