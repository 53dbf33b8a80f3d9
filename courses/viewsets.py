"""Admin views for course data that lives outside the page tree."""

from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import EthicsCode, Reference


class ReferenceViewSet(SnippetViewSet):
    model = Reference
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
