from wagtail.snippets.models import register_snippet

from courses.viewsets import ReferenceViewSet

register_snippet(ReferenceViewSet)
