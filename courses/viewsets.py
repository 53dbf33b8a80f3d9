"""Admin views for course data that lives outside the page tree."""

from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import Reference


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = "References"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["short_citation", "title", "journal", "year", "status"]
    list_filter = ["status", "year"]
    ordering = ["authors", "year"]
