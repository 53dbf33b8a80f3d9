from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from courses.evidence_report import (
    FlaggedCitationsReportView,
    FlaggedSourcesSummaryItem,
    warn_about_flagged_sources,
    warn_on_saving_flagged_citations,
)
from courses.item_warnings import warn_about_items
from courses.models import CoursePage, EthicsCode
from courses.progress_impact import DELETE, MOVE, progress_impact
from courses.publishing import refusals
from courses.viewsets import EthicsCodeViewSet, ReferenceViewSet

register_snippet(ReferenceViewSet)
register_snippet(EthicsCodeViewSet)
hooks.register("after_create_page", warn_about_items)
hooks.register("after_edit_page", warn_about_items)
hooks.register("before_edit_page", warn_about_flagged_sources)
hooks.register("after_create_page", warn_on_saving_flagged_citations)
hooks.register("after_edit_page", warn_on_saving_flagged_citations)


@hooks.register("register_admin_urls")
def flagged_citations_urls():
    view = FlaggedCitationsReportView
    return [
        path("reports/flagged-sources/", view.as_view(), name="flagged_citations"),
        path(
            "reports/flagged-sources/results/",
            view.as_view(results_only=True),
            name="flagged_citations_results",
        ),
    ]


@hooks.register("construct_homepage_summary_items")
def flagged_sources_summary(request, items):
    items.append(FlaggedSourcesSummaryItem(request))


@hooks.register("register_reports_menu_item")
def flagged_citations_menu_item():
    return MenuItem(
        "Flagged sources",
        reverse("flagged_citations"),
        name="flagged-sources",
        icon_name="warning",
        order=40,
    )


@hooks.register("before_delete_snippet")
def keep_codes_of_ethics_in_use(request, instances):
    """A version of the code that trainees have attested to, or that a course requires, is
    kept: deleting it would lose the text the attestations were made to."""
    kept = [
        code
        for code in instances
        if isinstance(code, EthicsCode)
        and (code.is_attested() or CoursePage.objects.filter(ethics_code=code).exists())
    ]
    if not kept:
        return None
    names = ", ".join(f"“{code}”" for code in kept)
    messages.error(
        request,
        f"Nothing was deleted: {names} {'is' if len(kept) == 1 else 'are'} required by a course "
        "or attested to by trainees, and attestations keep the version they were made to. "
        "Write a new version instead.",
    )
    return redirect("wagtailsnippets_courses_ethicscode:list")


# Deleting or unpublishing course content changes enrolled trainees' progress; clinical
# reviewers hold the publish right only so that approving publishes. Those two actions stay
# with site administrators.
REMOVAL_MESSAGE = (
    "Only a site administrator can delete or unpublish course content, because it changes "
    "enrolled trainees' progress. Ask one to do it."
)


def _refuse_removal(request, page):
    if request.user.is_superuser:
        return None
    messages.error(request, REMOVAL_MESSAGE)
    return redirect("wagtailadmin_pages:edit", page.pk)


hooks.register("before_delete_page", _refuse_removal)
hooks.register("before_unpublish_page", _refuse_removal)


def _tell_what_it_does(request, page, action):
    """On the delete and move confirmation pages: how many enrolled trainees' progress the
    action changes. (The unpublish and bulk publish pages say it in their templates, in
    `templates/wagtailadmin/pages/`: their hooks run only once confirmed.)"""
    if request.method == "GET" and (impact := progress_impact(page, action)):
        messages.warning(request, impact)


hooks.register(
    "before_delete_page", lambda request, page: _tell_what_it_does(request, page, DELETE)
)
hooks.register(
    "before_move_page",
    lambda request, page, destination: _tell_what_it_does(request, page, MOVE),
)


@hooks.register("before_bulk_action")
def refuse_bulk_removal(request, action_type, objects, action_class):
    if action_type not in ("delete", "unpublish") or request.user.is_superuser:
        return None
    if action_class.model is not Page:
        return None
    messages.error(request, REMOVAL_MESSAGE)
    return redirect("wagtailadmin_explore_root")


@hooks.register("before_bulk_action")
def refuse_invalid_bulk_publish(request, action_type, objects, action_class):
    """A listing's bulk Publish publishes saved revisions without their edit forms: check
    each (and, when asked to include them, its unpublished descendants) as the edit form
    would, and publish nothing if any would be refused."""
    if action_type != "publish" or action_class.model is not Page:
        return None
    pages = list(objects)
    if request.POST.get("include_descendants"):
        for page in list(pages):
            pages += [
                descendant
                for descendant in page.get_descendants().not_live().specific()
                if descendant.permissions_for_user(request.user).can_publish()
            ]
    found = refusals(pages)
    if not found:
        return None
    for refusal in found:
        messages.error(request, refusal)
    messages.error(request, "Nothing was published. Correct the pages named and publish again.")
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


# Course packages (export and import of whole courses) register their own admin page.
from courses.packages import wagtail_hooks as package_hooks  # noqa: E402, F401
