"""The admin's approval of a clinical review, refusing content that could not go live.

Approving the last task of a workflow publishes the page's latest revision without its edit
form, so the approval itself checks that revision first: a refused approval is not recorded,
and the reviewer reads which page and why, on the page's edit view.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView

from courses.publishing import describe_refusal, revision_problems


class CheckedWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        revision = self.object.get_latest_revision()
        problems = revision_problems(revision) if self.action_name == "approve" and revision else []
        if not problems:
            return super().post(request, *args, **kwargs)
        page = revision.as_object()
        messages.error(
            request,
            describe_refusal(page, problems)
            + " It was not approved: request changes from the author instead.",
        )
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
        return redirect(edit_url)
