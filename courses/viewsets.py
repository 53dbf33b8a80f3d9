"""Admin views for course data that lives outside the page tree."""

from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import EthicsCode, Reference


def source_status(reference: Reference) -> str:
    """ "Current", or e.g. "Retracted since 3 May 2024: do not cite it for a claim"."""
    if not reference.is_flagged:
        return reference.get_status_display()
    since = f" since {reference.status_changed_on:%-d %B %Y}" if reference.status_changed_on else ""
    advice = {
        Reference.Status.RETRACTED: "do not cite it for a claim",
        Reference.Status.CORRECTED: "check the correction",
    }.get(reference.status, "")
    return f"{reference.get_status_display()}{since}" + (f": {advice}" if advice else "")


class StatusColumnMixin:
    """The reference chooser shows each source's status, so that an author sees a corrected
    or retracted source before citing it."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("year", label="Year", sort_key=None),
            Column("status", label="Status", accessor=source_status, sort_key=None),
        ]


class ReferenceChooseView(StatusColumnMixin, ChooseView):
    pass


class ReferenceChooseResultsView(StatusColumnMixin, ChooseResultsView):
    pass


class ReferenceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ReferenceChooseView
    choose_results_view_class = ReferenceChooseResultsView


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    chooser_viewset_class = ReferenceChooserViewSet
    icon = "doc-full"
    menu_label = "References"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["short_citation", "title", "journal", "year", "status"]
    list_filter = ["status", "year"]
    ordering = ["authors", "year"]


class EthicsCodeViewSet(SnippetViewSet):
    model = EthicsCode
    icon = "doc-full-inverse"
    menu_label = "Codes of ethics"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "version", "effective_on"]
    list_filter = ["title"]
    ordering = ["title", "-version"]
