"""The admin's report of pages that cite a corrected or retracted source, and the warning an
author sees when opening such a page to edit it."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from courses.evidence import (
    flagged_citations,
    flagged_references_cited_by,
    flagged_references_in,
    unrevised,
)
from courses.learning.spreadsheet_cells import neutralise


def _edit_url(row) -> str:
    return reverse("wagtailadmin_pages:edit", args=[row.page.pk])


def _page_type(row) -> str:
    return str(row.page.get_verbose_name()).capitalize()


class FlaggedCitationsReportView(ReportView):
    page_title = "Flagged sources"
    header_icon = "warning"
    index_url_name = "flagged_citations"
    index_results_url_name = "flagged_citations_results"
    paginate_by = 50
    columns = [
        TitleColumn("page", label="Page", accessor="page.title", get_url=_edit_url),
        Column("type", label="Type", accessor=_page_type),
        Column("live", label="Published", accessor="page.status_string"),
        Column("reference", label="Cites", accessor="reference.short_citation"),
        Column("status", label="Source status", accessor="reference.get_status_display"),
        DateColumn("since", label="Since", accessor="reference.status_changed_on"),
        Column(
            "revised", label="Revised since", accessor=lambda row: "Yes" if row.revised else "No"
        ),
    ]
    list_export = [
        "page.title",
        "page.full_url",
        "page.status_string",
        "reference.short_citation",
        "reference.title",
        "reference.get_status_display",
        "reference.status_changed_on",
        "reference.notice_url",
        "revised",
    ]
    export_headings = {
        "page.title": "Page",
        "page.full_url": "Page URL",
        "page.status_string": "Published",
        "reference.short_citation": "Cites",
        "reference.title": "Source title",
        "reference.get_status_display": "Source status",
        "reference.status_changed_on": "Since",
        "reference.notice_url": "Notice",
        "revised": "Revised since",
    }
    custom_field_preprocess = {
        field: {"csv": neutralise, "xlsx": neutralise}
        for field in ("page.title", "reference.short_citation", "reference.title")
    }

    def get_queryset(self):
        # Pages still to revise first.
        return sorted(flagged_citations(), key=lambda row: row.revised)

    def get_filename(self):
        return f"flagged-sources-{timezone.localdate():%Y-%m-%d}"


def warn_about_flagged_sources(request, page):
    """Opening a page to edit it: say which corrected or retracted sources it cites."""
    if request.method != "GET":
        return None
    for reference in flagged_references_cited_by(page):
        since = (
            f" on {reference.status_changed_on:%-d %B %Y}" if reference.status_changed_on else ""
        )
        messages.warning(
            request,
            format_html(
                "This page cites {}, which was {}{}. Check the claims that rest on it, revise "
                "them, and send the page for clinical review.",
                reference.short_citation,
                reference.get_status_display().lower(),
                since,
            ),
        )
    return None


def warn_on_saving_flagged_citations(request, page):
    """Saving a page (a draft or published): say which corrected or retracted sources the
    content just saved cites, including one the author has just chosen. It never blocks the
    save. An autosave (a JSON request) has no page to land on, so it gets none."""
    if not request.accepts("text/html"):
        return None
    for reference in flagged_references_in(page):
        since = (
            f" on {reference.status_changed_on:%-d %B %Y}" if reference.status_changed_on else ""
        )
        notice = (
            format_html(' (<a href="{}">the notice</a>)', reference.notice_url)
            if reference.notice_url
            else ""
        )
        messages.warning(
            request,
            format_html(
                "“{}” cites {}, which was {}{}{}. Do not rest a claim on a retracted source; "
                "check a corrected one against its correction before sending the page for "
                "clinical review.",
                page.title,
                reference.short_citation,
                reference.get_status_display().lower(),
                since,
                notice,
            ),
        )
    return None


class FlaggedSourcesSummaryItem(SummaryItem):
    """On the admin dashboard: how many pages cite a corrected or retracted source and have
    not been revised since it was marked."""

    order = 500
    template_name = "courses/admin/flagged_sources_summary.html"

    def get_context_data(self, parent_context):
        pages = {row.page.pk for row in unrevised(flagged_citations())}
        return {"count": len(pages)}
