from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.item_warnings import warn_about_items
from courses.viewsets import ReferenceViewSet

register_snippet(ReferenceViewSet)
hooks.register("after_create_page", warn_about_items)
hooks.register("after_edit_page", warn_about_items)
